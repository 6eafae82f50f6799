package dev.lifeboat.events.verification;

/** What a verification checked. */
public enum VerificationCheck { CHECKSUM, ARCHIVE, RESTORE_TEST, ROW_COUNTS, FK_INTEGRITY, FRESHNESS }
