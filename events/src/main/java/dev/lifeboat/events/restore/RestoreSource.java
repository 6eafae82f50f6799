package dev.lifeboat.events.restore;

import dev.lifeboat.events.data.OptionalField;

import java.time.Instant;

/**
 * Which backup to restore from.
 *
 * @param kind                 {@code BACKUP_ID} (needs {@code backupId}), {@code LATEST}, or {@code POINT_IN_TIME}: for a
 *                             database captured for point-in-time restore, the newest backup aligned to its change
 *                             stream at or before {@code pointInTime} with the changes after it replayed up to that
 *                             moment; otherwise the newest good backup at or before it
 * @param includeSafetyBackups whether {@code LATEST} and {@code POINT_IN_TIME} may choose a {@code PRE_RESTORE} safety
 *                             backup: the state an earlier restore replaced, often the damaged data. Absent or false:
 *                             they are skipped (a {@code BACKUP_ID} names any backup)
 * @param beforeTransaction    in place of {@code pointInTime}: a captured transaction, by its commit position (LSN, such as
 *                             {@code 0/3A2F000}) or by its id ({@code xid}, such as {@code 5126}; the newest captured
 *                             transaction of that id), as the change timeline shows them (a 64-bit id, as
 *                             {@code pg_current_xact_id()} shows it, by its low 32 bits); the restore is the database just
 *                             before that transaction committed, with every transaction committed before it, exact to the
 *                             transaction
 */
public record RestoreSource(Kind kind, @OptionalField String backupId, @OptionalField Instant pointInTime,
                            @OptionalField Boolean includeSafetyBackups, @OptionalField String beforeTransaction) {

    /** A commit position as PostgreSQL writes it: two halves of 1 to 8 hex digits. */
    private static final java.util.regex.Pattern LSN = java.util.regex.Pattern.compile("[0-9A-Fa-f]{1,8}/[0-9A-Fa-f]{1,8}");

    /**
     * A transaction id as PostgreSQL shows it: decimal, 32 bits ({@code xid}), or 64 bits with the wraparound epoch above
     * them ({@code xid8}: {@code pg_current_xact_id()}, {@code txid_current()}).
     */
    private static final java.util.regex.Pattern XID = java.util.regex.Pattern.compile("[0-9]{1,20}");
    private static final long MAX_XID = 0xFFFF_FFFFL;

    public enum Kind { BACKUP_ID, LATEST, POINT_IN_TIME }

    public RestoreSource {
        if (kind == Kind.BACKUP_ID && (backupId == null || backupId.isBlank())) {
            throw new IllegalArgumentException("source.backupId is required when source.kind is BACKUP_ID");
        }
        if (kind == Kind.POINT_IN_TIME && (pointInTime == null) == (beforeTransaction == null)) {
            throw new IllegalArgumentException("source.pointInTime or source.beforeTransaction (one of them) is required when"
                    + " source.kind is POINT_IN_TIME");
        }
        if (beforeTransaction != null && (kind != Kind.POINT_IN_TIME
                || !(LSN.matcher(beforeTransaction).matches() || transactionId(beforeTransaction).isPresent()))) {
            throw new IllegalArgumentException("source.beforeTransaction must be a transaction's commit position such as"
                    + " 0/3A2F000 or its id such as 5126 (lifeboat changes shows both), with source.kind POINT_IN_TIME");
        }
    }

    /** A source that skips safety backups. */
    public RestoreSource(Kind kind, String backupId, Instant pointInTime) {
        this(kind, backupId, pointInTime, null, null);
    }

    /** A source that names no transaction. */
    public RestoreSource(Kind kind, String backupId, Instant pointInTime, Boolean includeSafetyBackups) {
        this(kind, backupId, pointInTime, includeSafetyBackups, null);
    }

    /** The transaction id {@code beforeTransaction} names, when it names the transaction by its id (else by its commit position). */
    public java.util.OptionalLong beforeTransactionId() {
        return beforeTransaction == null ? java.util.OptionalLong.empty() : transactionId(beforeTransaction);
    }

    private static java.util.OptionalLong transactionId(String text) {
        if (!XID.matcher(text).matches()) {
            return java.util.OptionalLong.empty();
        }
        long value;
        try {
            value = Long.parseUnsignedLong(text); // an xid8 is unsigned
        } catch (NumberFormatException beyond64Bits) {
            return java.util.OptionalLong.empty();
        }
        long xid = value & MAX_XID; // the stream carries 32 bits: a 64-bit id's epoch is dropped
        return xid == 0 ? java.util.OptionalLong.empty() : java.util.OptionalLong.of(xid);
    }

    /** Whether a safety backup ({@code PRE_RESTORE}) may be chosen. */
    public boolean safetyBackupsIncluded() {
        return Boolean.TRUE.equals(includeSafetyBackups);
    }
}
