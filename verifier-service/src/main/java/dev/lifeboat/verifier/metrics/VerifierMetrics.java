package dev.lifeboat.verifier.metrics;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import jakarta.enterprise.context.ApplicationScoped;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Per database: {@code lifeboat_verifier_last_verified_restore_timestamp_seconds} (the last passed restore
 * test), {@code lifeboat_verifier_rpo_seconds} (age of the newest verified backup, as of the last watch),
 * {@code lifeboat_verifier_restore_test_duration_seconds} (histogram of the measured restore time) and
 * {@code lifeboat_verifier_failures_total} by check.
 */
@ApplicationScoped
public class VerifierMetrics {

    private final MeterRegistry registry;
    private final Map<String, AtomicLong> lastVerifiedRestore = new ConcurrentHashMap<>();
    private final Map<String, AtomicLong> rpoSeconds = new ConcurrentHashMap<>();

    public VerifierMetrics(MeterRegistry registry) {
        this.registry = registry;
    }

    public void restoreTestPassed(String databaseId, Instant at) {
        gauge(lastVerifiedRestore, "lifeboat.verifier.last.verified.restore.timestamp.seconds",
                "When the last restore test that passed finished", databaseId).set(at.getEpochSecond());
    }

    public void rpo(String databaseId, Duration age) {
        gauge(rpoSeconds, "lifeboat.verifier.rpo.seconds", "Age of the newest verified backup", databaseId).set(age.toSeconds());
    }

    public void restoreTestDuration(String databaseId, Duration restore) {
        Timer.builder("lifeboat.verifier.restore.test.duration").description("Measured restore time (RTO) of restore tests")
                .tags("database", databaseId).publishPercentileHistogram().register(registry).record(restore);
    }

    public void failed(String databaseId, String check) {
        Counter.builder("lifeboat.verifier.failures").description("Verification failures, by check")
                .tags("database", databaseId, "check", check).register(registry).increment();
    }

    private AtomicLong gauge(Map<String, AtomicLong> values, String name, String description, String databaseId) {
        return values.computeIfAbsent(databaseId, id -> {
            AtomicLong value = new AtomicLong();
            Gauge.builder(name, value, AtomicLong::get).description(description).tags("database", id).register(registry);
            return value;
        });
    }
}
