package dev.lifeboat.verifier.metrics;

import dev.lifeboat.events.verification.VerificationCheck;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import jakarta.enterprise.context.ApplicationScoped;

import java.time.Duration;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Per database: {@code lifeboat_verifier_last_verified_restore_timestamp_seconds} (the last passed restore
 * test), {@code lifeboat_verifier_rpo_seconds} (age of the newest verified backup, as of the last watch),
 * {@code lifeboat_verifier_rpo_target_seconds} (the database's RPO),
 * {@code lifeboat_verifier_restore_test_due_timestamp_seconds} (the newest slot of its restore-test schedule),
 * {@code lifeboat_verifier_restore_test_rto_seconds} (the restore time the last passed restore test measured),
 * {@code lifeboat_verifier_restore_test_duration_seconds} (histogram of the measured restore time) and
 * {@code lifeboat_verifier_failures_total} by check, each check's series there at zero from the first watch of the
 * database, so that the first failure is an increase an alert sees. Of the whole replica:
 * {@code lifeboat_verifier_verifications_total} by outcome (the backups it verified).
 */
@ApplicationScoped
public class VerifierMetrics {

    private final MeterRegistry registry;
    private final Map<String, AtomicLong> lastVerifiedRestore = new ConcurrentHashMap<>();
    private final Map<String, AtomicLong> rpoSeconds = new ConcurrentHashMap<>();
    private final Map<String, AtomicLong> rpoTargetSeconds = new ConcurrentHashMap<>();
    private final Map<String, AtomicLong> restoreTestDue = new ConcurrentHashMap<>();
    private final Map<String, AtomicLong> lastRto = new ConcurrentHashMap<>();
    private final Map<String, AtomicLong> changeArchiveBroken = new ConcurrentHashMap<>();

    public VerifierMetrics(MeterRegistry registry) {
        this.registry = registry;
    }

    /** The newest passed restore test of a database: when it finished and, when measured, its restore time (the RTO). */
    public void restoreTestPassed(String databaseId, Instant at, Duration restore) {
        gauge(lastVerifiedRestore, "lifeboat.verifier.last.verified.restore.timestamp.seconds",
                "When the last restore test that passed finished", databaseId).set(at.getEpochSecond());
        if (restore != null) {
            gauge(lastRto, "lifeboat.verifier.restore.test.rto.seconds", "The restore time (RTO) the last passed restore test measured",
                    databaseId, 1000).set(restore.toMillis());
        }
    }

    /** Point-in-time: 1 while the database's change archive is damaged or has a break, 0 while it reads back whole. */
    public void changeArchiveBroken(String databaseId, boolean broken) {
        gauge(changeArchiveBroken, "lifeboat.verifier.change.archive.broken",
                "1 while the change archive has a damaged segment or changes missing, else 0", databaseId).set(broken ? 1 : 0);
    }

    public void rpo(String databaseId, Duration age) {
        gauge(rpoSeconds, "lifeboat.verifier.rpo.seconds", "Age of the newest verified backup", databaseId).set(age.toSeconds());
    }

    /** The newest slot of the database's restore-test schedule: a passed test should have finished after it. */
    public void restoreTestDue(String databaseId, Instant slot) {
        gauge(restoreTestDue, "lifeboat.verifier.restore.test.due.timestamp.seconds",
                "The newest slot of the database's restore-test schedule", databaseId).set(slot.getEpochSecond());
    }

    /** A watched database: its RPO, and its failure counters at zero. */
    public void watched(String databaseId, Duration rpo) {
        gauge(rpoTargetSeconds, "lifeboat.verifier.rpo.target.seconds", "The database's RPO: its newest verified backup should be younger",
                databaseId).set(rpo.toSeconds());
        for (VerificationCheck check : VerificationCheck.values()) {
            failures(databaseId, check.name());
        }
    }

    /**
     * Only these databases are watched now: every series of one that no longer is (removed from the registry) goes, so
     * its frozen RPO age and due restore test raise no alert for a database Lifeboat no longer protects.
     */
    public synchronized void retain(Set<String> watchedIds) {
        Set<String> gone = new HashSet<>(rpoTargetSeconds.keySet());
        gone.addAll(changeArchiveBroken.keySet());
        gone.addAll(rpoSeconds.keySet());
        gone.addAll(restoreTestDue.keySet());
        gone.addAll(lastVerifiedRestore.keySet());
        gone.removeAll(watchedIds);
        if (gone.isEmpty()) {
            return;
        }
        for (Meter meter : registry.getMeters()) {
            if (meter.getId().getName().startsWith("lifeboat.verifier.") && gone.contains(meter.getId().getTag("database"))) {
                registry.remove(meter);
            }
        }
        for (Map<String, AtomicLong> values : List.of(lastVerifiedRestore, rpoSeconds, rpoTargetSeconds, restoreTestDue, lastRto,
                changeArchiveBroken)) {
            values.keySet().removeAll(gone);
        }
    }

    public void restoreTestDuration(String databaseId, Duration restore) {
        Timer.builder("lifeboat.verifier.restore.test.duration").description("Measured restore time (RTO) of restore tests")
                .tags("database", databaseId).publishPercentileHistogram().register(registry).record(restore);
    }

    /** A backup's verification ended and was published ({@code lifeboat_verifier_verifications_total}, by outcome). */
    public void verified(boolean passed) {
        Counter.builder("lifeboat.verifier.verifications").description("Backups verified by this replica, by outcome")
                .tag("outcome", passed ? "passed" : "failed").register(registry).increment();
    }

    /** A backup found in the bucket that no BackupCompleted announced, queued for verification ({@code lifeboat_verifier_untold_backups_total}). */
    public void untoldBackup(String databaseId) {
        Counter.builder("lifeboat.verifier.untold.backups").description("Backups found in the bucket that no BackupCompleted announced")
                .tag("database", databaseId).register(registry).increment();
    }

    public void failed(String databaseId, String check) {
        failures(databaseId, check).increment();
    }

    private Counter failures(String databaseId, String check) {
        return Counter.builder("lifeboat.verifier.failures").description("Verification failures, by check")
                .tags("database", databaseId, "check", check).register(registry);
    }

    private AtomicLong gauge(Map<String, AtomicLong> values, String name, String description, String databaseId) {
        return gauge(values, name, description, databaseId, 1);
    }

    /** A gauge per database whose value is the held number divided by {@code scale} (1000 for milliseconds shown as seconds). */
    private synchronized AtomicLong gauge(Map<String, AtomicLong> values, String name, String description, String databaseId, double scale) {
        return values.computeIfAbsent(databaseId, id -> {
            AtomicLong value = new AtomicLong();
            Gauge.builder(name, value, held -> held.get() / scale).description(description).tags("database", id).register(registry);
            return value;
        });
    }
}
