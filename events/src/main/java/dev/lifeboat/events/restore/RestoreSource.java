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
 */
public record RestoreSource(Kind kind, @OptionalField String backupId, @OptionalField Instant pointInTime,
                            @OptionalField Boolean includeSafetyBackups) {

    public enum Kind { BACKUP_ID, LATEST, POINT_IN_TIME }

    public RestoreSource {
        if (kind == Kind.BACKUP_ID && (backupId == null || backupId.isBlank())) {
            throw new IllegalArgumentException("source.backupId is required when source.kind is BACKUP_ID");
        }
        if (kind == Kind.POINT_IN_TIME && pointInTime == null) {
            throw new IllegalArgumentException("source.pointInTime is required when source.kind is POINT_IN_TIME");
        }
    }

    /** A source that skips safety backups. */
    public RestoreSource(Kind kind, String backupId, Instant pointInTime) {
        this(kind, backupId, pointInTime, null);
    }

    /** Whether a safety backup ({@code PRE_RESTORE}) may be chosen. */
    public boolean safetyBackupsIncluded() {
        return Boolean.TRUE.equals(includeSafetyBackups);
    }
}
