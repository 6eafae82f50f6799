package dev.lifeboat.events.verification;

/**
 * What a verification checked. CHANGE_ARCHIVE: a point-in-time change archive's segments read back whole and continuous.
 * SECOND_COPY: a verified backup's copy in the second bucket written, checked against its manifest's SHA-256 on the way.
 */
public enum VerificationCheck { CHECKSUM, ARCHIVE, RESTORE_TEST, ROW_COUNTS, FK_INTEGRITY, FRESHNESS, CHANGE_ARCHIVE, SECOND_COPY }
