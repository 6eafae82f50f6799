package dev.lifeboat.verifier.verification;

import dev.lifeboat.events.verification.VerificationFailed;
import dev.lifeboat.events.verification.VerificationPassed;
import dev.lifeboat.service.stopping.EndsBeforeStop;
import java.time.Clock;
import dev.lifeboat.verifier.publishing.VerificationEvents;
import dev.lifeboat.verifier.metrics.VerifierMetrics;
import dev.lifeboat.runtime.work.SerialWorker;
import dev.lifeboat.service.messaging.ConsumerRetry;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.quarkus.scheduler.Scheduled;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import org.jboss.logging.Logger;

import java.io.UncheckedIOException;

/**
 * Verifies recorded backups one at a time on a thread of its own, and announces each result:
 * {@code VerificationPassed(ARCHIVE)} or {@code VerificationFailed(CHECKSUM | ARCHIVE)}. A bucket that
 * cannot be read puts the backup back in the queue, due after the consumer retry policy's back-off (never a
 * tight loop), so the backups behind it are verified meanwhile.
 */
@ApplicationScoped
public class VerificationWorker {

    private static final Logger LOG = Logger.getLogger(VerificationWorker.class);

    private final VerificationQueue queue;
    private final ArchiveVerification verification;
    private final VerificationEvents events;
    private final VerifierMetrics metrics;
    private final Clock clock;
    private final SerialWorker worker;
    private final ConsumerRetry retry;

    public VerificationWorker(VerificationQueue queue, ArchiveVerification verification, VerificationEvents events,
                              VerifierMetrics metrics, Clock clock, ConsumerRetry retry) {
        this.retry = retry;
        this.queue = queue;
        this.verification = verification;
        this.events = events;
        this.metrics = metrics;
        this.clock = clock;
        this.worker = new SerialWorker("lifeboat-verification", () -> queue.claimNext().map(row -> () -> verify(row)),
                e -> LOG.errorf(e, "The verification worker failed; it tries again at the next poll"));
    }

    public void wakeUp() {
        worker.wakeUp();
    }

    @EndsBeforeStop
    @Scheduled(every = "${lifeboat.tasks.verification-poll:5s}", concurrentExecution = Scheduled.ConcurrentExecution.SKIP,
            skipExecutionIf = Scheduled.ApplicationNotRunning.class)
    void poll() {
        wakeUp();
    }

    private void verify(BackupVerification backup) {
        CheckOutcome outcome;
        try {
            outcome = verification.verify(backup);
        } catch (UncheckedIOException e) {
            java.time.Duration wait = retry.backoff(backup.attempts);
            LOG.warnf("Verifying backup %s could not read the bucket (%s); it is tried again in %s", backup.backupId, e.getMessage(), wait);
            queue.retryLater(backup.backupId, wait);
            return;
        }
        if (!outcome.passed()) {
            metrics.failed(backup.databaseId, outcome.check().name());
            LOG.warnf("Backup %s of %s failed verification (%s): %s", backup.backupId, backup.databaseId, outcome.check(), outcome.details());
        }
        try {
            events.publish(backup.correlationId, outcome.passed()
                    ? new VerificationPassed(backup.backupId, backup.databaseId, backup.backupId, outcome.check(), outcome.details())
                    : new VerificationFailed(backup.backupId, backup.databaseId, backup.backupId, outcome.check(), outcome.details()));
        } catch (RuntimeException e) {
            java.time.Duration wait = retry.backoff(backup.attempts);
            LOG.warnf("Publishing the verification of %s failed (%s); it is verified again in %s", backup.backupId, e.getMessage(), wait);
            queue.retryLater(backup.backupId, wait);
            return;
        }
        metrics.verified(outcome.passed());
        queue.update(backup.backupId, row -> {
            row.status = outcome.passed() ? BackupVerification.PASSED : BackupVerification.FAILED;
            row.check = outcome.check().name();
            row.details = outcome.details();
            row.verifiedAt = clock.instant();
            row.lastCheckedAt = row.verifiedAt;
        });
    }

    /** Verifications a stopped replica had started are started again (a check has no effect but its event). */
    void start(@Observes StartupEvent event) {
        queue.requeueRunning();
    }

    void stop(@Observes ShutdownEvent event) {
        worker.close();
    }
}
