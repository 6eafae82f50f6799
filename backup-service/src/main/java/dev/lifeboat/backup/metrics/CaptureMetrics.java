package dev.lifeboat.backup.metrics;

import dev.lifeboat.backup.config.CaptureConfig;
import dev.lifeboat.changes.segment.SegmentManifest;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import jakarta.enterprise.context.ApplicationScoped;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Point-in-time capture, per database, from the replica that runs it. Names as Prometheus shows them:
 * {@code lifeboat_capture_running} (1 while it streams), {@code lifeboat_capture_lag_seconds} (commit to received, of
 * the last transaction), {@code lifeboat_capture_archive_age_seconds} (since the moment up to which the archive is known
 * complete: the RPO reached now, growing while capture is stopped), {@code lifeboat_capture_retained_wal_bytes} (WAL the
 * source keeps for the slot) beside {@code lifeboat_capture_retained_wal_limit_bytes} (what it may keep:
 * {@code lifeboat.capture.retained-wal-limit}, the one figure the alert compares it with), {@code lifeboat_capture_segments_total}, {@code lifeboat_capture_segment_bytes_total} and
 * {@code lifeboat_capture_gaps_total}. A replica that stops running a database's capture removes its series.
 */
@ApplicationScoped
public class CaptureMetrics {

    private static final String DATABASE = "database";
    private static final String PREFIX = "lifeboat.capture.";

    private final MeterRegistry registry;
    private final Clock clock;
    private final Map<String, AtomicLong> running = new ConcurrentHashMap<>();
    private final Map<String, AtomicLong> lagMillis = new ConcurrentHashMap<>();
    private final Map<String, AtomicLong> coveredUntilMillis = new ConcurrentHashMap<>();
    private final Map<String, AtomicLong> retainedWal = new ConcurrentHashMap<>();

    private final CaptureConfig config;

    public CaptureMetrics(MeterRegistry registry, Clock clock, CaptureConfig config) {
        this.registry = registry;
        this.clock = clock;
        this.config = config;
    }

    public void running(String databaseId, boolean streams) {
        value(running, databaseId, "running", "1 while the capture streams, 0 while it fails and retries", null, AtomicLong::get)
                .set(streams ? 1 : 0);
    }

    /**
     * It streams: every series of the database exists from now on, the counters at zero and the lag at zero until a
     * transaction arrives (dashboards and alerts see a capture with nothing to capture yet, not no capture).
     */
    public void started(String databaseId) {
        running(databaseId, true);
        lagGauge(databaseId);
        segmentsCounter(databaseId);
        segmentBytesCounter(databaseId);
        gapsCounter(databaseId);
    }

    public void lag(String databaseId, Duration lag) {
        lagGauge(databaseId).set(Math.max(0, lag.toMillis()));
    }

    private AtomicLong lagGauge(String databaseId) {
        return value(lagMillis, databaseId, "lag.seconds", "From the last received transaction's commit to its arrival", null,
                millis -> millis.get() / 1000.0);
    }

    private Counter segmentsCounter(String databaseId) {
        return Counter.builder(PREFIX + "segments").description("Change segments stored").tag(DATABASE, databaseId).register(registry);
    }

    private Counter segmentBytesCounter(String databaseId) {
        return Counter.builder(PREFIX + "segment.bytes").baseUnit("bytes").description("Stored bytes of change segments")
                .tag(DATABASE, databaseId).register(registry);
    }

    private Counter gapsCounter(String databaseId) {
        return Counter.builder(PREFIX + "gaps").description("Gaps found: seconds not restorable exactly until the next backup")
                .tag(DATABASE, databaseId).register(registry);
    }

    public void stored(String databaseId, SegmentManifest segment) {
        covered(databaseId, segment.coveredUntil());
        segmentsCounter(databaseId).increment();
        segmentBytesCounter(databaseId).increment(segment.sizeBytes());
    }

    public void covered(String databaseId, Instant until) {
        value(coveredUntilMillis, databaseId, "archive.age.seconds",
                "Since the moment up to which the change archive is known complete: the RPO reached now", null,
                millis -> (clock.millis() - millis.get()) / 1000.0).accumulateAndGet(until.toEpochMilli(), Math::max);
    }

    public void retained(String databaseId, long walBytes) {
        value(retainedWal, databaseId, "retained.wal.bytes", "WAL the source keeps for the capture's slot", null, AtomicLong::get)
                .set(walBytes);
        Gauge.builder(PREFIX + "retained.wal.limit.bytes", config::retainedWalLimit)
                .description("WAL the source may keep for the capture's slot before it is at risk (lifeboat.capture.retained-wal-limit)")
                .tag(DATABASE, databaseId).register(registry);
    }

    public void gap(String databaseId) {
        gapsCounter(databaseId).increment();
    }

    /** This replica no longer runs the database's capture: its series go (the replica that does shows them). */
    public void forget(String databaseId) {
        for (Meter meter : registry.getMeters()) {
            if (meter.getId().getName().startsWith(PREFIX) && databaseId.equals(meter.getId().getTag(DATABASE))) {
                registry.remove(meter);
            }
        }
        running.remove(databaseId);
        lagMillis.remove(databaseId);
        coveredUntilMillis.remove(databaseId);
        retainedWal.remove(databaseId);
    }

    private AtomicLong value(Map<String, AtomicLong> values, String databaseId, String name, String description, String unit,
                             java.util.function.ToDoubleFunction<AtomicLong> reading) {
        return values.computeIfAbsent(databaseId, id -> {
            AtomicLong value = new AtomicLong();
            Gauge.builder(PREFIX + name, value, reading).description(description).baseUnit(unit).tag(DATABASE, id).register(registry);
            return value;
        });
    }
}
