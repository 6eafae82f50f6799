package dev.lifeboat.restore.job;

import dev.lifeboat.restore.intake.RestoreAttempt;
import dev.lifeboat.restore.intake.RestoreJournal;
import dev.lifeboat.restore.step.RestoreFailure;
import dev.lifeboat.restore.step.RestoreStep;
import dev.lifeboat.restore.target.DatabaseNames;
import dev.lifeboat.restore.target.ServerDatabases;

import java.time.Instant;

/**
 * A swap undone (ROLLBACK), the one way a run and a recovery do it: the set-aside database is live again and the
 * swapped-in one, renamed {@code <db>_failed_<time>} in the same transaction, is dropped. That name is journaled (as
 * the restore's staging database) before it is used, so a restore stopped between the rename and the drop has the
 * failed copy dropped by its recovery instead of left on the server.
 */
final class PutBack {

    private PutBack() {
    }

    /** @return what was done */
    static String swapBack(RestoreJournal journal, RestoreAttempt owner, ServerDatabases databases, String live, String aside)
            throws RestoreFailure {
        String failed = DatabaseNames.failed(live, Instant.now());
        journal.update(owner, row -> row.stagingDatabase = failed);
        String done = databases.putBack(live, aside, failed, RestoreStep.ROLLBACK);
        journal.forgetAside(owner, aside);
        journal.update(owner, row -> {
            row.preRestoreDatabase = null;
            row.stagingDatabase = null;
        });
        return done;
    }
}
