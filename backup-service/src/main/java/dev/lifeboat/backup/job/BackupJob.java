package dev.lifeboat.backup.job;

import dev.lifeboat.runtime.progress.Progress;
import dev.lifeboat.backup.failure.FailureCode;
import dev.lifeboat.backup.connect.TargetConnections;
import dev.lifeboat.backup.failure.BackupFailure;
import dev.lifeboat.backup.config.BackupConfig;
import dev.lifeboat.runtime.secret.DatabaseSecrets;
import dev.lifeboat.runtime.secret.SecretUnavailableException;
import dev.lifeboat.backup.dump.ArchiveWriter;
import dev.lifeboat.backup.dump.SnapshotSession;
import dev.lifeboat.backup.dump.StreamAlignment;
import dev.lifeboat.backup.intake.BackupRequestRecord;
import dev.lifeboat.backup.registry.RegisteredDatabase;
import dev.lifeboat.archive.ArchiveEncryption;
import dev.lifeboat.archive.ArchiveLayout;
import dev.lifeboat.archive.BackupManifest;
import dev.lifeboat.archive.bucket.BucketException;
import dev.lifeboat.archive.upload.BucketUploads;
import dev.lifeboat.archive.upload.MultipartUploadStream;
import dev.lifeboat.archive.upload.UploadParts;
import dev.lifeboat.archive.upload.UploadTooLargeException;
import dev.lifeboat.events.backup.BackupTrigger;
import dev.lifeboat.postgres.connect.PgConnection;
import dev.lifeboat.postgres.dump.DumpRowCounter;
import dev.lifeboat.postgres.dump.PgDumpException;
import dev.lifeboat.postgres.dump.PgDumpProcess;
import io.smallrye.mutiny.infrastructure.Infrastructure;
import jakarta.enterprise.context.ApplicationScoped;
import org.jboss.logging.Logger;

import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;

/**
 * One attempt of one backup request, on a backup worker thread: lock the database, export a snapshot,
 * stream {@code pg_dump} through compression and encryption into a multipart upload while counting rows
 * and reading freshness columns in the same snapshot, write the manifest, then commit catalog entry and {@code BackupCompleted}
 * together. Any failure aborts the upload, removes what was written, and records {@code BackupFailed}.
 */
@ApplicationScoped
public class BackupJob {

    private static final Logger LOG = Logger.getLogger(BackupJob.class);

    private final BucketUploads uploads;
    private final BackupJournal journal;
    private final BackupRecording recording;
    private final D1BackupJob d1;
    private final BackupConfig config;
    private final DatabaseSecrets secrets;

    public BackupJob(BucketUploads uploads, BackupJournal journal, BackupRecording recording, D1BackupJob d1, BackupConfig config,
                     DatabaseSecrets secrets) {
        this.uploads = uploads;
        this.journal = journal;
        this.recording = recording;
        this.d1 = d1;
        this.config = config;
        this.secrets = secrets;
    }

    /**
     * @param database the request's registered database as the claim read it; null when nobody registered it
     * @param progress counts pg_dump's bytes against the database's size, for the heartbeat to record
     */
    public void run(BackupRequestRecord request, RegisteredDatabase database, Progress progress) {
        BackupJournal.Started started = null;
        StepTimes steps = new StepTimes();
        try {
            if (database == null) {
                throw new BackupFailure(FailureCode.UNKNOWN_DATABASE, "no registered database with id '" + request.databaseId + "'");
            }
            switch (database.engine) { // the one place a backup's engine is chosen, from its registration
                case D1 -> {
                    d1.run(request, database, progress);
                    return;
                }
                case POSTGRESQL -> {
                }
            }
            PgConnection server = server(database);
            Optional<ArchiveEncryption> encryption = recording.encryption();
            steps.mark("secrets");
            try (SnapshotSession session = SnapshotSession.open(database, server, request.requestId, request.attempt)) {
                steps.mark("connect");
                session.lock(config.lockWait());
                steps.mark("lock");
                Instant startedAt = Instant.now().truncatedTo(ChronoUnit.MICROS);
                started = journal.started(request, BackupRecording.newBackupId(), startedAt);
                LOG.infof("Backup %s of %s started (request %s, attempt %d)", started.backupId(), database.id, request.requestId,
                        request.attempt);
                backUp(request, database, server, encryption, session, started, startedAt, progress, steps);
            }
        } catch (BackupFailure failure) {
            recording.failed(request, started, failure);
        } catch (Throwable unexpected) {
            LOG.errorf(unexpected, "Backup of %s (request %s) failed unexpectedly", request.databaseId, request.requestId);
            recording.failed(request, started, new BackupFailure(FailureCode.INTERNAL, "unexpected " + unexpected.getClass().getSimpleName()
                    + " in the backup service; see its log"));
        }
    }

    private void backUp(BackupRequestRecord request, RegisteredDatabase database, PgConnection server,
                        Optional<ArchiveEncryption> encryption, SnapshotSession session, BackupJournal.Started started,
                        Instant startedAt, Progress progress, StepTimes steps) throws BackupFailure {
        try (StreamAlignment alignment = StreamAlignment.of(database, server)) {
            backUp(request, database, server, encryption, session, started, startedAt, progress, alignment, steps);
        }
    }

    private void backUp(BackupRequestRecord request, RegisteredDatabase database, PgConnection server,
                        Optional<ArchiveEncryption> encryption, SnapshotSession session, BackupJournal.Started started,
                        Instant startedAt, Progress progress, StreamAlignment alignment, StepTimes steps) throws BackupFailure {
        String backupId = started.backupId();
        String snapshot = session.exportSnapshot(alignment.snapshotName());
        alignment.close(); // the session's own export holds the snapshot now: the slot need not keep WAL during the dump
        String serverVersion = session.serverVersion();
        String folder = ArchiveLayout.folder(database.id, startedAt, backupId);
        String archiveKey = ArchiveLayout.archiveKey(folder, ArchiveLayout.ArchiveSuffix.of(config.compression(), encryption.isPresent()));

        CompletableFuture<SnapshotSession.Survey> survey = CompletableFuture.supplyAsync(() -> {
            try {
                progress.expect(sizeOrUnknown(session, database.id), Instant.now());
                return session.survey(database.freshnessColumns);
            } catch (BackupFailure e) {
                throw new CompletionException(e);
            }
        }, Infrastructure.getDefaultWorkerPool());
        steps.mark("snapshot");
        long streamingBegan = System.nanoTime();
        long streamedAt;
        long countedAt;
        ArchiveWriter.Written<DumpRowCounter.Copied> written;
        SnapshotSession.Survey surveyed;
        SnapshotSession.Contents contents;
        try (MultipartUploadStream upload = uploads.open(archiveKey, new UploadParts(config.partSizeBytes(), config.uploadsInFlight(),
                "lifeboat.backup.part-size-bytes"));
             PgDumpProcess dump = PgDumpProcess.start(config.pgDump(), server, database.databaseName,
                     snapshot)) {
            try {
                written = ArchiveWriter.copy(progress.counting(dump.archive()), DumpRowCounter::copy, upload, config.compression(),
                        config.compressionLevel(),
                        config.compressionWorkers(), encryption, backupId);
            } catch (UploadTooLargeException e) {
                throw new BackupFailure(FailureCode.ARCHIVE_TOO_LARGE, e.getMessage(), e);
            } catch (BucketException e) {
                throw new BackupFailure(FailureCode.STORAGE_FAILED, e.getMessage(), e);
            } catch (IOException e) {
                dump.awaitSuccess();
                throw new BackupFailure(FailureCode.DUMP_FAILED, "reading pg_dump's output failed: " + e.getMessage(), e);
            }
            dump.awaitSuccess();
            streamedAt = System.nanoTime();
            surveyed = awaitSurvey(survey);
            contents = session.contents(surveyed, written.counted().rows());
            countedAt = System.nanoTime();
            upload.complete();
        } catch (UploadTooLargeException e) { // the last part, sent at completion, can be the one too many
            survey.cancel(true);
            throw new BackupFailure(FailureCode.ARCHIVE_TOO_LARGE, e.getMessage(), e);
        } catch (IOException e) {
            survey.cancel(true);
            throw new BackupFailure(FailureCode.STORAGE_FAILED, e.getMessage(), e);
        } catch (PgDumpException e) {
            survey.cancel(true);
            throw failureOf(e);
        } catch (BackupFailure e) {
            survey.cancel(true);
            throw e;
        }
        long storedAt = System.nanoTime();
        Instant completedAt = Instant.now().truncatedTo(ChronoUnit.MICROS);
        BackupManifest manifest = new BackupManifest(BackupManifest.FORMAT_VERSION, backupId, database.id, request.requestId,
                request.correlationId, BackupTrigger.valueOf(request.trigger), request.requestedBy, startedAt, completedAt,
                serverVersion, BackupManifest.PG_DUMP_CUSTOM, archiveKey, written.sizeBytes(), written.sha256(),
                config.compression(), config.compressionLevel(), encryption.map(ArchiveEncryption::describe).orElse(null),
                contents.rowCounts(), request.labels, contents.freshnessColumns(), alignment.lsn(), written.counted().bytes())
                .withRowDigests(contents.rowDigests());
        recording.completed(request, started, manifest, folder);
        Duration took = Duration.between(startedAt, completedAt);
        LOG.infof("Backup %s of %s completed: %d bytes stored (%d dumped) in %d ms: before the dump %s; streaming %d ms (tables "
                        + "surveyed in %d ms alongside), then row counts %d ms (%d tables counted in SQL%s), upload completion %d ms, "
                        + "manifest and catalog %d ms", backupId, database.id, written.sizeBytes(), written.counted().bytes(), took.toMillis(),
                steps, millis(streamedAt - streamingBegan), surveyed.took().toMillis(), millis(countedAt - streamedAt), contents.countedInSql(),
                written.counted().rows().unreadable().map(why -> ", the archive could not be read: " + why).orElse(""),
                millis(storedAt - countedAt), millis(System.nanoTime() - storedAt));
    }

    /** The database's size for the backup's progress; a backup never fails for want of it (its progress has no percent then). */
    private static long sizeOrUnknown(SnapshotSession session, String databaseId) {
        try {
            return session.databaseSize();
        } catch (BackupFailure e) {
            LOG.debugf("The size of %s is unknown, so its backup's progress has no percent: %s", databaseId, e.getMessage());
            return -1;
        }
    }

    private static long millis(long nanos) {
        return nanos / 1_000_000;
    }

    private static SnapshotSession.Survey awaitSurvey(CompletableFuture<SnapshotSession.Survey> survey) throws BackupFailure {
        try {
            return survey.join();
        } catch (CompletionException e) {
            if (e.getCause() instanceof BackupFailure failure) {
                throw failure;
            }
            throw new BackupFailure(FailureCode.INTERNAL, "surveying the snapshot's tables and freshness columns failed: " + e.getCause());
        }
    }

    /** pg_dump's problem as the failure a {@code BackupFailed} carries (and whether the job retries it). */
    static BackupFailure failureOf(PgDumpException e) {
        FailureCode code = switch (e.problem()) {
            case PERMISSION_DENIED -> FailureCode.PERMISSION_DENIED;
            case AUTHENTICATION_FAILED -> FailureCode.AUTHENTICATION_FAILED;
            case CONNECTION_LOST -> FailureCode.CONNECTION_FAILED;
            case DUMP_FAILED -> FailureCode.DUMP_FAILED;
            case INTERRUPTED -> FailureCode.INTERNAL;
        };
        return new BackupFailure(code, e.getMessage(), e);
    }

    private PgConnection server(RegisteredDatabase database) throws BackupFailure {
        try {
            return TargetConnections.server(database, secrets);
        } catch (SecretUnavailableException e) {
            throw new BackupFailure(FailureCode.CREDENTIAL_UNAVAILABLE, e.getMessage());
        }
    }
}
