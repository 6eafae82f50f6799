package dev.lifeboat.restore.job;

import dev.lifeboat.restore.run.CompletedRestore;
import dev.lifeboat.restore.run.RestoreRun;
import dev.lifeboat.restore.run.TargetRestore;

import dev.lifeboat.restorechecks.RestoredCheck;
import dev.lifeboat.restorechecks.RestoredDatabaseChecks;
import dev.lifeboat.restore.step.RestoreFailure;
import dev.lifeboat.restore.step.RestoreStep;
import dev.lifeboat.restore.target.DatabaseNames;
import dev.lifeboat.restore.target.TableCopy;
import dev.lifeboat.restore.target.TargetServer;
import jakarta.enterprise.context.ApplicationScoped;

import java.sql.Connection;
import java.sql.SQLException;
import java.time.Instant;
import java.util.List;

/**
 * TABLES into the live database, under its lock: restore the tables into a staging database, then replace their
 * rows in the live one in one transaction that is validated before it commits; the staging database is dropped.
 */
@ApplicationScoped
public class TablesIntoLive implements TargetRestore {

    private final CopySteps copy;

    public TablesIntoLive(CopySteps copy) {
        this.copy = copy;
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
                live.commit();
                return outcome;
            } catch (SQLException e) {
                live.rollback();
                throw server.failure(RestoreStep.COPY_TABLES, server.liveDatabase(), e);
            }
        } catch (SQLException e) {
            throw server.failure(RestoreStep.COPY_TABLES, server.liveDatabase(), e);
        }
    }
}
