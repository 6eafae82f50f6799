package dev.lifeboat.events.restore;

/** One check after a restore: {@code check} is ROW_COUNTS, FK_INTEGRITY, SEQUENCES, SCHEMA_OBJECTS or FRESHNESS_COLUMNS. */
public record ValidationResult(String check, boolean passed, String details) {
}
