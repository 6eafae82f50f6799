package dev.lifeboat.verifier.discovery;

import dev.lifeboat.archive.ArchiveLayout;
import dev.lifeboat.archive.BackupManifest;
import dev.lifeboat.archive.bucket.BucketObjects;
import dev.lifeboat.events.backup.BackupCompleted;
import dev.lifeboat.events.backup.Compression;
import dev.lifeboat.service.stopping.EndsBeforeStop;
import dev.lifeboat.verifier.config.VerifierConfig;
import dev.lifeboat.verifier.freshness.WatchedDatabases;
import dev.lifeboat.verifier.metrics.VerifierMetrics;
import dev.lifeboat.verifier.verification.BackupClaim;
import dev.lifeboat.verifier.verification.VerificationQueue;
import dev.lifeboat.verifier.verification.VerificationWorker;
import io.quarkus.scheduler.Scheduled;
import jakarta.enterprise.context.ApplicationScoped;
import org.jboss.logging.Logger;

import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

import static dev.lifeboat.service.reactive.ReactiveSessions.await;

/**
 * Finds the backups in the bucket this service was never told about (their {@code BackupCompleted} dead-lettered, or
 * lost) and verifies them as if it had been: a backup kept (not deleted) of a database it watches (registered, or seen
 * backed up), completed at least
 * {@code lifeboat.verifier.untold-after} ago, whose manifest makes a claim that can be true ({@link BackupClaim}), goes
 * into the verification queue. Each is logged and counted ({@code lifeboat_verifier_untold_backups_total}).
 */
@ApplicationScoped
public class UntoldBackups {

    private static final Logger LOG = Logger.getLogger(UntoldBackups.class);

    private final BucketObjects bucket;
    private final VerificationQueue queue;
    private final VerificationWorker worker;
    private final WatchedDatabases watched;
    private final VerifierMetrics metrics;
    private final VerifierConfig config;
    private final Clock clock;

    public UntoldBackups(BucketObjects bucket, VerificationQueue queue, VerificationWorker worker, WatchedDatabases watched,
                         VerifierMetrics metrics, VerifierConfig config, Clock clock) {
        this.bucket = bucket;
        this.queue = queue;
        this.worker = worker;
        this.watched = watched;
        this.metrics = metrics;
        this.config = config;
        this.clock = clock;
    }

    @EndsBeforeStop
    @Scheduled(every = "${lifeboat.tasks.untold-backups:1h}", delayed = "${lifeboat.tasks.untold-backups-delay:5m}",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP, skipExecutionIf = Scheduled.ApplicationNotRunning.class)
    void scheduled() throws IOException {
        runOnce();
    }

    /** One look at the bucket (blocking): the ids of the backups it queued. */
    public List<String> runOnce() throws IOException {
        Set<String> registered = new HashSet<>(await(watched::ids));
        Set<String> known = queue.knownIds();
        Instant completedBefore = clock.instant().minus(config.untoldAfter());
        List<String> queued = new ArrayList<>();
        for (String key : bucket.allManifestKeys()) {
            Optional<String> backupId = ArchiveLayout.backupIdOf(key);
            if (backupId.isEmpty() || known.contains(backupId.get())) {
                continue;
            }
            BackupManifest manifest;
            try {
                manifest = bucket.manifest(key);
            } catch (IOException | RuntimeException unreadable) {
                // one unreadable manifest (the scrub and the restores name it) does not hide the backups after it
                LOG.warnf("Looking for untold backups: %s cannot be read (%s); the look goes on", key, unreadable.getMessage());
                continue;
            }
            if (manifest.databaseId() == null || manifest.backupId() == null || manifest.completedAt() == null || manifest.startedAt() == null
                    || !registered.contains(manifest.databaseId()) || !manifest.backupId().equals(backupId.get())
                    || manifest.completedAt().isAfter(completedBefore)) {
                continue;
            }
            BackupCompleted untold = announcement(manifest, key);
            Optional<String> refusal = BackupClaim.refusal(untold);
            if (refusal.isPresent()) {
                LOG.warnf("The bucket holds %s, which is not verified: %s", key, refusal.get());
                continue;
            }
            await(() -> queue.enqueue(untold, manifest.correlationId() == null ? manifest.requestId() : manifest.correlationId()));
            metrics.untoldBackup(manifest.databaseId());
            LOG.warnf("Backup %s of %s (completed %s) is in the bucket but no BackupCompleted announced it: it is verified now",
                    manifest.backupId(), manifest.databaseId(), manifest.completedAt());
            queued.add(manifest.backupId());
        }
        if (!queued.isEmpty()) {
            worker.wakeUp();
        }
        return queued;
    }

    /** The {@code BackupCompleted} the backup service sent, or would have, for this manifest. */
    static BackupCompleted announcement(BackupManifest manifest, String manifestKey) {
        return new BackupCompleted(manifest.requestId(), manifest.backupId(), manifest.databaseId(), manifest.trigger(),
                manifest.archiveKey(), manifestKey, manifest.sizeBytes(), manifest.sha256(),
                manifest.compression() == null ? Compression.NONE : manifest.compression(), manifest.encrypted(),
                manifest.encrypted() ? manifest.encryption().keyId() : null,
                Duration.between(manifest.startedAt(), manifest.completedAt()).toMillis(), manifest.tableRowCounts(),
                manifest.serverVersion(), manifest.startedAt(), manifest.completedAt());
    }
}
