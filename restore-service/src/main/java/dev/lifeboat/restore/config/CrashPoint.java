package dev.lifeboat.restore.config;

/** Where a test makes a restore stop as if its service were killed ({@link RestoreConfig#simulateCrashAt()}). */
public enum CrashPoint {
    /** The copy's database (staging, or the new database) exists and is being filled by {@code pg_restore}. */
    COPY_STARTED,
    /** IN_PLACE: the live database refuses new connections, the swap not yet begun. */
    CONNECTIONS_REFUSED,
    /** IN_PLACE: inside the swap's transaction, the live database renamed aside and staging not yet renamed in. */
    BETWEEN_RENAMES,
    /** IN_PLACE: the swap committed, not yet journaled, the post-swap check not yet run. */
    SWAPPED,
    /** TABLES into the live database: the rows replaced inside the transaction, not yet committed. */
    ROWS_REPLACED,
    /** The restore's ending committed (its record's final status, and its event in the outbox), nothing after it run. */
    ENDED
}
