package dev.lifeboat.events.backup;

/** What asked for a backup. */
public enum BackupTrigger {
    /** The database's cron schedule. */
    SCHEDULE,
    /** A person, through the REST API. */
    MANUAL,
    /** The restore service, before it changes a live database. */
    PRE_RESTORE,
    /** Another system, by publishing {@code BackupRequested}. */
    EXTERNAL,
    /**
     * The change capture, after a table's definition changed: the stream carries no DDL, and the backup ends the
     * seconds point-in-time restore cannot replay.
     */
    SCHEMA_CHANGE,
    /**
     * The change capture, after a restore in place replaced a captured database: the backup of the new live database
     * starts its restorable window again (its labels name the {@code restoreId}).
     */
    AFTER_RESTORE,
    /**
     * The change capture, once the changes since the newest aligned backup would take longer to replay than the
     * database's replay budget ({@code pointInTime.maxReplay}): a restore to any second then replays at most about that
     * long (its labels give the estimate and the rate it came from).
     */
    REPLAY_BUDGET
}
