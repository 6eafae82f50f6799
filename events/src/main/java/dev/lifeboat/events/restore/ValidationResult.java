package dev.lifeboat.events.restore;

/** One check after a restore, e.g. {@code ROW_COUNTS}, {@code FK_INTEGRITY}, {@code SEQUENCES}. */
public record ValidationResult(String check, boolean passed, String details) {
}
