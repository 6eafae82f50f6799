package dev.lifeboat.service.metrics;

import dev.lifeboat.runtime.progress.ProgressReading;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;

import java.util.Collections;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.WeakHashMap;
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
    /** The piece of work each database's gauges show now. */
    private final Map<String, Object> running = new ConcurrentHashMap<>();
    /** Work that ended (weakly held: a finished run is forgotten with it). */
    private final Set<Object> ended = Collections.newSetFromMap(new WeakHashMap<>());

    /** @param what what the bytes are, for the gauges' descriptions (e.g. "pg_dump bytes of the running backup") */
    public ProgressGauges(MeterRegistry registry, String prefix, String what) {
        this.registry = registry;
        this.prefix = prefix;
        this.what = what;
    }

    /**
     * How far the database's running work has come, unless that work has ended meanwhile (a heartbeat's reading can
     * arrive after its work's {@link #idle}: it is dropped, so the gauges stay at 0).
     *
     * @param work the running piece of work the reading is of (its {@code Progress})
     */
    public synchronized void show(String databaseId, Object work, ProgressReading reading) {
        Object current = running.putIfAbsent(databaseId, work);
        if (current != null && current != work || ended.contains(work)) {
            if (current == null) {
                running.remove(databaseId);
            }
            return;
        }
        gauge(done, ".progress.bytes", what + " so far (0: none running)", databaseId).set(reading.bytesDone());
        gauge(expected, ".progress.expected.bytes", what + " expected in all (0: none running)", databaseId)
                .set(Math.max(0, reading.bytesExpected()));
    }

    /** The database's piece of work ended: its gauges go to 0, and no later reading of it is shown. */
    public synchronized void idle(String databaseId, Object work) {
        ended.add(work);
        running.remove(databaseId, work);
        Optional.ofNullable(done.get(databaseId)).ifPresent(value -> value.set(0));
        Optional.ofNullable(expected.get(databaseId)).ifPresent(value -> value.set(0));
    }

    /** The database is gone: its gauges' values are no longer kept (the caller removes its meters). */
    public synchronized void forget(String databaseId) {
        done.remove(databaseId);
        expected.remove(databaseId);
        running.remove(databaseId);
    }

    private AtomicLong gauge(Map<String, AtomicLong> values, String suffix, String description, String databaseId) {
        return values.computeIfAbsent(databaseId, id -> {
            AtomicLong value = new AtomicLong();
            Gauge.builder(prefix + suffix, value, AtomicLong::get).description(description).tag("database", id).register(registry);
            return value;
        });
    }
}
