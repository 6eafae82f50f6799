package dev.lifeboat.restore.step;

/** The steps of a restore, in the order they run; each is recorded with its timing. */
public enum RestoreStep {
    /** Find the backup (by id, latest, or at a point in time) and check the request against its manifest. */
    RESOLVE_SOURCE,
    /** A PRE_RESTORE backup of the live database, awaited. */
    SAFETY_BACKUP,
    /** The per-database advisory lock that backups and restores share. */
    LOCK,
    /** Create the database the archive is restored into (the new one, or a staging one). */
    PREPARE_TARGET,
    /** Stream the archive from the bucket, checking its checksum and encryption tags, into {@code pg_restore}. */
    PG_RESTORE,
    /** D1: the verified export run into the database ({@code wrangler d1 execute --file}; a local whole database in batches of 1 MiB). */
    LOAD,
    /**
     * POINT_IN_TIME of a captured database: the change archive's transactions after the backup's stream position,
     * applied in commit order up to the moment (only the chosen tables' changes, for TABLES).
     */
    REPLAY,
    /** Row counts, foreign keys and sequences of the restored database (before anything live changes). */
    VALIDATION,
    /** TABLES into the live database: replace the tables' rows in one transaction, validated before commit. */
    COPY_TABLES,
    /** IN_PLACE: rename the live database aside and the staging one into its place. */
    SWAP,
    /** IN_PLACE: the swapped-in database answers, and the configured smoke query succeeds. */
    POST_SWAP_CHECK,
    /** IN_PLACE after a failed post-swap check: the previous database is put back. */
    ROLLBACK,
    /** Drop what the restore no longer needs (a staging database). */
    CLEANUP,
    /**
     * A restore whose service stopped, ended from its journal by a replica: the live database accepting
     * connections under its name, staging dropped, a committed swap checked (or put back).
     */
    RECOVERY
}
