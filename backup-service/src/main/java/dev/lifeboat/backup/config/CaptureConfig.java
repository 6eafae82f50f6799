package dev.lifeboat.backup.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;

/** Point-in-time capture of the databases registered with {@code pointInTime}: the change stream into segments. */
@ConfigMapping(prefix = "lifeboat.capture")
public interface CaptureConfig {

    /**
     * A segment is stored by the time its first transaction is this old: the RPO (a commit is in the bucket within
     * about this long). It closes early by what storing the last one took (a quarter of this before the first).
     */
    @WithDefault("PT10S")
    Duration segmentAge();

    /** Or once its changes reach about this many bytes (of JSON, before compression). */
    @WithDefault("16777216")
    long segmentBytes();

    /** How often an idle stream is proven complete up to now (a logical message through the stream). */
    @WithDefault("PT10S")
    Duration heartbeat();

    /**
     * How often the catalog is looked at: for new tables (they join the publication), and, where the capture's role may
     * not create Lifeboat's event trigger, for schema changes (a gap from the last look; the archive is called complete
     * no further than the last look). With the event trigger it looks at least every 15 s.
     */
    @WithDefault("PT1S")
    Duration tablePoll();

    /**
     * How much of one open transaction is held in memory (bytes of JSON, roughly): a larger one (a bulk load, an UPDATE
     * of a whole table) spills to {@code spill-directory} until it commits and is stored as a segment of its own.
     */
    @WithDefault("33554432")
    long transactionMemory();

    /** Where large transactions wait for their commit; defaults to the JVM's temporary directory. */
    Optional<Path> spillDirectory();

    /** zstd level of segments (1–19). */
    @WithDefault("3")
    int compressionLevel();

    /** How long a replica's claim on a database's capture holds without renewal; another replica takes over after it. */
    @WithDefault("PT30S")
    Duration leaseTerm();

    /**
     * How long capture may fail before it is reported stopped ({@code CaptureStopped}): a failure that passes by itself
     * (the source restarting, a takeover waiting for the old stream to end) is not. A preflight that fails (wal_level,
     * REPLICATION) or a missing credential is reported at once.
     */
    @WithDefault("PT1M")
    Duration stoppedAfter();

    /**
     * The WAL a capture's slot may keep on the source before {@code CaptureRetainingWal} tells of it (once as it passes,
     * again after it fell below half): 10 GiB. The one home of the figure: the point-in-time API answers it, the metric
     * {@code lifeboat_capture_retained_wal_limit_bytes} carries it to the alert {@code LifeboatCaptureRetainingWal}, and
     * {@code lifeboat status} reads it from the API.
     */
    @WithDefault("10737418240")
    long retainedWalLimit();

    /**
     * The replay rate (row changes a second) the replay budget assumes for a database before a replay of it was
     * measured (a restore to the second or a restore test of at least 10,000 row changes leaves its rate in the
     * bucket). Low on purpose: a 2-core machine replays a pgbench load at about 100,000 a second.
     */
    @WithDefault("20000")
    double assumedReplayRate();

    /** Retries of a capture that failed: the delay before the second attempt, doubled for each further one. */
    @WithDefault("PT5S")
    Duration retryInitialDelay();

    /**
     * The longest delay between attempts: an attempt is one connection, and this bounds how long capture stays off once
     * its database is back (after a restore in place, whose swap fails the stream, or a restart), as the segment age
     * bounds how far behind a streaming capture is.
     */
    @WithDefault("PT10S")
    Duration retryMaxDelay();

    /**
     * The longest delay between attempts after a failure that will not pass by itself (authentication, a missing grant
     * or database): tries of a wrong password can lock an account on a managed service, so they stay minutes apart.
     */
    @WithDefault("PT5M")
    Duration retryMaxDelayLasting();
}
