package dev.lifeboat.verifier.copy;

import dev.lifeboat.archive.bucket.BucketObjects;
import dev.lifeboat.archive.copy.BackupCopy;
import dev.lifeboat.archive.copy.SecondBucket;
import dev.lifeboat.service.stopping.EndsBeforeStop;
import dev.lifeboat.verifier.verification.BackupVerification;
import dev.lifeboat.verifier.verification.VerificationQueue;
import io.quarkus.scheduler.Scheduled;
import jakarta.enterprise.context.ApplicationScoped;
import org.jboss.logging.Logger;

import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import dev.lifeboat.changes.segment.ChangeArchiveCopy;
import dev.lifeboat.verifier.freshness.WatchedDatabases;

import static dev.lifeboat.service.reactive.ReactiveSessions.await;
import dev.lifeboat.events.verification.VerificationCheck;
import dev.lifeboat.events.verification.VerificationPassed;
import dev.lifeboat.verifier.publishing.VerificationEvents;

/**
 * Copies each verified backup to the second bucket ({@code lifeboat.copy.*}; nothing when none is configured), the oldest
 * first: the folder through the manifest's SHA-256, the manifest last ({@link BackupCopy}), then each watched database's
 * change archive as it grows ({@link ChangeArchiveCopy}); only a backup that passed
 * verification is copied, and only while its manifest still says what was verified (the SHA-256 and size of its row),
 * so the copy is of bytes known to restore. Those whose last try failed go after the others. A copy is recorded on the backup's verification
 * ({@code copiedAt}) and announced ({@code VerificationPassed SECOND_COPY}, which the catalog records); a failure is recorded and logged, counted, and tried again at the next run. Copying again what a
 * crash left half done writes the same bytes.
 */
@ApplicationScoped
public class SecondCopies {

    private static final Logger LOG = Logger.getLogger(SecondCopies.class);

    /** Backups copied in one run at most: the rest wait for the next (every minute by default). */
    static final int PER_RUN = 100;

    private final BucketObjects primary;
    private final SecondBucket second;
    private final VerificationQueue verifications;
    private final CopyMetrics metrics;
    private final VerificationEvents events;
    private final WatchedDatabases watched;
    private final Clock clock;

    public SecondCopies(BucketObjects primary, SecondBucket second, VerificationQueue verifications, CopyMetrics metrics,
                        VerificationEvents events, WatchedDatabases watched, Clock clock) {
        this.primary = primary;
        this.watched = watched;
        this.events = events;
        this.second = second;
        this.verifications = verifications;
        this.metrics = metrics;
        this.clock = clock;
    }

    @EndsBeforeStop
    @Scheduled(every = "${lifeboat.tasks.second-copies:1m}", delayed = "${lifeboat.tasks.second-copies-delay:30s}",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP, skipExecutionIf = Scheduled.ApplicationNotRunning.class)
    void scheduled() {
        runOnce();
    }

    /** One run (blocking): the ids of the backups copied. */
    public List<String> runOnce() {
        if (second.objects().isEmpty()) {
            return List.of();
        }
        BucketObjects copies = second.objects().get();
        List<String> done = new java.util.ArrayList<>();
        for (BackupVerification backup : verifications.notCopied(PER_RUN, true)) {
            try {
                long bytes = BackupCopy.copy(backup.manifestKey, new BackupCopy.Verified(backup.sha256, backup.sizeBytes), primary, copies,
                        second.uploads());
                events.publish(backup.correlationId, new VerificationPassed(UUID.randomUUID().toString(), backup.databaseId,
                        backup.backupId, VerificationCheck.SECOND_COPY, "copied to the second bucket " + copies.bucket() + " (" + bytes
                        + " stored bytes, SHA-256 as its manifest says)"));
                Instant at = clock.instant();
                verifications.update(backup.backupId, row -> {
                    row.copiedAt = at;
                    row.copyFailure = null;
                });
                metrics.copied();
                done.add(backup.backupId);
                LOG.infof("Backup %s of %s copied to the second bucket %s (%d bytes)", backup.backupId, backup.databaseId, copies.bucket(), bytes);
            } catch (IOException | RuntimeException e) {
                verifications.update(backup.backupId, row -> row.copyFailure = e.getMessage());
                metrics.failed();
                LOG.warnf("Backup %s of %s could not be copied to the second bucket %s: %s; tried again at the next run", backup.backupId,
                        backup.databaseId, copies.bucket(), e.getMessage());
            }
        }
        copyChangeArchives(copies);
        metrics.lag(verifications.notCopied(1, false).stream().findFirst()
                .map(oldest -> Duration.between(oldest.verifiedAt == null ? oldest.completedAt : oldest.verifiedAt, clock.instant()))
                .orElse(Duration.ZERO));
        return done;
    }

    /**
     * The change archive of each database this service watches, copied as it grows ({@link ChangeArchiveCopy}): what a
     * restore to a second reads from the second bucket. A failure is logged and counted, and tried again at the next run.
     */
    private void copyChangeArchives(BucketObjects copies) {
        for (String databaseId : await(watched::ids)) {
            try {
                int objects = ChangeArchiveCopy.copy(databaseId, primary, copies, second.uploads());
                if (objects > 0) {
                    LOG.debugf("Change archive of %s: %d objects copied to the second bucket", databaseId, objects);
                }
            } catch (IOException | RuntimeException e) {
                metrics.failed();
                LOG.warnf("The change archive of %s could not be copied to the second bucket %s: %s; tried again at the next run",
                        databaseId, copies.bucket(), e.getMessage());
            }
        }
    }
}
