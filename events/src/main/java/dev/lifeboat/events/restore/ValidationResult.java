package dev.lifeboat.events.restore;

/**
 * One check after a restore: {@code check} is ROW_COUNTS, ROW_DIGESTS, FK_INTEGRITY, SEQUENCES, SCHEMA_OBJECTS or FRESHNESS_COLUMNS;
 * MATERIALIZED_VIEWS (passed, a notice) names the views a restore to a second recomputed from the backup's rows.
 */
public record ValidationResult(String check, boolean passed, String details) {
}
