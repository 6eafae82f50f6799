package dev.lifeboat.verifier.restoretest;

import dev.lifeboat.archive.ArchiveEncryption;
import dev.lifeboat.archive.ArchiveKeyring;
import dev.lifeboat.archive.ArchiveReader;
import dev.lifeboat.archive.BackupManifest;
import dev.lifeboat.archive.staging.ParallelRestore;
import dev.lifeboat.archive.staging.StagedArchive;
import dev.lifeboat.archive.staging.StagingArea;
import dev.lifeboat.archive.staging.StagingSettings;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.event.Observes;
import java.util.function.UnaryOperator;
import dev.lifeboat.changes.replay.ArchiveReplay;
import dev.lifeboat.changes.replay.ExpectedRows;
import dev.lifeboat.changes.slot.SchemaChangeTrigger;
import dev.lifeboat.changes.replay.ReplayLanes;
import dev.lifeboat.changes.replay.ReplayPlan;
import dev.lifeboat.events.restore.RestoreCompleted;
import dev.lifeboat.events.restore.ValidationResult;
import dev.lifeboat.postgres.connect.PgConnection;
import dev.lifeboat.postgres.restore.PgRestoreException;
import dev.lifeboat.postgres.restore.RowsOverConnectionsRestore;
import dev.lifeboat.postgres.restore.PgRestoreProcess;
import dev.lifeboat.postgres.sql.TableInheritance;
import dev.lifeboat.restorechecks.CheckLanes;
import dev.lifeboat.postgres.sql.CatalogNames;
import dev.lifeboat.restorechecks.MaterializedViewNotice;
import dev.lifeboat.restorechecks.RestoredDatabaseChecks;
import dev.lifeboat.postgres.restore.TableOfContents;
import dev.lifeboat.runtime.secret.SecretUnavailableException;
import java.time.Clock;
import dev.lifeboat.verifier.config.EncryptionConfig;
import dev.lifeboat.verifier.config.VerifierConfig;
import dev.lifeboat.archive.bucket.BucketObjects;
import dev.lifeboat.verifier.verification.BackupVerification;
import dev.lifeboat.verifier.verification.VerificationQueue;
import dev.lifeboat.d1.export.D1Export;
import dev.lifeboat.d1.wrangler.WranglerFailure;
import jakarta.enterprise.context.ApplicationScoped;
import org.jboss.logging.Logger;
import dev.lifeboat.archive.bucket.ObjectStream;

import java.io.IOException;
import java.io.InputStream;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * One restore test (blocking: the restore-test worker's thread): the newest verified backup of the
 * database is restored from the bucket (staged for {@code pg_restore --jobs}, or streamed with one job) into a new scratch database on the scratch server (for a database captured for
 * point-in-time restore, then replayed to a random second its backup reaches: {@link RandomSecondReplay}), timed (RTO),
 * checked against its manifest and its archive's table of contents (row counts, foreign-key orphans,
 * sequences, every table and index, the newest value of each freshness column), and the scratch database
 * is dropped whatever happened. The result is a {@link RestoreTestReport}; an error that stops the test (no verified backup, pg_restore failing, an
 * unreachable server) is part of the report, and its verdict is FAIL.
 */
@ApplicationScoped
public class RestoreTestRun {

    private static final Logger LOG = Logger.getLogger(RestoreTestRun.class);

    private final VerificationQueue verifications;
    private final BucketObjects objects;
    private final ScratchServer scratch;
    private final ArchiveKeyring keyring;
    private final PgRestoreProcess pgRestore;
    private final Clock clock;
    private final RandomSecondReplay randomSecond;
    private final StagingArea staging;
    private final int jobs;
    private final ParallelRestore.When stageWhen;
    private final D1ScratchRestore d1;

    public RestoreTestRun(VerificationQueue verifications, BucketObjects objects, StagingArea staging, ScratchServer scratch,
                          EncryptionConfig encryption, VerifierConfig config, Clock clock, RandomSecondReplay randomSecond,
                          D1ScratchRestore d1) {
        this.d1 = d1;
        this.staging = staging;
        this.jobs = config.restoreJobs().orElseGet(StagingSettings::defaultJobs);
        this.stageWhen = config.restoreStageWhen();
        this.randomSecond = randomSecond;
        this.verifications = verifications;
        this.objects = objects;
        this.scratch = scratch;
        this.keyring = new ArchiveKeyring(encryption.keys());
        this.pgRestore = new PgRestoreProcess(config.pgRestore(), true, "lifeboat verifier");
        this.clock = clock;
    }

    /** The scratch database a test restores into: {@code lifeboat_scratch_<first 12 hex digits of the test id>}. */
    public static String scratchName(String testId) {
        return "lifeboat_scratch_" + testId.replace("-", "").substring(0, 12).toLowerCase(Locale.ROOT);
    }

    public RestoreTestReport run(RestoreTestRecord test) {
        Instant testedAt = clock.instant();
        Optional<BackupVerification> newest = verifications.newestPassed(test.databaseId);
        if (newest.isEmpty()) {
            return failed(test, testedAt, "no verified backup of " + test.databaseId + " to restore");
        }
        BackupManifest manifest;
        try {
            manifest = objects.manifest(newest.get().manifestKey);
        } catch (IOException e) {
            return failed(test, testedAt, "cannot read the manifest of backup " + newest.get().backupId + ": " + e.getMessage());
        }
        long backupAge = Math.max(0, Duration.between(manifest.completedAt(), testedAt).toSeconds());
        if (D1Export.FORMAT.equals(manifest.archiveFormat())) {
            return d1(test, manifest, testedAt, backupAge);
        }
        String database = scratchName(test.testId);
        Long restoreMs = null;
        long plaintextBytes = 0;
        List<ValidationResult> checks = new ArrayList<>();
        long rows = 0;
        Map<String, Long> tableRows = Map.of();
        String error = null;
        RestoreCompleted.PointReached pointReached = null;
        try {
            ArchiveEncryption key = manifest.encrypted() ? keyring.byId(manifest.encryption().keyId()) : null;
            Optional<ReplayPlan> replay = randomSecond.plan(manifest);
            long start = System.nanoTime();
            scratch.create(database);
            plaintextBytes = restore(database, manifest, key);
            try (Connection connection = scratch.open(database)) {
                SchemaChangeTrigger.removeFromCopy(connection); // a scratch copy carries none of the capture's objects
            }
            BackupManifest expected = manifest;
            boolean schemaReplayed = false;
            if (replay.isPresent()) {
                try (Connection connection = scratch.open(database)) {
                    PgConnection lanes = scratch.connection();
                    ArchiveReplay.Reached reached = randomSecond.replay(connection,
                            new ReplayLanes(jobs, () -> lanes.open(database, "verifier")), replay.get(), manifest.databaseId());
                    pointReached = reached.pointReached(replay.get());
                    schemaReplayed = reached.counts().schemaChanges() > 0;
                    expected = manifest.replayed(ExpectedRows.of(connection, reached.counts(), manifest.tableRowCounts()),
                            reached.counts().changed(TableInheritance.children(connection), manifest.tableRowCounts().keySet()));
                } catch (SQLException | IOException e) {
                    throw e;
                } catch (Exception e) {
                    throw new IOException("replaying the change archive to " + replay.get().target() + " failed: " + e.getMessage(), e);
                }
            }
            restoreMs = (System.nanoTime() - start) / 1_000_000;
            List<TableOfContents.Entry> objectsOfArchive = tableOfContents(manifest, key);
            try (Connection connection = scratch.open(database)) {
                PgConnection lanes = scratch.connection();
                RestoredDatabaseChecks restored = new RestoredDatabaseChecks(connection,
                        new CheckLanes(jobs, () -> lanes.open(database, "verifier")));
                RestoredDatabaseChecks.Outcome outcome = restored.all(expected, expected.tableRowCounts().keySet());
                checks.addAll(outcome.results());
                if (!schemaReplayed) { // replayed DDL may have dropped what the backup's table of contents lists
                    checks.add(restored.schemaObjects(objectsOfArchive));
                }
                (pointReached != null ? MaterializedViewNotice.afterReplay(pointReached.viewsRecomputed(), pointReached.target())
                        : MaterializedViewNotice.afterRestore(CatalogNames.populatedMaterializedViews(connection))).ifPresent(checks::add);
                rows = outcome.rowsRestored();
                tableRows = outcome.tableRows();
            }
        } catch (PgRestoreException | SecretUnavailableException | SQLException | IOException e) {
            error = e.getMessage();
        } finally {
            dropQuietly(database);
        }
        boolean passed = error == null && !checks.isEmpty() && checks.stream().allMatch(ValidationResult::passed);
        return new RestoreTestReport(test.testId, test.databaseId, test.trigger, testedAt, manifest.backupId(), manifest.completedAt(),
                manifest.sizeBytes(), plaintextBytes, restoreMs, backupAge, rows, tableRows, manifest.tableRowCounts(), checks, error, passed,
                pointReached);
    }

    /**
     * The archive into the scratch database as a restore would load it ({@link ParallelRestore}): staged for
     * {@code pg_restore --jobs}, streamed with each table's rows over the jobs' connections, or with one job streamed into
     * one pg_restore.
     */
    private long restore(String database, BackupManifest manifest, ArchiveEncryption key)
            throws IOException, PgRestoreException, SecretUnavailableException {
        ParallelRestore.Load load = ParallelRestore.load(this.jobs, stageWhen, manifest);
        if (load.way() == ParallelRestore.Load.Way.STAGED_JOBS) {
            try (StagedArchive staged = staging.stage(manifest, keyId -> key, UnaryOperator.identity())) {
                pgRestore.restore(scratch.connection(), database, Optional.empty(), staged.file(), load.jobs());
                return staged.plaintextBytes();
            }
        }
        if (load.way() == ParallelRestore.Load.Way.ROWS_OVER_CONNECTIONS) {
            return new RowsOverConnectionsRestore(pgRestore, load.jobs()).<IOException>restore(scratch.connection(), database,
                    whole -> read(manifest, key));
        }
        try (InputStream stored = objects.open(manifest.archiveKey())) {
            return pgRestore.restore(scratch.connection(), database, Optional.empty(), ArchiveReader.plaintext(stored, manifest, keyId -> key));
        }
    }

    /** A new read of the archive's plaintext; closed before its end, the rest of the download is abandoned. */
    private InputStream read(BackupManifest manifest, ArchiveEncryption key) throws IOException {
        ObjectStream stored = objects.open(manifest.archiveKey());
        try {
            return stored.abortedOnClose(ArchiveReader.plaintext(stored, manifest, keyId -> key));
        } catch (IOException | RuntimeException e) {
            stored.abort();
            throw e;
        }
    }

    /** Staged archives a killed restore test left behind are deleted when the service starts. */
    void sweepStaging(@Observes StartupEvent started) {
        staging.sweepAtStart();
    }

    private List<TableOfContents.Entry> tableOfContents(BackupManifest manifest, ArchiveEncryption key) throws IOException, PgRestoreException {
        try (ObjectStream stored = objects.open(manifest.archiveKey())) {
            try {
                return TableOfContents.tablesAndIndexes(pgRestore.list(ArchiveReader.plaintext(stored, manifest, keyId -> key)));
            } finally {
                stored.abort();
            }
        }
    }

    /** A D1 backup: restored into a scratch local D1, the same report. */
    private RestoreTestReport d1(RestoreTestRecord test, BackupManifest manifest, Instant testedAt, long backupAge) {
        String error = null;
        D1ScratchRestore.Restored restored = null;
        try {
            ArchiveEncryption key = manifest.encrypted() ? keyring.byId(manifest.encryption().keyId()) : null;
            restored = d1.restore(manifest, key);
        } catch (WranglerFailure | SecretUnavailableException | IOException e) {
            error = e.getMessage();
        }
        List<ValidationResult> checks = restored == null ? List.of() : restored.checks();
        boolean passed = error == null && !checks.isEmpty() && checks.stream().allMatch(ValidationResult::passed);
        long rows = manifest.tableRowCounts().values().stream().mapToLong(Long::longValue).sum();
        return new RestoreTestReport(test.testId, test.databaseId, test.trigger, testedAt, manifest.backupId(), manifest.completedAt(),
                manifest.sizeBytes(), restored == null ? 0 : restored.plaintextBytes(), restored == null ? null : restored.restoreMs(),
                backupAge, passed ? rows : 0, passed ? manifest.tableRowCounts() : Map.of(), manifest.tableRowCounts(), checks, error,
                passed, null);
    }

    private RestoreTestReport failed(RestoreTestRecord test, Instant testedAt, String error) {
        return new RestoreTestReport(test.testId, test.databaseId, test.trigger, testedAt, null, null, 0, 0, null, 0, 0, Map.of(), Map.of(),
                List.of(), error, false, null);
    }

    private void dropQuietly(String database) {
        try {
            scratch.drop(database);
        } catch (SQLException | SecretUnavailableException e) {
            LOG.errorf("Could not drop the scratch database %s (drop it by hand): %s", database, e.getMessage());
        }
    }
}
