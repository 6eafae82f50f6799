package dev.lifeboat.restore.source;

import dev.lifeboat.changes.replay.NotCoveredException;
import dev.lifeboat.changes.segment.TransactionSummary;
import dev.lifeboat.restore.step.RestoreFailure;
import dev.lifeboat.restore.step.RestoreStep;

import java.util.List;
import java.util.stream.Collectors;

/**
 * The one captured transaction a restore {@code before} names: by its commit position there is at most one; by its id
 * there can be several once the database moved to another server (whose ids are its own) or its ids wrapped around, and
 * then the restore is refused naming each, never made to just before whichever is newest.
 */
final class NamedTransaction {

    /** The code of a transaction id that several captured transactions have (a 422). */
    static final String AMBIGUOUS = "AMBIGUOUS_TRANSACTION";

    private NamedTransaction() {
    }

    /**
     * @param named what the request's {@code beforeTransaction} says of it: {@code has the id 734} or {@code committed at 0/3000060}
     * @param found the captured transactions it names, oldest first
     */
    static TransactionSummary one(String databaseId, String named, List<TransactionSummary> found) throws NotCoveredException, RestoreFailure {
        if (found.isEmpty()) {
            throw new NotCoveredException("no captured transaction of " + databaseId + " " + named + ": name one by the position"
                    + " or id lifeboat changes shows (GET /api/databases/" + databaseId + "/changes), which must still be in the change archive");
        }
        if (found.size() > 1) {
            throw new RestoreFailure(RestoreStep.RESOLVE_SOURCE, AMBIGUOUS, found.size() + " captured transactions of " + databaseId
                    + " have the id " + found.get(0).xid() + " (the database moved to another server, or its ids wrapped around): "
                    + found.stream().map(transaction -> "committed at " + transaction.commitTime() + ", position " + transaction.commitLsn())
                    .collect(Collectors.joining("; ")) + ". Name the one you mean by its position");
        }
        return found.get(0);
    }
}
