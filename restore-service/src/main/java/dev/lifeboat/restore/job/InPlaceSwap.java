package dev.lifeboat.restore.job;

import dev.lifeboat.restore.run.CompletedRestore;
import dev.lifeboat.restore.run.RestoreRun;
import dev.lifeboat.restore.run.RolledBack;
import dev.lifeboat.restore.run.TargetRestore;

import dev.lifeboat.changes.segment.InPlaceRestore;
import dev.lifeboat.changes.slot.CaptureNames;
import dev.lifeboat.restorechecks.RestoredDatabaseChecks;
import dev.lifeboat.restore.config.RestoreConfig;
import dev.lifeboat.restore.intake.RestoreJournal;
import dev.lifeboat.restore.source.PointInTimeSource;
import dev.lifeboat.restore.step.RestoreFailure;
import dev.lifeboat.restore.step.RestoreStep;
import dev.lifeboat.restore.target.DatabaseNames;
import dev.lifeboat.restore.target.ServerDatabases;
import dev.lifeboat.restore.validation.PostSwapCheck;
import jakarta.enterprise.context.ApplicationScoped;
import org.jboss.logging.Logger;

import java.io.IOException;
import java.time.Instant;

/**
 * IN_PLACE, under the live database's lock: restore into a staging database and validate it, then swap it in
 * (the live one renamed {@code <db>_pre_restore_<time>}, kept for {@code lifeboat.restore.keep-pre-restore});
 * a failed check after the swap swaps back. Both renames of a swap commit in one transaction, and the names are
 * journaled before they are used, so a restore stopped at any point is ended by {@link dev.lifeboat.restore.job.InterruptedRestores}.
 */
@ApplicationScoped
public class InPlaceSwap implements TargetRestore {

    private static final Logger LOG = Logger.getLogger(InPlaceSwap.class);

    private final CopySteps copy;
    private final RestoreJournal journal;
    private final RestoreConfig config;
    private final PointInTimeSource pointInTime;

    public InPlaceSwap(CopySteps copy, RestoreJournal journal, RestoreConfig config, PointInTimeSource pointInTime) {
        this.pointInTime = pointInTime;
        this.copy = copy;
        this.journal = journal;
        this.config = config;
    }

    @Override
    public CompletedRestore restore(RestoreRun run) throws RestoreFailure, RolledBack {
        String live = run.server().liveDatabase();
        String staging = DatabaseNames.staging(live, Instant.now());
        copy.create(run, staging);
        RestoredDatabaseChecks.Outcome outcome;
        try {
            copy.fill(run, staging);
            outcome = copy.validate(run, staging);
        } catch (RestoreFailure failure) {
            copy.dropQuietly(run, staging);
            throw failure;
        }
        String aside = DatabaseNames.preRestore(live, Instant.now());
        journal.update(run.attempt(), row -> {
            row.preRestoreDatabase = aside;
            row.rowsRestored = outcome.rowsRestored();
            row.validations = RestoreJournal.json(outcome.results());
            row.pointReached = RestoreJournal.json(run.pointReached());
        });
        handOverCapture(run, live, aside);
        try {
            run.step(RestoreStep.SWAP, () -> swap(run, staging, live, aside));
        } catch (RestoreFailure failure) {
            journal.update(run.attempt(), row -> {
                row.preRestoreDatabase = null;
                row.outcomeNotCommitted(); // never swapped in
            });
            copy.dropQuietly(run, staging);
            throw failure;
        }
        journal.update(run.attempt(), row -> row.stagingDatabase = null);
        journal.setAside(run.attempt(), run.request().databaseId, aside, config.keepPreRestore());
        try {
            run.step(RestoreStep.POST_SWAP_CHECK, () -> PostSwapCheck.run(run.server()));
        } catch (RestoreFailure failure) {
            throw RolledBack.after(failure, live, () -> run.step(RestoreStep.ROLLBACK, () -> putBack(run, live, aside)));
        }
        return new CompletedRestore(run.manifest().backupId(), live, outcome);
    }

    /**
     * A captured database's capture will find its slot on {@code aside} after the swap: word of this restore, left in
     * the change archive first, lets it name the restore in its gap. Without it (the bucket out of reach) the gap
     * still is recorded, without the restore's id.
     */
    private void handOverCapture(RestoreRun run, String live, String aside) {
        String databaseId = run.request().databaseId;
        try (ServerDatabases databases = ServerDatabases.on(run.server(), RestoreStep.SWAP)) {
            if (databases.hasSlot(CaptureNames.of(databaseId).slot(), live, RestoreStep.SWAP)) {
                pointInTime.recordInPlaceRestore(new InPlaceRestore(databaseId, run.restoreId(), run.manifest().backupId(),
                        aside, Instant.now()));
            }
        } catch (RestoreFailure | IOException | RuntimeException e) {
            LOG.warnf("Restore %s: the capture of %s is not told of it (%s); its gap will not name the restore",
                    run.restoreId(), databaseId, e.getMessage());
        }
    }

    /** Live aside, staging in its place, in one transaction; the lock is released once no one can connect, so the renames need no other session. */
    private String swap(RestoreRun run, String staging, String live, String aside) throws RestoreFailure {
        try (ServerDatabases databases = ServerDatabases.on(run.server(), RestoreStep.SWAP)) {
            databases.allowConnections(live, false, RestoreStep.SWAP);
            run.lock().close();
            try {
                databases.endSessions(live, RestoreStep.SWAP);
                databases.swap(live, staging, aside, RestoreStep.SWAP);
            } catch (RestoreFailure failure) {
                databases.allowConnections(live, true, RestoreStep.SWAP);
                throw failure;
            }
            return live + " renamed to " + aside + " and " + staging + " renamed to " + live + " in one transaction";
        }
    }

    /** ROLLBACK: the swapped-in database goes ({@code <db>_failed_<time>}, dropped) and the previous one is live again. */
    private String putBack(RestoreRun run, String live, String aside) throws RestoreFailure {
        try (ServerDatabases databases = ServerDatabases.on(run.server(), RestoreStep.ROLLBACK)) {
            return PutBack.swapBack(journal, run.attempt(), databases, live, aside);
        }
    }
}
