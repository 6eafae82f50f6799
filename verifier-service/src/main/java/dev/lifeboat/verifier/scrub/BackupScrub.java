package dev.lifeboat.verifier.scrub;

import dev.lifeboat.events.verification.VerificationFailed;
import dev.lifeboat.service.stopping.EndsBeforeStop;
import java.time.Clock;
import dev.lifeboat.verifier.config.VerifierConfig;
import dev.lifeboat.verifier.publishing.VerificationEvents;
import dev.lifeboat.verifier.metrics.VerifierMetrics;
import dev.lifeboat.verifier.verification.ArchiveVerification;
import dev.lifeboat.verifier.verification.BackupVerification;
import dev.lifeboat.verifier.verification.CheckOutcome;
import dev.lifeboat.verifier.verification.VerificationQueue;
import io.quarkus.scheduler.Scheduled;
import jakarta.enterprise.context.ApplicationScoped;
import org.jboss.logging.Logger;

import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Re-reads stored backups so bit rot is found before a restore needs them: each run reads the backups
 * checked longest ago first, until the byte budget is spent (at least one backup), checking every byte
 * against the manifest's SHA-256 and every encrypted segment's tag. A backup that no longer matches is
 * marked FAILED and announced once as {@code VerificationFailed(CHECKSUM)}.
 */
@ApplicationScoped
public class BackupScrub {

    private static final Logger LOG = Logger.getLogger(BackupScrub.class);
    private static final int CANDIDATES = 1000;

    private final VerificationQueue verifications;
    private final ArchiveVerification verification;
    private final VerificationEvents events;
    private final VerifierMetrics metrics;
    private final VerifierConfig config;
    private final Clock clock;
    private final ReentrantLock running = new ReentrantLock();

    public BackupScrub(VerificationQueue verifications, ArchiveVerification verification, VerificationEvents events,
                       VerifierMetrics metrics, VerifierConfig config, Clock clock) {
        this.verifications = verifications;
        this.verification = verification;
        this.events = events;
        this.metrics = metrics;
        this.config = config;
        this.clock = clock;
    }

    /** What one run read. */
    public record Run(long bytesRead, List<Checked> checked) {
    }

    public record Checked(String backupId, String databaseId, long storedBytes, boolean passed, String details) {
    }

    @EndsBeforeStop
    @Scheduled(every = "${lifeboat.tasks.scrub:6h}", delayed = "${lifeboat.tasks.scrub-delay:10m}",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP, skipExecutionIf = Scheduled.ApplicationNotRunning.class)
    void scheduled() {
        Run run = runOnce();
        LOG.infof("Scrub read %d backups, %d bytes; %d failed", run.checked().size(), run.bytesRead(),
                run.checked().stream().filter(checked -> !checked.passed()).count());
    }

    /** One scrub run within the byte budget (blocking); a run already going makes this one wait for it. */
    public Run runOnce() {
        running.lock();
        try {
            long budget = config.scrub().byteBudget();
            long read = 0;
            List<Checked> checked = new ArrayList<>();
            for (BackupVerification backup : verifications.scrubOrder(CANDIDATES)) {
                if (!checked.isEmpty() && read + backup.sizeBytes > budget) {
                    break;
                }
                CheckOutcome outcome;
                try {
                    outcome = verification.readBack(backup);
                } catch (UncheckedIOException e) {
                    LOG.warnf("Scrub could not read backup %s (%s); the run stops here", backup.backupId, e.getMessage());
                    break;
                }
                read += backup.sizeBytes;
                checked.add(new Checked(backup.backupId, backup.databaseId, backup.sizeBytes, outcome.passed(), outcome.details()));
                record(backup, outcome);
            }
            return new Run(read, checked);
        } finally {
            running.unlock();
        }
    }

    private void record(BackupVerification backup, CheckOutcome outcome) {
        boolean newlyFailed = !outcome.passed() && BackupVerification.PASSED.equals(backup.status);
        if (newlyFailed) {
            LOG.errorf("Scrub: backup %s of %s no longer matches its checksum: %s", backup.backupId, backup.databaseId, outcome.details());
            metrics.failed(backup.databaseId, outcome.check().name());
            events.publish(backup.correlationId, new VerificationFailed(backup.backupId, backup.databaseId, backup.backupId,
                    outcome.check(), "scrub: " + outcome.details()));
        }
        verifications.update(backup.backupId, row -> {
            row.lastCheckedAt = clock.instant();
            if (newlyFailed) {
                row.status = BackupVerification.FAILED;
                row.check = outcome.check().name();
                row.details = "scrub: " + outcome.details();
            }
        });
    }
}
