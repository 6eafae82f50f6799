package dev.lifeboat.backup.job;

import dev.lifeboat.archive.ArchiveEncryption;
import dev.lifeboat.archive.ArchiveLayout;
import dev.lifeboat.archive.BackupManifest;
import dev.lifeboat.archive.ManifestJson;
import dev.lifeboat.archive.bucket.BucketObjects;
import dev.lifeboat.backup.config.BackupConfig;
import dev.lifeboat.backup.encryption.ArchiveKeys;
import dev.lifeboat.backup.failure.BackupFailure;
import dev.lifeboat.backup.failure.FailureCode;
import dev.lifeboat.backup.intake.BackupRequestQueue;
import dev.lifeboat.backup.intake.BackupRequestRecord;
import dev.lifeboat.backup.metrics.BackupMetrics;
import dev.lifeboat.runtime.secret.SecretUnavailableException;
import jakarta.enterprise.context.ApplicationScoped;
import org.jboss.logging.Logger;

import java.io.IOException;
import java.time.Duration;
import java.util.concurrent.CompletionException;
import java.time.Instant;
import java.util.Optional;
import java.util.UUID;

/**
 * What every engine's backup attempt records the same way: its key, the manifest beside the archive with the catalog entry
 * and {@code BackupCompleted} committed together, or the failure (with its retry) and nothing left in the bucket.
 */
@ApplicationScoped
public class BackupRecording {

    private static final Logger LOG = Logger.getLogger(BackupRecording.class);

    private final BucketObjects objects;
    private final ArchiveKeys keys;
    private final BackupJournal journal;
    private final BackupMetrics metrics;
    private final BackupConfig config;

    public BackupRecording(BucketObjects objects, ArchiveKeys keys, BackupJournal journal, BackupMetrics metrics, BackupConfig config) {
        this.objects = objects;
        this.keys = keys;
        this.journal = journal;
        this.metrics = metrics;
        this.config = config;
    }

    /** The active key, or none when encryption is off. */
    Optional<ArchiveEncryption> encryption() throws BackupFailure {
        try {
            return keys.active();
        } catch (SecretUnavailableException e) {
            throw new BackupFailure(FailureCode.ENCRYPTION_KEY_UNAVAILABLE, e.getMessage());
        } catch (IOException e) {
            throw new BackupFailure(FailureCode.STORAGE_FAILED, "the bucket's record of the active key cannot be read: " + e.getMessage(), e);
        }
    }

    /**
     * Stores the manifest beside the archive and commits the catalog entry with {@code BackupCompleted}. When that fails the
     * folder is removed only where the catalog surely does not hold it: an attempt a newer one replaced, or a commit that
     * did not happen; a commit whose acknowledgement was lost is the completed backup it is, and when the catalog cannot be
     * asked the folder is kept (retention and the catalog rebuild find it), never a catalogued archive deleted.
     */
    void completed(BackupRequestRecord request, BackupJournal.Started started, BackupManifest manifest, String folder) throws BackupFailure {
        String manifestText = ManifestJson.write(manifest);
        try {
            objects.put(ArchiveLayout.manifestKey(folder), "application/json", manifestText);
            journal.completed(request, started, manifest, ArchiveLayout.manifestKey(folder), manifestText);
        } catch (IOException | RuntimeException e) {
            Throwable cause = e instanceof CompletionException && e.getCause() != null ? e.getCause() : e;
            if (cause instanceof SupersededAttemptException superseded) {
                removeQuietly(folder); // this attempt's own folder: its transaction was rolled back, nothing names it
                throw new BackupFailure(FailureCode.SUPERSEDED, superseded.getMessage());
            }
            Boolean catalogued = cataloguedOrUnknown(manifest.backupId());
            if (Boolean.TRUE.equals(catalogued)) {
                LOG.infof("Backup %s was recorded though its commit's acknowledgement was lost (%s): it is kept", manifest.backupId(),
                        e.getMessage());
            } else {
                if (catalogued != null) {
                    removeQuietly(folder);
                }
                throw new BackupFailure(FailureCode.STORAGE_FAILED, "the archive was stored but recording it failed"
                        + (catalogued == null ? " (whether the catalog holds it is unknown: its folder is kept)" : "") + ": " + e.getMessage(), e);
            }
        }
        metrics.succeeded(manifest.databaseId(), Duration.between(manifest.startedAt(), manifest.completedAt()), manifest.sizeBytes(),
                manifest.plaintextBytes() == null ? 0 : manifest.plaintextBytes(), manifest.completedAt());
    }

    void failed(BackupRequestRecord request, BackupJournal.Started started, BackupFailure failure) {
        if (failure.code() == FailureCode.SUPERSEDED) {
            LOG.infof("Backup of %s: %s", request.databaseId, failure.getMessage());
            return;
        }
        boolean retry = failure.code().retryable() && request.attempt < config.retry().maxAttempts();
        Duration retryIn = retry ? BackupRequestQueue.backoff(request.attempt,
                config.retry().initialDelay(), config.retry().maxDelay()) : null;
        try {
            journal.failed(request, started, failure, retryIn);
        } catch (SupersededAttemptException e) { // recorded nothing: neither logged as this request's failure nor counted
            LOG.infof("Backup of %s: %s", request.databaseId, e.getMessage());
            return;
        }
        LOG.warnf("Backup of %s (request %s, attempt %d) failed with %s: %s%s", request.databaseId, request.requestId,
                request.attempt, failure.code(), failure.getMessage(), retry ? "; retrying in " + retryIn : "");
        metrics.failed(request.databaseId, failure.code().name());
    }

    /** @return whether the catalog holds the backup; null when it cannot be asked */
    private Boolean cataloguedOrUnknown(String backupId) {
        try {
            return journal.catalogued(backupId);
        } catch (RuntimeException e) {
            LOG.warnf("Whether backup %s is catalogued is unknown: %s", backupId, e.getMessage());
            return null;
        }
    }

    void removeQuietly(String folder) {
        try {
            objects.deleteFolder(folder);
        } catch (IOException e) {
            LOG.warnf("Could not remove %s after a failed backup; the abandoned-upload sweep will not see it, retention will: %s",
                    folder, e.getMessage());
        }
    }

    /** Sortable by time: a UTC timestamp, then randomness. */
    static String newBackupId() {
        return java.time.format.DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'").withZone(java.time.ZoneOffset.UTC).format(Instant.now())
                + "-" + UUID.randomUUID().toString().substring(0, 8);
    }
}
