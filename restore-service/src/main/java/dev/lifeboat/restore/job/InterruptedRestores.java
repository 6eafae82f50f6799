package dev.lifeboat.restore.job;

import dev.lifeboat.restore.config.RestoreConfig;
import dev.lifeboat.restore.intake.RestoreJournal;
import dev.lifeboat.restore.intake.RestoreRequestRecord;
import dev.lifeboat.restore.step.RestoreFailure;
import dev.lifeboat.restore.step.RestoreStep;
import dev.lifeboat.restore.target.ServerDatabases;
import dev.lifeboat.restore.target.TargetServer;
import dev.lifeboat.restore.target.TargetServers;
import dev.lifeboat.restore.validation.PostSwapCheck;
import dev.lifeboat.restore.registry.KnownDatabases;
import jakarta.enterprise.context.ApplicationScoped;
import org.jboss.logging.Logger;

import java.time.Instant;

/**
 * Ends a restore whose service stopped (its heartbeat is stale), from what its journal and the target server say,
 * so that none stays RUNNING for ever and the live database is always there:
 * <ul>
 * <li>IN_PLACE whose swap committed (the set-aside database exists): both databases accept connections, the
 *     set-aside one is kept as usual, and the post-swap check decides: COMPLETED, or put back and ROLLED_BACK;</li>
 * <li>anything else: the live database, under its name, accepts connections again (an IN_PLACE swap may have
 *     stopped after refusing them), the staging or half-made new database is dropped, and the restore is FAILED
 *     with code INTERRUPTED, naming what was left as it was.</li>
 * </ul>
 * A swap is one transaction, so there is no state between the two renames to repair.
 */
@ApplicationScoped
public class InterruptedRestores {

    private static final Logger LOG = Logger.getLogger(InterruptedRestores.class);

    private final TargetServers targets;
    private final RestoreJournal journal;
    private final RestoreOutcomes outcomes;
    private final RestoreConfig config;
    private final KnownDatabases registry;

    public InterruptedRestores(TargetServers targets, RestoreJournal journal, RestoreOutcomes outcomes, RestoreConfig config,
                               KnownDatabases registry) {
        this.registry = registry;
        this.targets = targets;
        this.journal = journal;
        this.outcomes = outcomes;
        this.config = config;
    }

    /** Ends one restore left RUNNING by a worker that stopped; a target that cannot be reached now is tried at the next round. */
    public void end(RestoreRequestRecord row) {
        Instant started = row.startedAt == null ? row.receivedAt : row.startedAt;
        if (registry.d1(row.databaseId).isPresent()) {
            outcomes.failed(row, new RestoreFailure(RestoreStep.RECOVERY, "INTERRUPTED", "the restore service stopped while the D1 restore "
                    + "ran; a TABLES load and a remote load are all or nothing, but a local database is loaded in batches, so "
                    + (row.targetDatabase == null ? row.databaseId : row.targetDatabase) + " may hold part of the backup: check it, and "
                    + "restore again (or restore the safety backup taken before it)"), started);
            return;
        }
        try {
            TargetServer server = targets.of(row.databaseId);
            try (ServerDatabases databases = ServerDatabases.on(server, RestoreStep.RECOVERY)) {
                String live = server.liveDatabase();
                String aside = row.preRestoreDatabase;
                if ("IN_PLACE".equals(row.targetKind) && aside != null && databases.exists(aside, RestoreStep.RECOVERY)) {
                    finishSwap(row, server, databases, live, aside, started);
                    return;
                }
                StringBuilder left = new StringBuilder();
                if (aside != null && databases.exists(live, RestoreStep.RECOVERY)) {
                    databases.allowConnections(live, true, RestoreStep.RECOVERY);
                    left.append(live).append(" is as it was and accepts connections");
                }
                if (row.stagingDatabase != null) {
                    databases.drop(row.stagingDatabase, RestoreStep.RECOVERY);
                    left.append(left.isEmpty() ? "" : "; ").append(row.stagingDatabase).append(" was dropped");
                }
                journal.update(row.restoreId, record -> {
                    record.preRestoreDatabase = null;
                    record.stagingDatabase = null;
                });
                outcomes.failed(row, new RestoreFailure(RestoreStep.RECOVERY, "INTERRUPTED", "the restore service stopped while "
                        + "the restore ran" + (left.isEmpty() ? "" : "; " + left) + "; nothing live was changed"), started);
            }
        } catch (RestoreFailure unreachable) {
            if (unreachable.code().equals("UNKNOWN_DATABASE")) {
                journal.update(row.restoreId, record -> {
                    record.preRestoreDatabase = null;
                    record.stagingDatabase = null;
                });
                outcomes.failed(row, new RestoreFailure(RestoreStep.RECOVERY, "INTERRUPTED", "the restore service stopped while the "
                        + "restore ran, and " + row.databaseId + " is no longer a restore target: check its server for " + row.stagingDatabase), started);
                return;
            }
            LOG.warnf("Restore %s stopped without an end; its target cannot be checked yet (%s): trying again later",
                    row.restoreId, unreachable.getMessage());
        }
    }

    private void finishSwap(RestoreRequestRecord row, TargetServer server, ServerDatabases databases, String live, String aside,
                            Instant started) throws RestoreFailure {
        databases.allowConnections(live, true, RestoreStep.RECOVERY);
        databases.allowConnections(aside, true, RestoreStep.RECOVERY);
        journal.update(row.restoreId, record -> record.stagingDatabase = null);
        journal.setAside(row.restoreId, row.databaseId, aside, config.keepPreRestore());
        try {
            PostSwapCheck.run(server);
        } catch (RestoreFailure failure) {
            databases.putBack(live, aside, RestoreStep.ROLLBACK);
            journal.forgetAside(aside);
            journal.update(row.restoreId, record -> record.preRestoreDatabase = null);
            outcomes.rolledBack(row, new RestoreFailure(RestoreStep.POST_SWAP_CHECK, failure.code(), "the restore service stopped after "
                    + "the swap, and the post-swap check then failed, so " + aside + " is " + live + " again: " + failure.getMessage()), started);
            return;
        }
        LOG.warnf("Restore %s stopped after its swap; the post-swap check passed at recovery, so it is completed", row.restoreId);
        outcomes.completed(row, row.resolvedBackupId, live, row.rowsRestored == null ? 0 : row.rowsRestored,
                RestoreJournal.results(row.validations), null, null, started);
    }
}
