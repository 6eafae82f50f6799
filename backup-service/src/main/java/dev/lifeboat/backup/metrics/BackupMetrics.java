package dev.lifeboat.backup.metrics;

import dev.lifeboat.runtime.progress.Progress;
import dev.lifeboat.runtime.progress.ProgressReading;
import dev.lifeboat.service.metrics.ProgressGauges;
import dev.lifeboat.backup.failure.FailureCode;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import jakarta.enterprise.context.ApplicationScoped;

import java.time.Duration;
import java.time.Instant;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Per database: backup duration (histogram), stored size, last success time, throughput, and failures by
 * code. Names as Prometheus shows them: {@code lifeboat_backup_duration_seconds}, {@code lifeboat_backup_size_bytes},
 * {@code lifeboat_backup_last_success_timestamp_seconds}, {@code lifeboat_backup_throughput_bytes_per_second},
 * {@code lifeboat_backup_failures_total}. A registered database's failure series are there at zero for every code
 * before its first failure (so that the first one is an increase an alert sees), and a removed database's series go.
 */
@ApplicationScoped
public class BackupMetrics {

    private static final String DATABASE = "database";

    private final MeterRegistry registry;
    private final Map<String, AtomicLong> lastSuccess = new ConcurrentHashMap<>();
    private final Map<String, AtomicLong> lastSize = new ConcurrentHashMap<>();
    private final ProgressGauges progress;
    private Set<String> registeredIds = Set.of();

    public BackupMetrics(MeterRegistry registry) {
        this.registry = registry;
        this.progress = new ProgressGauges(registry, "lifeboat.backup", "pg_dump bytes of the running backup");
    }

    public void succeeded(String databaseId, Duration duration, long storedBytes, long plaintextBytes, Instant completedAt) {
        Timer.builder("lifeboat.backup.duration").description("Time from the start of pg_dump to the stored manifest")
                .tag(DATABASE, databaseId).publishPercentileHistogram()
                .minimumExpectedValue(Duration.ofMillis(100)).maximumExpectedValue(Duration.ofHours(6))
                .register(registry).record(duration);
        DistributionSummary.builder("lifeboat.backup.throughput").baseUnit("bytes.per.second")
                .description("pg_dump output bytes per second of backup time").tag(DATABASE, databaseId)
                .register(registry).record(plaintextBytes / Math.max(0.001, duration.toMillis() / 1000.0));
        newest(databaseId, storedBytes, completedAt);
    }

    /** The newest good backup of a database: its stored size and when it completed. */
    public void newest(String databaseId, long storedBytes, Instant completedAt) {
        gauge(lastSize, "lifeboat.backup.size.bytes", "Stored size of the newest backup", databaseId).set(storedBytes);
        gauge(lastSuccess, "lifeboat.backup.last.success.timestamp.seconds", "When the newest good backup completed", databaseId)
                .set(completedAt.getEpochSecond());
    }

    /** How far the database's running backup has come (the heartbeat's reading). */
    public void progress(String databaseId, Progress work, ProgressReading reading) {
        progress.show(databaseId, work, reading);
    }

    /** This backup of the database ended. */
    public void idle(String databaseId, Progress work) {
        progress.idle(databaseId, work);
    }

    public void failed(String databaseId, String code) {
        failures(databaseId, code).increment();
    }

    /**
     * The registered databases: each one's failure series at zero; a database that was registered and no longer is
     * loses its series (failures of a database never registered, such as UNKNOWN_DATABASE, stay).
     */
    public synchronized void registered(Set<String> databaseIds) {
        for (String id : databaseIds) {
            for (FailureCode code : FailureCode.values()) {
                if (code != FailureCode.SUPERSEDED) { // never counted: a replaced attempt's end is its successor's
                    failures(id, code.name());
                }
            }
        }
        Set<String> removed = new HashSet<>(registeredIds);
        removed.removeAll(databaseIds);
        for (Meter meter : registry.getMeters()) {
            if (meter.getId().getName().startsWith("lifeboat.backup.") && removed.contains(meter.getId().getTag(DATABASE))) {
                registry.remove(meter);
            }
        }
        removed.forEach(id -> {
            lastSuccess.remove(id);
            lastSize.remove(id);
            progress.forget(id);
        });
        registeredIds = Set.copyOf(databaseIds);
    }

    private Counter failures(String databaseId, String code) {
        return Counter.builder("lifeboat.backup.failures").description("Failed backup attempts, by code")
                .tags(DATABASE, databaseId, "code", code).register(registry);
    }

    private AtomicLong gauge(Map<String, AtomicLong> values, String name, String description, String databaseId) {
        return values.computeIfAbsent(databaseId, id -> {
            AtomicLong value = new AtomicLong();
            Gauge.builder(name, value, AtomicLong::get).description(description).tag(DATABASE, id).register(registry);
            return value;
        });
    }
}
