package dev.lifeboat.verifier.freshness;

import java.time.Duration;
import java.time.Instant;

/**
 * How well one database is protected now: the one truth that {@code GET /api/protection}, {@code lifeboat status}, the
 * {@code lifeboat_backup_age_seconds} gauge (Grafana, the RPO alert) and the freshness breach events all read.
 * <p>
 * Data is protected up to its newest verified backup's completion; for a database captured for point-in-time restore,
 * up to where its change archive is checked after that backup (no further than a gap found in it). A database with no
 * verified backup counts its age from when the verifier first saw it.
 *
 * @param databaseId            the database
 * @param state                 {@link State}
 * @param rpo                   the recovery point objective it is held to (the verifier's own setting, else the registry's)
 * @param protectedUntil        the newest moment a restore can bring back, verified; null when no backup is verified
 * @param age                   from {@code protectedUntil} (or first seen) to now: the data a restore would lose now
 * @param by                    {@link By}
 * @param newestVerifiedBackupId the newest verified backup, or null
 * @param newestVerifiedAt      when that backup completed, or null
 * @param archiveVerifiedUntil  point-in-time: the moment up to which the change archive is checked; null when none
 * @param archiveFailure        point-in-time: the change archive's damage or break, null while it is whole
 * @param breachSince           since when the RPO is exceeded (the breach's {@code VerificationFailed(FRESHNESS)}), or null
 */
public record Protection(String databaseId, State state, Duration rpo, Instant protectedUntil, Duration age, By by,
                         String newestVerifiedBackupId, Instant newestVerifiedAt, Instant archiveVerifiedUntil, String archiveFailure,
                         Instant breachSince) {

    /** Whether the database is inside its RPO. */
    public enum State {
        /** Protected up to a moment inside the RPO. */
        PROTECTED,
        /** Its newest verified moment is older than the RPO. */
        RPO_EXCEEDED,
        /** No backup of it is verified yet (its age counts from when it was first seen). */
        NO_VERIFIED_BACKUP
    }

    /** What protects it up to {@code protectedUntil}. */
    public enum By {
        /** Nothing verified yet. */
        NOTHING,
        /** The newest verified backup. */
        BACKUP,
        /** The newest verified backup and its change archive checked after it (point-in-time). */
        CHANGE_ARCHIVE
    }

    /** The newest verified backup of a database, as far as protection needs it. */
    public record VerifiedBackup(String backupId, Instant completedAt) {
    }

    /**
     * Decides the protection of {@code database} at {@code now}, given its newest verified backup (null: none) and the RPO it
     * is held to.
     */
    public static Protection of(WatchedDatabase database, VerifiedBackup newest, Duration rpo, Instant now) {
        Instant point = newest == null ? database.firstSeenAt : newest.completedAt();
        By by = newest == null ? By.NOTHING : By.BACKUP;
        if (newest != null && database.archiveFailure == null && database.archiveVerifiedUntil != null
                && database.archiveVerifiedUntil.isAfter(point)) {
            Instant reached = database.archiveVerifiedUntil;
            // a gap found after that backup: the archive replays from it no further than the gap's start
            if (database.archiveGapFoundAt != null && database.archiveGapFoundAt.isAfter(point) && database.archiveGapFrom.isBefore(reached)) {
                reached = database.archiveGapFrom;
            }
            if (reached.isAfter(point)) {
                point = reached;
                by = By.CHANGE_ARCHIVE;
            }
        }
        Duration age = Duration.between(point, now);
        State state = newest == null ? State.NO_VERIFIED_BACKUP : age.compareTo(rpo) <= 0 ? State.PROTECTED : State.RPO_EXCEEDED;
        return new Protection(database.databaseId, state, rpo, newest == null ? null : point, age, by,
                newest == null ? null : newest.backupId(), newest == null ? null : newest.completedAt(), database.archiveVerifiedUntil,
                database.archiveFailure, database.inBreach ? database.breachSince : null);
    }

    /** Whether the database is inside its RPO now (a database without a verified backup is, until the RPO has passed since first seen). */
    public boolean fresh() {
        return age.compareTo(rpo) <= 0;
    }
}
