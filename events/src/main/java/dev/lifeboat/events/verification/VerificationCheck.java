package dev.lifeboat.events.verification;

/**
 * What a verification checked. CHANGE_ARCHIVE: a point-in-time change archive's segments read back whole and continuous.
 */
public enum VerificationCheck { CHECKSUM, ARCHIVE, RESTORE_TEST, ROW_COUNTS, FK_INTEGRITY, FRESHNESS, CHANGE_ARCHIVE }
