package dev.lifeboat.service.metrics;

import dev.lifeboat.runtime.progress.ProgressReading;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;

import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A service's running work as two gauges per database, {@code <prefix>.progress.bytes} and
 * {@code <prefix>.progress.expected.bytes} (Prometheus: {@code <prefix>_progress_bytes}, ...): set from each
 * heartbeat's {@link ProgressReading}, 0 once the work ends.
 */
public final class ProgressGauges {

    private final MeterRegistry registry;
    private final String prefix;
    private final String what;
    private final Map<String, AtomicLong> done = new ConcurrentHashMap<>();
    private final Map<String, AtomicLong> expected = new ConcurrentHashMap<>();

    /** @param what what the bytes are, for the gauges' descriptions (e.g. "pg_dump bytes of the running backup") */
    public ProgressGauges(MeterRegistry registry, String prefix, String what) {
        this.registry = registry;
        this.prefix = prefix;
        this.what = what;
    }

    /** How far the database's running work has come. */
    public void show(String databaseId, ProgressReading reading) {
        gauge(done, ".progress.bytes", what + " so far (0: none running)", databaseId).set(reading.bytesDone());
        gauge(expected, ".progress.expected.bytes", what + " expected in all (0: none running)", databaseId)
                .set(Math.max(0, reading.bytesExpected()));
    }

    /** The database's work ended. */
    public void idle(String databaseId) {
        Optional.ofNullable(done.get(databaseId)).ifPresent(value -> value.set(0));
        Optional.ofNullable(expected.get(databaseId)).ifPresent(value -> value.set(0));
    }

    /** The database is gone: its gauges' values are no longer kept (the caller removes its meters). */
    public void forget(String databaseId) {
        done.remove(databaseId);
        expected.remove(databaseId);
    }

    private AtomicLong gauge(Map<String, AtomicLong> values, String suffix, String description, String databaseId) {
        return values.computeIfAbsent(databaseId, id -> {
            AtomicLong value = new AtomicLong();
            Gauge.builder(prefix + suffix, value, AtomicLong::get).description(description).tag("database", id).register(registry);
            return value;
        });
    }
}
