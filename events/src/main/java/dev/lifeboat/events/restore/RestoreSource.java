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
 * @param beforeTransaction    in place of {@code pointInTime}: the commit position (LSN, as the change timeline shows it)
 *                             of a captured transaction; the restore is the database just before that transaction committed,
 *                             with every transaction committed before it, exact to the transaction
 */
public record RestoreSource(Kind kind, @OptionalField String backupId, @OptionalField Instant pointInTime,
                            @OptionalField Boolean includeSafetyBackups, @OptionalField String beforeTransaction) {

    /** A commit position as PostgreSQL writes it: two halves of 1 to 8 hex digits. */
    private static final java.util.regex.Pattern LSN = java.util.regex.Pattern.compile("[0-9A-Fa-f]{1,8}/[0-9A-Fa-f]{1,8}");

    public enum Kind { BACKUP_ID, LATEST, POINT_IN_TIME }

    public RestoreSource {
        if (kind == Kind.BACKUP_ID && (backupId == null || backupId.isBlank())) {
            throw new IllegalArgumentException("source.backupId is required when source.kind is BACKUP_ID");
        }
        if (kind == Kind.POINT_IN_TIME && (pointInTime == null) == (beforeTransaction == null)) {
            throw new IllegalArgumentException("source.pointInTime or source.beforeTransaction (one of them) is required when"
                    + " source.kind is POINT_IN_TIME");
        }
        if (beforeTransaction != null && (kind != Kind.POINT_IN_TIME || !LSN.matcher(beforeTransaction).matches())) {
            throw new IllegalArgumentException("source.beforeTransaction must be a transaction's commit position such as"
                    + " 0/3A2F000 (lifeboat changes shows them), with source.kind POINT_IN_TIME");
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

    /** Whether a safety backup ({@code PRE_RESTORE}) may be chosen. */
    public boolean safetyBackupsIncluded() {
        return Boolean.TRUE.equals(includeSafetyBackups);
    }
}
