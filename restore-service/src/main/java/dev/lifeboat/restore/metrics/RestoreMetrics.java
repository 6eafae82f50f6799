package dev.lifeboat.restore.metrics;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import jakarta.enterprise.context.ApplicationScoped;

import java.time.Duration;

/**
 * {@code lifeboat_restore_duration_seconds} (histogram, by database, target kind and outcome),
 * {@code lifeboat_restore_bytes_per_second} (stored archive bytes over the pg_restore step), and
 * {@code lifeboat_restore_failures_total} by database, step and code.
 */
@ApplicationScoped
public class RestoreMetrics {

    private final MeterRegistry registry;

    public RestoreMetrics(MeterRegistry registry) {
        this.registry = registry;
    }

    public void finished(String databaseId, String targetKind, String outcome, Duration duration) {
        Timer.builder("lifeboat.restore.duration").description("Time from a restore's start to its end")
                .tags("database", databaseId, "target", targetKind, "outcome", outcome)
                .publishPercentileHistogram().register(registry).record(duration);
    }

    public void throughput(String databaseId, long storedBytes, Duration pgRestore) {
        if (pgRestore.toMillis() > 0) {
            DistributionSummary.builder("lifeboat.restore.bytes.per.second").description("Stored archive bytes restored per second")
                    .tags("database", databaseId).register(registry).record(storedBytes * 1000.0 / pgRestore.toMillis());
        }
    }

    public void failed(String databaseId, String step, String code) {
        Counter.builder("lifeboat.restore.failures").description("Restores that failed, by step and code")
                .tags("database", databaseId, "step", step, "code", code).register(registry).increment();
    }
}
