package dev.lifeboat.backup.config;

import dev.lifeboat.events.backup.Compression;
import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

import java.time.Duration;

/** How backups are taken: the dump pipeline, the workers that run it, and retries. */
@ConfigMapping(prefix = "lifeboat.backup")
public interface BackupConfig {

    /** The {@code pg_dump} executable; its major version must not be older than the servers'. */
    @WithDefault("pg_dump")
    String pgDump();

    /** Compression of the archive: ZSTD (default), GZIP (for compatibility) or NONE. */
    @WithDefault("ZSTD")
    Compression compression();

    /** Compression level: zstd 1–19, gzip 1–9. 1 is fastest; the default keeps pace with {@code pg_dump}. */
    @WithDefault("1")
    int compressionLevel();

    /** zstd worker threads (0 compresses on the dump's own thread). */
    @WithDefault("2")
    int compressionWorkers();

    /** S3 multipart part size in bytes (at least 5 MiB). Memory per running backup is about (uploads-in-flight + 1) parts. */
    @WithDefault("16777216")
    int partSizeBytes();

    /** Parts uploaded at once while the next one fills. */
    @WithDefault("2")
    int uploadsInFlight();

    /** Backups running at once in this replica (of different databases: one database is never backed up twice at once). */
    @WithDefault("2")
    int maxConcurrent();

    /** How long a backup waits for the database's lock (held by another backup or a restore) before it fails with LOCK_TIMEOUT. */
    @WithDefault("PT30M")
    Duration lockWait();

    /** After this long without a heartbeat a running request is considered dead (its replica crashed) and retried. */
    @WithDefault("PT2M")
    Duration staleAfter();

    /**
     * How long a deleted backup (a delete call or retention) is kept, objects and catalog entry, listed as deleted and
     * undeletable, before the retention sweep purges it.
     */
    @WithDefault("P7D")
    Duration deletedKeptFor();

    /** Retries of failures that may pass (connection, storage, lock): attempts in all, and the backoff. */
    Retry retry();

    interface Retry {
        /** Attempts in all, the first included. */
        @WithDefault("3")
        int maxAttempts();

        /** Delay before the second attempt; it doubles for each further one. */
        @WithDefault("PT30S")
        Duration initialDelay();

        /** The longest delay between attempts. */
        @WithDefault("PT10M")
        Duration maxDelay();
    }
}
