package dev.lifeboat.backup.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

import java.time.Duration;

/**
 * How often the background tasks run. The same keys drive the {@code @Scheduled} methods, so they are
 * also set in {@code application.properties}; durations like {@code 1s} or {@code PT1S}.
 */
@ConfigMapping(prefix = "lifeboat.tasks")
public interface TasksConfig {

    /** How often a replica looks for due backup requests. */
    @WithDefault("1s")
    Duration backupPoll();

    /**
     * How often running backups renew their heartbeat (keep well under lifeboat.backup.stale-after) and record how far
     * they have come (the request's {@code progress}).
     */
    @WithDefault("5s")
    Duration backupHeartbeat();

    /** How often the outbox relay publishes committed events. */
    @WithDefault("1s")
    Duration outboxRelay();

    /** How often cron schedules are checked for a due slot. */
    @WithDefault("15s")
    Duration scheduleTick();

    /** How often retention expires backups. */
    @WithDefault("1h")
    Duration retentionSweep();

    /** How often the per-database gauges are set again from the catalog and the registry (so they hold across a restart). */
    @WithDefault("30s")
    Duration metricsRefresh();

    /** How often the backup queue's gauges (waiting and running per server, the longest wait) are set from the queue. */
    @WithDefault("5s")
    Duration queueGauges();

    /**
     * How often each replica claims (or renews) the captures of databases registered with point-in-time, starts and
     * stops its own, and drops the slots of databases no longer captured. Keep well under lifeboat.capture.lease-term.
     */
    @WithDefault("5s")
    Duration captureTick();

    /** How often open multipart uploads of failed or dead backups are aborted. */
    @WithDefault("5m")
    Duration abandonedUploadSweep();
}
