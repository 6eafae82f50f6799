package dev.lifeboat.backup.job;

import dev.lifeboat.postgres.connect.AttemptNames;
import dev.lifeboat.archive.ArchiveEncryption;
import dev.lifeboat.archive.ArchiveLayout;
import dev.lifeboat.archive.BackupManifest;
import dev.lifeboat.archive.upload.BucketUploads;
import dev.lifeboat.archive.upload.MultipartUploadStream;
import dev.lifeboat.archive.upload.UploadParts;
import dev.lifeboat.archive.upload.UploadTooLargeException;
import dev.lifeboat.backup.config.BackupConfig;
import dev.lifeboat.backup.dump.ArchiveWriter;
import dev.lifeboat.d1.wrangler.D1Settings;
import dev.lifeboat.backup.failure.BackupFailure;
import dev.lifeboat.backup.failure.FailureCode;
import dev.lifeboat.backup.intake.BackupRequestRecord;
import dev.lifeboat.backup.registry.RegisteredDatabase;
import dev.lifeboat.d1.D1Location;
import dev.lifeboat.d1.export.D1Export;
import dev.lifeboat.d1.export.ExportCutShortException;
import dev.lifeboat.d1.export.ExportRowCounter;
import dev.lifeboat.backup.dump.AttemptSessions;
import dev.lifeboat.d1.lock.D1DatabaseLock;
import dev.lifeboat.d1.wrangler.WranglerFailure;
import dev.lifeboat.events.backup.BackupTrigger;
import dev.lifeboat.runtime.progress.Progress;
import dev.lifeboat.runtime.secret.DatabaseSecrets;
import dev.lifeboat.service.owndb.OwnDatabaseSessions;
import jakarta.enterprise.context.ApplicationScoped;
import org.jboss.logging.Logger;

import java.io.IOException;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Map;
import java.util.Optional;

/**
 * One attempt of a D1 database's backup: {@code wrangler d1 export} streamed through a pipe, each table's rows counted
 * from the export itself, compressed, encrypted and uploaded as every backup is, then the manifest and
 * {@code BackupCompleted}. An export wrangler fails or cuts short is a failed backup: the upload is aborted and nothing
 * is catalogued. The export holds the database while it runs; the log says how long. It runs holding the database's
 * {@link D1DatabaseLock}, as a restore into it does: a backup never exports a database a restore is loading.
 */
@ApplicationScoped
public class D1BackupJob {

    private static final Logger LOG = Logger.getLogger(D1BackupJob.class);
    /** What a D1 backup's manifest names as the server: D1 answers no version of its own to a query. */
    public static final String SERVER_VERSION = "Cloudflare D1 (SQLite)";

    private final BucketUploads uploads;
    private final BackupJournal journal;
    private final BackupRecording recording;
    private final BackupConfig config;
    private final D1Settings d1;
    private final DatabaseSecrets secrets;
    private final OwnDatabaseSessions ownDatabase;

    public D1BackupJob(BucketUploads uploads, BackupJournal journal, BackupRecording recording, BackupConfig config, D1Settings d1,
                       DatabaseSecrets secrets, OwnDatabaseSessions ownDatabase) {
        this.uploads = uploads;
        this.journal = journal;
        this.recording = recording;
        this.config = config;
        this.d1 = d1;
        this.secrets = secrets;
        this.ownDatabase = ownDatabase;
    }

    void run(BackupRequestRecord request, RegisteredDatabase database, Progress progress) {
        BackupJournal.Started started = null;
        String folder = null;
        try {
            D1Location location = D1Location.of(database.databaseName, database.d1(), database.credentialRef);
            Optional<ArchiveEncryption> encryption = recording.encryption();
            Instant startedAt = Instant.now().truncatedTo(ChronoUnit.MICROS);
            started = journal.started(request, BackupRecording.newBackupId(), startedAt);
            folder = ArchiveLayout.folder(database.id, startedAt, started.backupId());
            LOG.infof("Backup %s of %s (%s) started (request %s, attempt %d)", started.backupId(), database.id, location,
                    request.requestId, request.attempt);
            BackupManifest manifest = backUp(request, database, location, encryption, started.backupId(), startedAt, folder, progress);
            recording.completed(request, started, manifest, folder);
        } catch (BackupFailure failure) {
            recording.failed(request, started, failure);
        } catch (Throwable unexpected) {
            LOG.errorf(unexpected, "Backup of %s (request %s) failed unexpectedly", request.databaseId, request.requestId);
            if (folder != null) {
                recording.removeQuietly(folder);
            }
            recording.failed(request, started, new BackupFailure(FailureCode.INTERNAL, "unexpected " + unexpected.getClass().getSimpleName()
                    + " in the backup service; see its log"));
        }
    }

    private BackupManifest backUp(BackupRequestRecord request, RegisteredDatabase database, D1Location location,
                                  Optional<ArchiveEncryption> encryption, String backupId, Instant startedAt, String folder,
                                  Progress progress) throws BackupFailure {
        String archiveKey = ArchiveLayout.archiveKey(folder, ArchiveLayout.ArchiveSuffix.of(config.compression(), encryption.isPresent()));
        ArchiveWriter.Written<ExportRowCounter.Counted> written;
        long heldMillis;
        try (D1DatabaseLock lock = lock(location, database.id, request);
             MultipartUploadStream upload = uploads.open(archiveKey, new UploadParts(config.partSizeBytes(), config.uploadsInFlight(),
                "lifeboat.backup.part-size-bytes"));
             D1Export export = D1Export.start(d1.longCommands(secrets), location, d1.commandTimeout())) {
            try {
                written = ArchiveWriter.copy(progress.counting(export.stream()), ExportRowCounter::copy, upload, config.compression(),
                        config.compressionLevel(), config.compressionWorkers(), encryption, backupId);
            } catch (ExportCutShortException e) {
                export.stream().close(); // a wrangler still writing gets a broken pipe and ends, rather than wait for a reader
                export.awaitSuccess(); // wrangler's own reason, when it has one, says more
                throw new BackupFailure(FailureCode.DUMP_FAILED, "the export of " + location + " is not whole: " + e.getMessage(), e);
            }
            export.awaitSuccess();
            heldMillis = export.heldFor().toMillis();
            if (written.counted().rows().isEmpty()) {
                throw new BackupFailure(FailureCode.DATABASE_NOT_FOUND, location + " has no tables: is its name right?");
            }
            stillHeld(lock); // an export made after the lock's session ended may hold a restore's half-loaded database
            upload.complete();
        } catch (WranglerFailure e) {
            throw new BackupFailure(codeOf(e.reason()), e.getMessage(), e);
        } catch (UploadTooLargeException e) {
            throw new BackupFailure(FailureCode.ARCHIVE_TOO_LARGE, e.getMessage(), e);
        } catch (IOException e) { // the bucket's, and the upload's
            throw new BackupFailure(FailureCode.STORAGE_FAILED, e.getMessage(), e);
        }
        Instant completedAt = Instant.now().truncatedTo(ChronoUnit.MICROS);
        LOG.infof("Backup %s of %s: the export held the database for %d ms; %d bytes exported, %d stored, %d tables", backupId,
                database.id, heldMillis, written.counted().bytes(), written.sizeBytes(), written.counted().rows().size());
        return new BackupManifest(BackupManifest.FORMAT_VERSION, backupId, database.id, request.requestId, request.correlationId,
                BackupTrigger.valueOf(request.trigger), request.requestedBy, startedAt, completedAt, SERVER_VERSION, D1Export.FORMAT,
                archiveKey, written.sizeBytes(), written.sha256(), config.compression(), config.compressionLevel(),
                encryption.map(ArchiveEncryption::describe).orElse(null), written.counted().rows(), request.labels, Map.of(), null,
                written.counted().bytes(), heldMillis);
    }

    /**
     * Waits up to {@code lifeboat.backup.lock-wait} for the database's lock (a restore into it, or another backup, holds it),
     * on a session named after this attempt; a session of an older attempt of this request that holds it is ended
     * ({@link AttemptSessions}).
     */
    private D1DatabaseLock lock(D1Location location, String databaseId, BackupRequestRecord request) throws BackupFailure {
        try {
            return D1DatabaseLock.take(() -> ownDatabase.open(AttemptNames.BACKUP.purpose(request.requestId, request.attempt)), location,
                    config.lockWait(), (session, pid, holder) -> AttemptSessions.endOlderAttempt(session, pid, holder, databaseId,
                            request.requestId, request.attempt));
        } catch (D1DatabaseLock.NotHeld e) {
            throw failure(e);
        }
    }

    private static void stillHeld(D1DatabaseLock lock) throws BackupFailure {
        try {
            lock.stillHeld();
        } catch (D1DatabaseLock.NotHeld e) {
            throw failure(e);
        }
    }

    /** LOCK_TIMEOUT when a restore or another backup held it; else INTERNAL (Lifeboat's own database; an interrupt). */
    private static BackupFailure failure(D1DatabaseLock.NotHeld e) {
        return new BackupFailure(e.why() == D1DatabaseLock.NotHeld.Why.BUSY ? FailureCode.LOCK_TIMEOUT : FailureCode.INTERNAL, e.getMessage(), e);
    }

    static FailureCode codeOf(WranglerFailure.Reason reason) {
        return switch (reason) {
            case NOT_INSTALLED -> FailureCode.TOOL_UNAVAILABLE;
            case AUTHENTICATION_FAILED -> FailureCode.AUTHENTICATION_FAILED;
            case NOT_FOUND -> FailureCode.DATABASE_NOT_FOUND;
            case UNREACHABLE -> FailureCode.CONNECTION_FAILED;
            case TIMED_OUT, FAILED, TARGET_EXISTS -> FailureCode.DUMP_FAILED;
        };
    }
}
