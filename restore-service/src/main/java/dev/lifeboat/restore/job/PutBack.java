package dev.lifeboat.restore.job;

import dev.lifeboat.restore.intake.RestoreAttempt;
import dev.lifeboat.restore.intake.RestoreJournal;
import dev.lifeboat.restore.step.RestoreFailure;
import dev.lifeboat.restore.step.RestoreStep;
import dev.lifeboat.restore.target.DatabaseNames;
import dev.lifeboat.restore.target.ServerDatabases;
import org.jboss.logging.Logger;

import java.time.Instant;

/**
 * A swap undone (ROLLBACK), the one way a run and a recovery do it: the set-aside database is live again and the
 * swapped-in one, renamed {@code <db>_failed_<time>} in the same transaction, is dropped. That name is journaled (as
 * the restore's staging database) before it is used, so a restore stopped between the rename and the drop has the
 * failed copy dropped by its recovery instead of left on the server. Once the swap back committed the restore is rolled
 * back, whatever the drop does: a copy that cannot be dropped stays journaled, and is said.
 */
final class PutBack {

    private static final Logger LOG = Logger.getLogger(PutBack.class);

    private PutBack() {
    }

    /** @return what was done; @throws RestoreFailure the swap back failed: nothing was renamed, and the restored copy stays live */
    static String swapBack(RestoreJournal journal, RestoreAttempt owner, ServerDatabases databases, String live, String aside)
            throws RestoreFailure {
        String failed = DatabaseNames.failed(live, Instant.now());
        journal.update(owner, row -> row.stagingDatabase = failed);
        try {
            databases.swapBack(live, aside, failed, RestoreStep.ROLLBACK);
        } catch (RestoreFailure notSwapped) {
            journal.update(owner, row -> row.stagingDatabase = null); // never made
            throw notSwapped;
        }
        try {
            dropFailedCopy(journal, owner, databases, aside, failed, RestoreStep.ROLLBACK);
        } catch (RestoreFailure notDropped) {
            LOG.warnf("Restore %s: %s is %s again, but the restored copy %s could not be dropped: %s", owner.restoreId(), aside, live,
                    failed, notDropped.getMessage());
            return aside + " is " + live + " again; the restored copy " + failed + " could not be dropped (" + notDropped.getMessage()
                    + "): drop it";
        }
        return aside + " is " + live + " again; the restored copy was dropped";
    }

    /**
     * After the swap back, by the run or by a recovery that found it done: {@code aside} (when still journaled) is no longer
     * set aside, and the failed copy is dropped, its journaled name cleared once it is gone.
     */
    static void dropFailedCopy(RestoreJournal journal, RestoreAttempt owner, ServerDatabases databases, String aside, String failed,
                               RestoreStep step) throws RestoreFailure {
        if (aside != null) {
            journal.forgetAside(owner, aside);
        }
        journal.update(owner, row -> {
            row.preRestoreDatabase = null;
            row.outcomeNotCommitted(); // the swapped-in copy's rows and checks, journaled before the swap: undone
        });
        databases.drop(failed, step);
        journal.update(owner, row -> row.stagingDatabase = null);
    }
}
