package dev.lifeboat.restore.job;

import dev.lifeboat.postgres.checks.RestoredDatabaseChecks;
import dev.lifeboat.restore.config.RestoreConfig;
import dev.lifeboat.restore.databases.ServerDatabases;
import dev.lifeboat.restore.databases.SqlNames;
import dev.lifeboat.restore.journal.RestoreJournal;
import dev.lifeboat.restore.step.RestoreFailure;
import dev.lifeboat.restore.step.RestoreStep;
import dev.lifeboat.restore.validation.PostSwapCheck;
import jakarta.enterprise.context.ApplicationScoped;

import java.time.Instant;

/**
 * IN_PLACE, under the live database's lock: restore into a staging database and validate it, then swap it in
 * (the live one renamed {@code <db>_pre_restore_<time>}, kept for {@code lifeboat.restore.keep-pre-restore});
 * a failed check after the swap swaps back.
 */
@ApplicationScoped
public class InPlaceSwap implements TargetRestore {

    private final CopySteps copy;
    private final RestoreJournal journal;
    private final RestoreConfig config;

    public InPlaceSwap(CopySteps copy, RestoreJournal journal, RestoreConfig config) {
        this.copy = copy;
        this.journal = journal;
        this.config = config;
    }

    @Override
    public CompletedRestore restore(RestoreRun run) throws RestoreFailure, RolledBack {
        String restoreId = run.restoreId();
        String live = run.server().liveDatabase();
        String staging = SqlNames.staging(live, Instant.now());
        copy.create(run, staging);
        journal.update(restoreId, row -> row.stagingDatabase = staging);
        RestoredDatabaseChecks.Outcome outcome;
        try {
            copy.fill(run, staging);
            outcome = copy.validate(run, staging);
        } catch (RestoreFailure failure) {
            copy.dropQuietly(run, staging);
            throw failure;
        }
        String aside = SqlNames.preRestore(live, Instant.now());
        run.step(RestoreStep.SWAP, () -> swap(run, staging, live, aside));
        journal.update(restoreId, row -> {
            row.preRestoreDatabase = aside;
            row.stagingDatabase = null;
        });
        journal.setAside(restoreId, run.request().databaseId, aside, config.keepPreRestore());
        try {
            run.step(RestoreStep.POST_SWAP_CHECK, () -> PostSwapCheck.run(run.server()));
        } catch (RestoreFailure failure) {
            run.step(RestoreStep.ROLLBACK, () -> swapBack(run, live, aside));
            journal.update(restoreId, row -> row.preRestoreDatabase = null);
            throw new RolledBack(failure);
        }
        return new CompletedRestore(run.manifest().backupId(), live, outcome);
    }

    /** Live aside, staging in its place; the lock is released once no one can connect, so the renames need no other session. */
    private String swap(RestoreRun run, String staging, String live, String aside) throws RestoreFailure {
        try (ServerDatabases databases = ServerDatabases.on(run.server(), RestoreStep.SWAP)) {
            databases.allowConnections(live, false, RestoreStep.SWAP);
            run.lock().close();
            try {
                databases.endSessions(live, RestoreStep.SWAP);
                databases.rename(live, aside, RestoreStep.SWAP);
            } catch (RestoreFailure failure) {
                databases.allowConnections(live, true, RestoreStep.SWAP);
                copy.dropQuietly(run, staging);
                throw failure;
            }
            try {
                databases.rename(staging, live, RestoreStep.SWAP);
            } catch (RestoreFailure failure) {
                databases.rename(aside, live, RestoreStep.SWAP);
                databases.allowConnections(live, true, RestoreStep.SWAP);
                copy.dropQuietly(run, staging);
                throw failure;
            }
            databases.allowConnections(aside, true, RestoreStep.SWAP);
            return live + " renamed to " + aside + ", " + staging + " renamed to " + live;
        }
    }

    /** ROLLBACK: the swapped-in database goes ({@code <db>_failed_<time>}, dropped) and the previous one is live again. */
    private String swapBack(RestoreRun run, String live, String aside) throws RestoreFailure {
        String failed = SqlNames.failed(live, Instant.now());
        try (ServerDatabases databases = ServerDatabases.on(run.server(), RestoreStep.ROLLBACK)) {
            databases.allowConnections(live, false, RestoreStep.ROLLBACK);
            databases.endSessions(live, RestoreStep.ROLLBACK);
            databases.rename(live, failed, RestoreStep.ROLLBACK);
            databases.rename(aside, live, RestoreStep.ROLLBACK);
            databases.drop(failed, RestoreStep.ROLLBACK);
        }
        journal.forgetAside(aside);
        return aside + " is " + live + " again; the restored copy was dropped";
    }
}
