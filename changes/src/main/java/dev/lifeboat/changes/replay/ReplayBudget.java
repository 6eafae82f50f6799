package dev.lifeboat.changes.replay;

import dev.lifeboat.changes.model.Lsn;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;

/**
 * A database's replay budget: a restore to any second replays the changes since the newest aligned backup before it,
 * so once those changes would take longer to replay than the budget, a new aligned backup is due. Holds the row changes
 * of each segment stored after the backup's stream position; a segment that straddles it counts whole. Not
 * thread-safe: one capture's storing thread keeps it.
 */
public final class ReplayBudget {

    private record Stored(Lsn lastCommit, long rowChanges) {
    }

    private Duration budget;
    private final Deque<Stored> since = new ArrayDeque<>();
    private Lsn base;
    private long rowChanges;

    public ReplayBudget(Duration budget) {
        budget(budget);
    }

    public Duration budget() {
        return budget;
    }

    /** The database's registration now names this budget. */
    public void budget(Duration changed) {
        if (changed.isNegative() || changed.isZero()) {
            throw new IllegalArgumentException("a replay budget is a positive duration, not " + changed);
        }
        budget = changed;
    }

    /** The newest aligned backup's stream position (null: none yet, every stored change counts). */
    public Lsn base() {
        return base;
    }

    /** A newer aligned backup: what committed at or before its position needs no replay any more. */
    public void base(Lsn newest) {
        if (newest == null || base != null && !newest.after(base)) {
            return;
        }
        base = newest;
        while (!since.isEmpty() && !since.peekFirst().lastCommit().after(newest)) {
            rowChanges -= since.pollFirst().rowChanges();
        }
    }

    /** A segment stored, its last commit and the row changes it holds. */
    public void stored(Lsn lastCommit, long changes) {
        if (base == null || lastCommit.after(base)) {
            since.addLast(new Stored(lastCommit, changes));
            rowChanges += changes;
        }
    }

    /** The row changes a restore to the newest second would replay. */
    public long rowChanges() {
        return rowChanges;
    }

    /** How long replaying them takes at {@code perSecond} row changes a second. */
    public Duration estimate(double perSecond) {
        return Duration.ofMillis((long) Math.ceil(rowChanges / perSecond * 1000));
    }

    /** Whether replaying them would take longer than the budget. */
    public boolean passed(double perSecond) {
        return estimate(perSecond).compareTo(budget) > 0;
    }
}
