package dev.lifeboat.changes.replay;

import java.sql.Connection;
import java.sql.SQLException;

/**
 * How many connections a replay applies its tables over at once, and how it opens the ones beyond the first. Lanes are
 * used only where the target's triggers are off ({@code session_replication_role = replica}): then changes to different
 * tables commute, and each table's changes keep their order on its own lane. With triggers on, one connection applies
 * every change in commit order, whatever the count.
 *
 * @param count  connections at most, the first included (1: the given connection alone)
 * @param opener opens one more connection to the same database as the same role
 */
public record ReplayLanes(int count, Opener opener) {

    /** The most lanes {@link #defaultCount()} chooses: past it a replay waits on its one reading thread. */
    public static final int MOST_BY_DEFAULT = 4;

    /** Opens one more connection to the replay's target database. */
    @FunctionalInterface
    public interface Opener {
        Connection open() throws SQLException;
    }

    public ReplayLanes {
        if (count < 1) {
            throw new IllegalArgumentException("a replay needs at least one lane, not " + count);
        }
        if (count > 1 && opener == null) {
            throw new IllegalArgumentException("lanes beyond the first need a way to open their connections");
        }
    }

    /** The given connection alone. */
    public static ReplayLanes one() {
        return new ReplayLanes(1, null);
    }

    /** The machine's cores, at most {@value #MOST_BY_DEFAULT}. */
    public static int defaultCount() {
        return Math.max(1, Math.min(MOST_BY_DEFAULT, Runtime.getRuntime().availableProcessors()));
    }
}
