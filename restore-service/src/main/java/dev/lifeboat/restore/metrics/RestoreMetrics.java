package dev.lifeboat.restore.metrics;

import dev.lifeboat.runtime.progress.Progress;
import dev.lifeboat.runtime.progress.ProgressReading;
import dev.lifeboat.service.metrics.ProgressGauges;
import dev.lifeboat.restore.config.RestoreConfig;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * {@code lifeboat_restore_duration_seconds} (histogram, by database, target kind and outcome),
 * {@code lifeboat_restore_outcomes_total} (by database and outcome: COMPLETED, FAILED, ROLLED_BACK; each series at
 * zero from the start for every restore target, so that the first failure is an increase an alert sees),
 * {@code lifeboat_restore_running_seconds} (per database, how long its oldest restore running on this replica has
 * run; 0 when none), {@code lifeboat_restore_bytes_per_second} (stored archive bytes over the pg_restore step), and
 * {@code lifeboat_restore_failures_total} by database, step and code (with a series at zero, step and code
 * {@value #NO_FAILURE}, from the start for every restore target: the metric exists before the first failure, so the
 * dashboards' queries name a metric that is there).
 */
@ApplicationScoped
public class RestoreMetrics {

    /** The step and code of the zero series {@code lifeboat_restore_failures_total} has before any failure. */
    static final String NO_FAILURE = "NONE";

    /** How a restore ends, as the {@code outcome} tag. */
    public static final List<String> OUTCOMES = List.of("COMPLETED", "FAILED", "ROLLED_BACK");

    private final MeterRegistry registry;
    private final Clock clock;
    /** Per database, the start of each restore running on this replica, by restore id. */
    private final Map<String, Map<String, Instant>> running = new ConcurrentHashMap<>();
    private final ProgressGauges progress;

    @Inject
    public RestoreMetrics(MeterRegistry registry, Clock clock, RestoreConfig config) {
        this(registry, clock, config.databases().keySet());
    }

    /** @param targets the restore targets: each one's outcome series are there at zero from the start */
    RestoreMetrics(MeterRegistry registry, Clock clock, Set<String> targets) {
        this.registry = registry;
        this.clock = clock;
        this.progress = new ProgressGauges(registry, "lifeboat.restore", "Stored archive bytes of the running restore");
        targets.forEach(this::target);
    }

    /** A restore target (from the registry): its outcome series are there at zero from now on. */
    public void target(String databaseId) {
        OUTCOMES.forEach(outcome -> outcomes(databaseId, outcome));
        failures(databaseId, NO_FAILURE, NO_FAILURE);
    }

    /** A restore began on this replica; {@link #finished} ends it. */
    public void started(String databaseId, String restoreId, Instant at) {
        running.computeIfAbsent(databaseId, id -> {
            Map<String, Instant> restores = new ConcurrentHashMap<>();
            Gauge.builder("lifeboat.restore.running", restores, this::oldestRunningSeconds).baseUnit("seconds")
                    .description("How long the database's oldest restore running on this replica has run; 0 when none")
                    .tags("database", id).register(registry);
            return restores;
        }).put(restoreId, at);
    }

    public void finished(String databaseId, String restoreId, String targetKind, String outcome, Duration duration) {
        Timer.builder("lifeboat.restore.duration").description("Time from a restore's start to its end")
                .tags("database", databaseId, "target", targetKind, "outcome", outcome)
                .publishPercentileHistogram().register(registry).record(duration);
        outcomes(databaseId, outcome).increment();
        notRunning(databaseId, restoreId);
    }

    /** How far the database's running restore has read its archive (the heartbeat's reading). */
    public void progress(String databaseId, Progress work, ProgressReading reading) {
        progress.show(databaseId, work, reading);
    }

    /** The restore no longer runs on this replica (it ended, or another attempt took it over). */
    public void notRunning(String databaseId, String restoreId) {
        Map<String, Instant> restores = running.get(databaseId);
        if (restores != null) {
            restores.remove(restoreId);
        }
    }

    /** This restore of the database ended. */
    public void idle(String databaseId, Progress work) {
        progress.idle(databaseId, work);
    }

    public void throughput(String databaseId, long storedBytes, Duration pgRestore) {
        if (pgRestore.toMillis() > 0) {
            DistributionSummary.builder("lifeboat.restore.bytes.per.second").description("Stored archive bytes restored per second")
                    .tags("database", databaseId).register(registry).record(storedBytes * 1000.0 / pgRestore.toMillis());
        }
    }

    public void failed(String databaseId, String step, String code) {
        failures(databaseId, step, code).increment();
    }

    private Counter failures(String databaseId, String step, String code) {
        return Counter.builder("lifeboat.restore.failures").description("Restores that failed, by step and code")
                .tags("database", databaseId, "step", step, "code", code).register(registry);
    }

    private Counter outcomes(String databaseId, String outcome) {
        return Counter.builder("lifeboat.restore.outcomes").description("Restores that ended, by outcome")
                .tags("database", databaseId, "outcome", outcome).register(registry);
    }

    private double oldestRunningSeconds(Map<String, Instant> restores) {
        Instant now = clock.instant();
        return restores.values().stream().mapToDouble(start -> Math.max(0, Duration.between(start, now).toMillis() / 1000.0)).max().orElse(0);
    }
}
