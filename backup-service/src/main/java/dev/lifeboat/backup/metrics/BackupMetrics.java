package dev.lifeboat.backup.metrics;

import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import jakarta.enterprise.context.ApplicationScoped;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Per database: backup duration (histogram), stored size, last success time, throughput, and failures by
 * code. Names as Prometheus shows them: {@code lifeboat_backup_duration_seconds}, {@code lifeboat_backup_size_bytes},
 * {@code lifeboat_backup_last_success_timestamp_seconds}, {@code lifeboat_backup_throughput_bytes_per_second},
 * {@code lifeboat_backup_failures_total}.
 */
@ApplicationScoped
public class BackupMetrics {

    private final MeterRegistry registry;
    private final Map<String, AtomicLong> lastSuccess = new ConcurrentHashMap<>();
    private final Map<String, AtomicLong> lastSize = new ConcurrentHashMap<>();

    public BackupMetrics(MeterRegistry registry) {
        this.registry = registry;
    }

    public void succeeded(String databaseId, Duration duration, long storedBytes, long plaintextBytes, Instant completedAt) {
        Timer.builder("lifeboat.backup.duration").description("Time from the start of pg_dump to the stored manifest")
                .tag("database", databaseId).publishPercentileHistogram()
                .minimumExpectedValue(Duration.ofMillis(100)).maximumExpectedValue(Duration.ofHours(6))
                .register(registry).record(duration);
        DistributionSummary.builder("lifeboat.backup.throughput").baseUnit("bytes.per.second")
                .description("pg_dump output bytes per second of backup time").tag("database", databaseId)
                .register(registry).record(plaintextBytes / Math.max(0.001, duration.toMillis() / 1000.0));
        gauge(lastSize, "lifeboat.backup.size.bytes", "Stored size of the newest backup", databaseId).set(storedBytes);
        gauge(lastSuccess, "lifeboat.backup.last.success.timestamp.seconds", "When the newest good backup completed", databaseId)
                .set(completedAt.getEpochSecond());
    }

    public void failed(String databaseId, String code) {
        registry.counter("lifeboat.backup.failures", "database", databaseId, "code", code).increment();
    }

    private AtomicLong gauge(Map<String, AtomicLong> values, String name, String description, String databaseId) {
        return values.computeIfAbsent(databaseId, id -> {
            AtomicLong value = new AtomicLong();
            io.micrometer.core.instrument.Gauge.builder(name, value, AtomicLong::get).description(description)
                    .tag("database", id).register(registry);
            return value;
        });
    }
}
