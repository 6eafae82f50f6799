package dev.lifeboat.restore.job;

import dev.lifeboat.restore.run.RestoreRun;

import dev.lifeboat.changes.slot.SchemaChangeTrigger;
import dev.lifeboat.restorechecks.RestoredDatabaseChecks;
import dev.lifeboat.restore.intake.RestoreJournal;
import dev.lifeboat.restore.metrics.RestoreMetrics;
import dev.lifeboat.restore.source.ArchiveIntoPgRestore;
import dev.lifeboat.restore.source.ArchiveOrCopy;
import dev.lifeboat.restore.step.RestoreFailure;
import dev.lifeboat.restore.step.RestoreStep;
import dev.lifeboat.restore.target.ServerDatabases;
import dev.lifeboat.restore.target.TargetServer;
import dev.lifeboat.restore.validation.CopyValidation;
import jakarta.enterprise.context.ApplicationScoped;
import org.jboss.logging.Logger;

import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.io.IOException;

/**
 * The steps every target takes on its copy of the backup: PREPARE_TARGET (create the database), PG_RESTORE
 * (the archive into it, staged for parallel jobs or streamed), VALIDATION (it matches the backup), and dropping a copy that is not wanted.
 */
@ApplicationScoped
public class CopySteps {

    /** The copy steps' lines. */
    private static final Logger LOG = Logger.getLogger(CopySteps.class);

    private final ArchiveIntoPgRestore archive;
    private final RestoreJournal journal;
    private final RestoreMetrics metrics;

    public CopySteps(ArchiveIntoPgRestore archive, RestoreJournal journal, RestoreMetrics metrics) {
        this.archive = archive;
        this.journal = journal;
        this.metrics = metrics;
    }

    /**
     * PREPARE_TARGET: an empty database owned by the live database's owner (else the restore role). Its name is
     * journaled first (as the restore's staging database), so a restore stopped from here on has it dropped.
     */
    public void create(RestoreRun run, String name) throws RestoreFailure {
        journal.update(run.attempt(), row -> row.stagingDatabase = name);
        try {
            run.step(RestoreStep.PREPARE_TARGET, () -> createEmpty(run, name, RestoreStep.PREPARE_TARGET));
        } catch (RestoreFailure failure) {
            journal.update(run.attempt(), row -> row.stagingDatabase = null);
            throw failure;
        }
    }

    /** An empty database owned by the live database's owner (else the restore role); says so. */
    private static String createEmpty(RestoreRun run, String name, RestoreStep step) throws RestoreFailure {
        try (ServerDatabases databases = ServerDatabases.on(run.server(), step)) {
            String owner = databases.owner(run.server().liveDatabase(), step).orElse(run.server().settings().username());
            databases.create(name, owner, step);
            return "created " + name + " owned by " + owner;
        }
    }

    /** The copy is the restore's result (a new database): no longer a staging database to drop. */
    public void keep(RestoreRun run) {
        journal.update(run.attempt(), row -> row.stagingDatabase = null);
    }

    /**
     * PG_RESTORE: the archive from the bucket through its checks into the database (only the chosen tables' rows, for
     * TABLES); then, for a moment the change archive reaches, REPLAY.
     */
    public void fill(RestoreRun run, String database) throws RestoreFailure {
        var manifest = run.manifest();
        Instant start = Instant.now();
        long plaintextBytes = run.step(RestoreStep.PG_RESTORE, () -> {
                    long bytes = restoreArchive(run, database);
                    withoutCaptureObjects(run.server(), database);
                    return bytes;
                },
                bytes -> manifest.sizeBytes() + " stored bytes, " + bytes + " bytes of pg_dump archive, checksum "
                        + (manifest.encrypted() ? "and encryption tags " : "") + "verified; "
                        + archive.load(manifest, run.tables()).described()
                        + (run.from().isCopy() ? "; read from the second bucket's copy (" + run.from().bucketName() + ")" : ""));
        Duration took = Duration.between(start, Instant.now());
        metrics.throughput(run.request().databaseId, manifest.sizeBytes(), took);
        journal.update(run.attempt(), row -> row.storedBytes = manifest.sizeBytes());
        LOG.debugf("Restore %s: %d plaintext bytes in %d ms", run.restoreId(), plaintextBytes, took.toMillis());
        if (run.replay() != null) {
            run.replayed(run.step(RestoreStep.REPLAY, () -> run.replay().replay(run.server(), database, run.tables()),
                    replayed -> "replayed " + replayed.point().transactions() + " transactions (" + replayed.point().rowChanges()
                            + " row changes) committed after the backup, up to " + replayed.point().target() + ": the last committed "
                            + (replayed.point().committedAt() == null ? "before the backup" : replayed.point().committedAt()
                            + " at " + replayed.point().lsn())
                            + (replayed.point().notReplayed() == null ? "" : "; not captured, as the backup has them: "
                            + String.join(", ", replayed.point().notReplayed().keySet()))
                            + "; freshness columns are not checked after a replay (its rows are newer than the backup's)"));
        }
    }

    /**
     * The archive into the database, from the bucket the run reads. When the primary's archive fails (missing, unreadable,
     * failing its checksum or encryption tags) and a second bucket is configured, the database is emptied (dropped and
     * created again) and the second bucket's copy is restored into it instead: the run reads the copy from then on.
     */
    private long restoreArchive(RestoreRun run, String database) throws RestoreFailure, IOException {
        return ArchiveOrCopy.read(run.restoreId(), run.manifest().backupId(), run.from(),
                bucket -> archive.restore(bucket, run.server(), database, run.manifest(), run.key(), run.tables(), run.progress()),
                (copy, because) -> {
                    try (ServerDatabases databases = ServerDatabases.on(run.server(), RestoreStep.PG_RESTORE)) {
                        databases.drop(database, RestoreStep.PG_RESTORE);
                    }
                    createEmpty(run, database, RestoreStep.PG_RESTORE);
                    run.readFromCopy(copy, because);
                    journal.update(run.attempt(), row -> row.readFromCopy = because);
                }).value();
    }

    /**
     * A copy carries none of the capture's objects its backup held (publication, event trigger): it is not captured,
     * and an in-place restore's new live database is given its own by the capture. The database is always a new copy.
     */
    private static void withoutCaptureObjects(TargetServer server, String database) throws RestoreFailure {
        try (Connection copy = server.open(database, "restore (capture objects)", RestoreStep.PG_RESTORE)) {
            SchemaChangeTrigger.removeFromCopy(copy);
        } catch (SQLException e) {
            throw server.failure(RestoreStep.PG_RESTORE, database, e);
        }
    }

    /** VALIDATION of the copy against the backup, on the tables restored (or all of them). */
    public RestoredDatabaseChecks.Outcome validate(RestoreRun run, String database) throws RestoreFailure {
        return run.step(RestoreStep.VALIDATION, () -> CopyValidation.check(run.server(), database, run.manifest(), run.checkedTables(),
                        run.tables() == null, run.pointReached(), archive.jobs(run.manifest().databaseId())),
                RestoredDatabaseChecks.Outcome::summary);
    }

    /** Drops a copy no longer wanted; a failure to is logged, not raised (the restore's own outcome matters more). */
    public void dropQuietly(RestoreRun run, String name) {
        try (ServerDatabases databases = ServerDatabases.on(run.server(), RestoreStep.CLEANUP)) {
            databases.drop(name, RestoreStep.CLEANUP);
            journal.update(run.attempt(), row -> row.stagingDatabase = null);
        } catch (RestoreFailure e) {
            LOG.errorf("Restore %s could not drop %s: %s", run.restoreId(), name, e.getMessage());
        }
    }
}
