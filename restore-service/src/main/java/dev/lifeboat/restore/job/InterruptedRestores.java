package dev.lifeboat.restore.job;

import dev.lifeboat.restore.config.RestoreConfig;
import dev.lifeboat.restore.intake.RestoreAttempt;
import dev.lifeboat.restore.intake.RestoreJournal;
import dev.lifeboat.restore.intake.RestoreRequestRecord;
import dev.lifeboat.restore.run.RolledBack;
import dev.lifeboat.restore.step.RestoreFailure;
import dev.lifeboat.restore.step.RestoreStep;
import dev.lifeboat.restore.target.D1Targets;
import dev.lifeboat.restore.target.DatabaseNames;
import dev.lifeboat.restore.target.ServerDatabases;
import dev.lifeboat.restore.target.TargetServer;
import dev.lifeboat.restore.target.TargetServers;
import dev.lifeboat.restore.validation.PostSwapCheck;
import dev.lifeboat.restore.registry.KnownDatabase;
import dev.lifeboat.restore.registry.KnownDatabases;
import jakarta.enterprise.context.ApplicationScoped;
import org.jboss.logging.Logger;

import java.sql.SQLException;
import java.time.Instant;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * Ends a restore whose service stopped (its heartbeat is stale), from what its journal and the target server say,
 * so that none stays RUNNING for ever and the live database is always there:
 * <ul>
 * <li>IN_PLACE whose swap committed (the set-aside database exists): both databases accept connections, the
 *     set-aside one is kept as usual, and the post-swap check decides: COMPLETED, or put back and ROLLED_BACK;</li>
 * <li>TABLES whose live transaction committed (its id is recorded just before): COMPLETED with what was recorded;</li>
 * <li>anything else: the live database, under its name, accepts connections again (an IN_PLACE swap may have
 *     stopped after refusing them), the staging or half-made new database is dropped, and the restore is FAILED
 *     with code INTERRUPTED, naming what was left as it was.</li>
 * </ul>
 * A swap is one transaction, so there is no state between the two renames to repair. The stopped worker may only have
 * frozen: the run is taken over first ({@link RestoreJournal#takeOver}, its next attempt), so that nothing it writes once
 * resumed is recorded, and its sessions on the target are ended before anything there is looked at (of a D1 database, the
 * session of Lifeboat's own database that holds its lock; a D1 restore is then ended by {@link D1PutBack}).
 */
@ApplicationScoped
public class InterruptedRestores {

    private static final Logger LOG = Logger.getLogger(InterruptedRestores.class);

    private final TargetServers targets;
    private final RestoreJournal journal;
    private final RestoreOutcomes outcomes;
    private final RestoreConfig config;
    private final KnownDatabases registry;
    private final D1Targets d1;
    private final D1PutBack d1PutBack;

    public InterruptedRestores(TargetServers targets, RestoreJournal journal, RestoreOutcomes outcomes, RestoreConfig config,
                               KnownDatabases registry, D1Targets d1, D1PutBack d1PutBack) {
        this.registry = registry;
        this.d1 = d1;
        this.d1PutBack = d1PutBack;
        this.targets = targets;
        this.journal = journal;
        this.outcomes = outcomes;
        this.config = config;
    }

    /**
     * Ends one restore left RUNNING by a worker that stopped writing its heartbeat (it died, or froze): first takes the
     * run over as its next attempt, so that the stopped worker, should it resume, records and announces nothing, then
     * ends its sessions on the target. A run that moved on meanwhile is left alone; a target that cannot be reached now
     * is tried at a later round.
     *
     * @param takenAs told the attempt the run is taken over as: the caller writes its heartbeat while this ends it
     */
    public void end(RestoreRequestRecord stale, Consumer<RestoreAttempt> takenAs) {
        Optional<RestoreRequestRecord> taken = journal.takeOver(stale, Instant.now().minus(config.staleAfter()));
        if (taken.isEmpty()) {
            return;
        }
        RestoreRequestRecord row = taken.get();
        takenAs.accept(row.owner()); // its heartbeat is written while this recovery ends it
        LOG.errorf("Restore %s stopped without an end (attempt %d wrote no heartbeat since %s); attempt %d ends it from its journal",
                row.restoreId, stale.attempt, stale.heartbeatAt, row.attempt);
        Instant started = row.startedAt == null ? row.receivedAt : row.startedAt;
        Optional<KnownDatabase> d1Database = registry.d1(row.databaseId);
        if (d1Database.isPresent()) {
            endD1LocksOfEarlierAttempts(row);
            d1PutBack.recover(row, d1Database.get(), started);
            return;
        }
        try {
            TargetServer server = targets.of(row.databaseId).forRestore(row.restoreId, row.attempt, journal.sessionCheck(row.owner()));
            try (ServerDatabases databases = ServerDatabases.on(server, RestoreStep.RECOVERY)) {
                long ended = databases.endSessionsOfEarlierAttempts(row.restoreId, row.attempt, RestoreStep.RECOVERY);
                if (ended > 0) {
                    LOG.warnf("Restore %s: ended %d session(s) of its earlier attempts on the target", row.restoreId, ended);
                }
                if (swapCommitted(row, databases)) {
                    finishSwap(row, server, databases, server.liveDatabase(), row.preRestoreDatabase, started);
                    return;
                }
                if (row.stagingDatabase != null && DatabaseNames.isFailedCopy(server.liveDatabase(), row.stagingDatabase)) {
                    endSwappedBack(row, server.liveDatabase(), databases, started);
                    return;
                }
                if (row.liveTransaction != null && tablesCommitted(row, server, databases, started)) {
                    return;
                }
                endBeforeTheSwap(row, server, databases, started);
            }
        } catch (RestoreFailure unreachable) {
            if (unreachable.code().equals("UNKNOWN_DATABASE")) {
                journal.update(row.owner(), record -> {
                    record.preRestoreDatabase = null;
                    record.stagingDatabase = null;
                });
                outcomes.failed(row, new RestoreFailure(RestoreStep.RECOVERY, "INTERRUPTED", "the restore service stopped while the "
                        + "restore ran, and " + row.databaseId + " is no longer a restore target: check its server for " + row.stagingDatabase), started);
                return;
            }
            LOG.warnf("Restore %s stopped without an end; its recovery cannot finish yet (its target cannot be reached, or putting"
                    + " its live database back failed: %s): trying again later", row.restoreId, unreachable.getMessage());
        }
    }

    /** A frozen worker's D1 lock, ended: the database's backups stop waiting for it, and the worker, resumed, stops at its next check. */
    private void endD1LocksOfEarlierAttempts(RestoreRequestRecord row) {
        try {
            int ended = d1.endLocksOfEarlierAttempts(row.restoreId, row.attempt);
            if (ended > 0) {
                LOG.warnf("Restore %s: ended the lock of %s its earlier attempt still held", row.restoreId, row.databaseId);
            }
        } catch (SQLException e) {
            LOG.warnf("Restore %s: the lock of %s its earlier attempt may still hold could not be ended (SQLSTATE %s): it ends with that "
                    + "worker's session", row.restoreId, row.databaseId, e.getSQLState());
        }
    }

    private static boolean swapCommitted(RestoreRequestRecord row, ServerDatabases databases) throws RestoreFailure {
        return "IN_PLACE".equals(row.targetKind) && row.preRestoreDatabase != null && databases.exists(row.preRestoreDatabase, RestoreStep.RECOVERY);
    }

    /**
     * TABLES whose attempt recorded its live transaction before committing it: the earlier attempts' sessions are ended,
     * so the server knows whether it committed. Committed: the rows were replaced after their checks passed, so the
     * staging database is dropped and the restore completed with what was recorded; true when it was ended here.
     */
    private boolean tablesCommitted(RestoreRequestRecord row, TargetServer server, ServerDatabases databases, Instant started)
            throws RestoreFailure {
        Optional<Boolean> committed = databases.committed(row.liveTransaction, RestoreStep.RECOVERY);
        if (committed.isPresent() && !committed.get()) {
            return false; // rolled back: nothing live changed
        }
        if (row.stagingDatabase != null) {
            databases.drop(row.stagingDatabase, RestoreStep.RECOVERY);
        }
        journal.update(row.owner(), record -> record.stagingDatabase = null);
        if (committed.isEmpty()) {
            outcomes.failed(row, new RestoreFailure(RestoreStep.RECOVERY, "INTERRUPTED", "the restore service stopped as the tables' rows "
                    + "were being replaced, and the server no longer knows whether transaction " + row.liveTransaction + " committed: "
                    + "compare " + String.join(", ", row.tables) + " with the backup, and restore them again if they differ"), started);
            return true;
        }
        LOG.warnf("Restore %s stopped after its tables' transaction %d committed; it is completed", row.restoreId, row.liveTransaction);
        outcomes.completed(row, row.resolvedBackupId, server.liveDatabase(), row.rowsRestored == null ? 0 : row.rowsRestored,
                RestoreJournal.results(row.validations), RestoreJournal.pointReached(row.pointReached), row.readFromCopy, started);
        return true;
    }

    /**
     * The swap was undone (the post-swap check had failed) and the restore stopped before the restored copy, named as a
     * failed copy in the journal before the swap back, was dropped ({@link PutBack}): the previous database is live
     * again, so the copy is dropped and the restore is rolled back.
     */
    private void endSwappedBack(RestoreRequestRecord row, String live, ServerDatabases databases, Instant started) throws RestoreFailure {
        String failed = row.stagingDatabase;
        PutBack.dropFailedCopy(journal, row.owner(), databases, row.preRestoreDatabase, failed, RestoreStep.RECOVERY);
        outcomes.rolledBack(row, new RestoreFailure(RestoreStep.POST_SWAP_CHECK, "POST_SWAP_CHECK_FAILED", "the post-swap check failed, "
                + "and the restore service stopped as it put the previous database back: " + live + " is as it was before the restore, "
                + "and the restored copy " + failed + " was dropped"), started);
    }

    /**
     * The swap had not committed when looked at: the staging (or half-made new) database is dropped first, so that no
     * swap can commit after this look; one that committed between the look and the drop is finished as committed.
     * Otherwise the live database accepts connections again and the restore is FAILED.
     */
    private void endBeforeTheSwap(RestoreRequestRecord row, TargetServer server, ServerDatabases databases, Instant started)
            throws RestoreFailure {
        String live = server.liveDatabase();
        String aside = row.preRestoreDatabase;
        if (row.stagingDatabase != null) {
            databases.drop(row.stagingDatabase, RestoreStep.RECOVERY);
        }
        if (swapCommitted(row, databases)) {
            finishSwap(row, server, databases, live, aside, started);
            return;
        }
        StringBuilder left = new StringBuilder();
        if (aside != null && databases.exists(live, RestoreStep.RECOVERY)) {
            databases.allowConnections(live, true, RestoreStep.RECOVERY);
            left.append(live).append(" is as it was and accepts connections");
        }
        if (row.stagingDatabase != null) {
            left.append(left.isEmpty() ? "" : "; ").append(row.stagingDatabase).append(" was dropped");
        }
        journal.update(row.owner(), record -> {
            record.preRestoreDatabase = null;
            record.stagingDatabase = null;
            record.outcomeNotCommitted();
        });
        outcomes.failed(row, new RestoreFailure(RestoreStep.RECOVERY, "INTERRUPTED", "the restore service stopped while "
                + "the restore ran" + (left.isEmpty() ? "" : "; " + left) + "; nothing live was changed"), started);
    }

    private void finishSwap(RestoreRequestRecord row, TargetServer server, ServerDatabases databases, String live, String aside,
                            Instant started) throws RestoreFailure {
        databases.allowConnections(live, true, RestoreStep.RECOVERY);
        databases.allowConnections(aside, true, RestoreStep.RECOVERY);
        journal.update(row.owner(), record -> record.stagingDatabase = null);
        journal.setAside(row.owner(), row.databaseId, aside, config.keepPreRestore());
        try {
            PostSwapCheck.run(server);
        } catch (RestoreFailure failure) {
            // failing, the check's failure is said first, and the recovery tries again
            RolledBack.after(failure, live, () -> PutBack.swapBack(journal, row.owner(), databases, live, aside));
            outcomes.rolledBack(row, new RestoreFailure(RestoreStep.POST_SWAP_CHECK, failure.code(), "the restore service stopped after "
                    + "the swap, and the post-swap check then failed, so " + aside + " is " + live + " again: " + failure.getMessage()), started);
            return;
        }
        LOG.warnf("Restore %s stopped after its swap; the post-swap check passed at recovery, so it is completed", row.restoreId);
        outcomes.completed(row, row.resolvedBackupId, live, row.rowsRestored == null ? 0 : row.rowsRestored,
                RestoreJournal.results(row.validations), RestoreJournal.pointReached(row.pointReached), row.readFromCopy, started);
    }
}
