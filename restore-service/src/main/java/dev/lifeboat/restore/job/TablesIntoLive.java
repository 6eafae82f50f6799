package dev.lifeboat.restore.job;

import dev.lifeboat.restore.intake.RestoreJournal;
import dev.lifeboat.restore.intake.RestoreRequestRecord;
import dev.lifeboat.restore.intake.TakenOver;
import dev.lifeboat.restore.run.CompletedRestore;
import dev.lifeboat.restore.run.RestoreRun;
import dev.lifeboat.restore.run.TargetRestore;

import dev.lifeboat.restorechecks.RestoredCheck;
import dev.lifeboat.restorechecks.RestoredDatabaseChecks;
import dev.lifeboat.restore.step.RestoreFailure;
import dev.lifeboat.restore.step.RestoreStep;
import dev.lifeboat.restore.target.DatabaseNames;
import dev.lifeboat.restore.target.ServerDatabases;
import dev.lifeboat.restore.target.TableCopy;
import dev.lifeboat.restore.target.TargetServer;
import jakarta.enterprise.context.ApplicationScoped;
import org.jboss.logging.Logger;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * TABLES into the live database, under its lock: restore the tables into a staging database, then replace their
 * rows in the live one in one transaction that is validated before it commits; the staging database is dropped.
 */
@ApplicationScoped
public class TablesIntoLive implements TargetRestore {

    private static final Logger LOG = Logger.getLogger(TablesIntoLive.class);

    private final CopySteps copy;
    private final RestoreJournal journal;

    public TablesIntoLive(CopySteps copy, RestoreJournal journal) {
        this.copy = copy;
        this.journal = journal;
    }

    @Override
    public CompletedRestore restore(RestoreRun run) throws RestoreFailure {
        String live = run.server().liveDatabase();
        String staging = DatabaseNames.staging(live, Instant.now());
        copy.create(run, staging);
        try {
            copy.fill(run, staging);
            RestoredDatabaseChecks.Outcome outcome = run.step(RestoreStep.COPY_TABLES, () -> copyTables(run, staging),
                    copied -> "replaced the rows of " + RestoredCheck.count(run.tables().size(), "table", "tables") + " in one transaction (" + copied.rowsRestored()
                            + " rows) after its checks: " + copied.summary());
            return new CompletedRestore(run.manifest().backupId(), live, outcome);
        } finally {
            run.step(RestoreStep.CLEANUP, () -> {
                copy.dropQuietly(run, staging);
                return "dropped " + staging;
            });
        }
    }

    /**
     * Records, while this attempt owns the run, the live transaction about to commit and what the restore will have done
     * once it has: a restore whose service stops after the commit is then completed by its recovery, which asks the server
     * whether the transaction committed ({@link InterruptedRestores}). Its session on the live database is this attempt's,
     * so a recovery that took the run over first ends it, and the transaction with it, before it looks.
     */
    private long committing(RestoreRun run, Connection live, RestoredDatabaseChecks.Outcome outcome) throws SQLException {
        long transactionId;
        try (Statement statement = live.createStatement(); ResultSet id = statement.executeQuery("SELECT pg_current_xact_id()::text::bigint")) {
            id.next();
            transactionId = id.getLong(1);
        }
        journal.update(run.attempt(), row -> {
            row.liveTransaction = transactionId;
            row.rowsRestored = outcome.rowsRestored();
            row.validations = RestoreJournal.json(outcome.results());
            row.pointReached = RestoreJournal.json(run.pointReached());
        });
        return transactionId;
    }

    /**
     * A commit whose answer failed (the connection dropped as it committed, say) may still have committed: the server is
     * asked over a session of its own. Committed, the restore goes on; rolled back, what {@link #committing} recorded is
     * taken back, so a failed restore shows no rows restored; not known (or still in progress), it is kept, with the
     * transaction's id, as the only word of what may have been done. The commit's failure is the step's.
     */
    private RestoredDatabaseChecks.Outcome afterFailedCommit(RestoreRun run, long transactionId, RestoredDatabaseChecks.Outcome checked,
                                                             SQLException failedCommit) throws RestoreFailure {
        TargetServer server = run.server();
        Optional<Boolean> committed;
        try (ServerDatabases databases = ServerDatabases.on(server, RestoreStep.COPY_TABLES)) {
            committed = databases.committed(transactionId, RestoreStep.COPY_TABLES);
        } catch (RestoreFailure unknown) {
            committed = Optional.empty();
        }
        if (committed.orElse(false)) {
            LOG.warnf("Restore %s: the commit of the tables' rows failed to answer (%s), but transaction %d committed", run.restoreId(),
                    server.connection().redact(failedCommit.getMessage()), transactionId);
            return checked;
        }
        if (committed.isPresent()) { // rolled back: what was recorded would say otherwise
            journal.update(run.attempt(), RestoreRequestRecord::outcomeNotCommitted);
        }
        RestoreFailure failure = server.failure(RestoreStep.COPY_TABLES, server.liveDatabase(), failedCommit);
        if (committed.isEmpty()) {
            failure = new RestoreFailure(RestoreStep.COPY_TABLES, failure.code(), failure.getMessage() + "; whether transaction "
                    + transactionId + " committed cannot be told: compare the tables with the backup", failedCommit);
        }
        throw failure;
    }

    /** COPY_TABLES: the rows replaced and validated in one transaction of the live database, rolled back when a check fails. */
    private RestoredDatabaseChecks.Outcome copyTables(RestoreRun run, String staging) throws RestoreFailure {
        TargetServer server = run.server();
        try (Connection source = server.open(staging, "restore (tables from staging)", RestoreStep.COPY_TABLES);
             Connection live = server.open(server.liveDatabase(), "restore (tables)", RestoreStep.COPY_TABLES)) {
            live.setAutoCommit(false);
            try {
                TableCopy.replaceRows(source, live, run.tables());
                RestoredDatabaseChecks.Outcome outcome = new RestoredDatabaseChecks(live).all(run.manifest(), List.copyOf(run.tables()));
                if (!outcome.passed()) {
                    live.rollback();
                    throw new RestoreFailure(RestoreStep.VALIDATION, "VALIDATION_FAILED", "the tables were not replaced (rolled back): "
                            + outcome.failures());
                }
                long transactionId = committing(run, live, outcome);
                try {
                    live.commit();
                } catch (SQLException failedCommit) {
                    return afterFailedCommit(run, transactionId, outcome, failedCommit);
                }
                return outcome;
            } catch (SQLException e) {
                live.rollback();
                throw server.failure(RestoreStep.COPY_TABLES, server.liveDatabase(), e);
            } catch (TakenOver takenOver) {
                live.rollback();
                throw takenOver;
            }
        } catch (SQLException e) {
            throw server.failure(RestoreStep.COPY_TABLES, server.liveDatabase(), e);
        }
    }
}
