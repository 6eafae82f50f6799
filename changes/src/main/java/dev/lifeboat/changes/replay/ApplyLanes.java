package dev.lifeboat.changes.replay;

import dev.lifeboat.changes.model.RowChange;
import dev.lifeboat.changes.model.TableName;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicReference;

/**
 * A replay's tables applied over several connections at once, triggers off (changes to different tables commute, and
 * no foreign-key trigger looks from one table into another). Each table keeps to one lane, the next in turn at its first
 * change, so its changes stay in their order. A table whose rows are identified by its only unique index (a pgbench
 * account: most of a replay's work) is spread further: each row keeps to the lane its identity's hash names, as no
 * other constraint sees two of its rows at once; a change that moves a row to another identity is applied alone, every
 * lane settled before and after it. A lane is a connection and a thread of its own, applying its part of a window as
 * {@link SetApply} does and committing once it has applied {@value #COMMIT_EVERY} changes or more. While the lanes
 * apply one window the replay gathers the next: on two cores one connection left the server idle a third of the time,
 * waiting for the replay's own thread.
 *
 * <p>What the lanes hold but have not applied is at most {@value #MOST_QUEUED} row statements (one part larger than
 * that waits for the lanes to be empty), so memory stays bounded by the window's own. {@link #settle} waits until every
 * lane has applied what it holds and committed: before a DDL command, a TRUNCATE, the sequences or the end, none of
 * which may meet a lane's lock or miss its rows. The first failure of any lane fails the replay at the next call.
 * Blocking; the replay's thread alone calls it.
 */
final class ApplyLanes implements AutoCloseable {

    private static final int COMMIT_EVERY = 2_000;
    private static final int MOST_QUEUED = 50_000;
    static final int LOCK_TIMEOUT_SECONDS = 60;

    private final ReplayCounts total;
    private final List<Lane> lanes = new ArrayList<>();
    private final Map<TableName, Lane> byTable = new HashMap<>();
    private final Semaphore room = new Semaphore(MOST_QUEUED);
    private final AtomicReference<Exception> failure = new AtomicReference<>();
    private int next;

    private ApplyLanes(ReplayCounts total) {
        this.total = total;
    }

    /**
     * Opens {@code count} lanes, each on a connection of its own from {@code opener}, triggers off as the replay's.
     *
     * @param total where {@link #settle} adds what the lanes applied
     */
    static ApplyLanes open(int count, ReplayLanes.Opener opener, ReplayCounts total) throws SQLException {
        ApplyLanes opened = new ApplyLanes(total);
        try {
            for (int i = 0; i < count; i++) {
                Connection connection = opener.open();
                try {
                    opened.lanes.add(new Lane(connection, i));
                } catch (SQLException | RuntimeException e) {
                    connection.close();
                    throw e;
                }
            }
        } catch (SQLException | RuntimeException e) {
            opened.close();
            throw e;
        }
        return opened;
    }

    /**
     * Hands one table's changes of a window to its lane, or each row's to its row's lane, in their order; waits while the
     * lanes hold too much.
     *
     * @param spreadBy the columns that identify its rows where they may be spread ({@link TargetTables.Table#spreadBy()})
     */
    void submit(TableName table, List<String> spreadBy, List<RowStatement> changes) throws SQLException, ReplayException {
        rethrow();
        List<List<RowStatement>> parts = spreadBy == null ? null : spread(changes, spreadBy, lanes.size());
        if (parts != null) {
            for (int i = 0; i < parts.size(); i++) {
                if (!parts.get(i).isEmpty()) {
                    submit(lanes.get(i), parts.get(i));
                }
            }
            return;
        }
        Lane home = byTable.computeIfAbsent(table, first -> lanes.get(next++ % lanes.size()));
        if (spreadBy == null) {
            submit(home, changes);
            return;
        }
        settle(false, false); // a row moves: its earlier changes may be on any lane, its later ones too
        submit(home, changes);
        settle(false, false);
    }

    /**
     * Each lane's part of one table's changes, by the hash of each row's identity (the inserted row's, or the key that
     * finds it); null where a change moves its row to other identity values, or lacks them.
     */
    static List<List<RowStatement>> spread(List<RowStatement> changes, List<String> spreadBy, int count) {
        List<List<RowStatement>> parts = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            parts.add(new ArrayList<>());
        }
        List<String> identity = new ArrayList<>(spreadBy.size());
        for (RowStatement statement : changes) {
            RowChange change = statement.change();
            Map<String, String> finds = change.kind() == RowChange.Kind.INSERT ? change.values() : change.key();
            identity.clear();
            for (String column : spreadBy) {
                String value = finds == null ? null : finds.get(column);
                if (value == null) {
                    return null;
                }
                if (change.kind() == RowChange.Kind.UPDATE && change.values().containsKey(column)
                        && !value.equals(change.values().get(column))) {
                    return null;
                }
                identity.add(value);
            }
            parts.get(Math.floorMod(identity.hashCode(), count)).add(statement);
        }
        return parts;
    }

    private void submit(Lane lane, List<RowStatement> changes) throws ReplayException {
        int permits = Math.min(MOST_QUEUED, changes.size());
        try {
            room.acquire(permits);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ReplayException("the replay was interrupted");
        }
        lane.thread.execute(() -> {
            try {
                if (failure.get() == null) {
                    lane.apply(changes);
                }
            } catch (SQLException | ReplayException | RuntimeException e) {
                failure.compareAndSet(null, e);
            } finally {
                room.release(permits);
            }
        });
    }

    /**
     * Waits until every lane has applied what it holds and committed it, then adds what they applied to the replay's counts.
     *
     * @param lastly the replay's end: each lane's last commit waits for the disk, as what the restore reports must be on it
     * @param forget a DDL command is next: each lane prepares its statements anew after it
     */
    void settle(boolean lastly, boolean forget) throws SQLException, ReplayException {
        List<Future<?>> settled = new ArrayList<>();
        for (Lane lane : lanes) {
            settled.add(lane.thread.submit(() -> {
                if (failure.get() == null) {
                    lane.commit(lastly, forget);
                }
                return null;
            }));
        }
        for (Future<?> each : settled) {
            try {
                each.get();
            } catch (ExecutionException e) {
                failure.compareAndSet(null, e.getCause() instanceof Exception cause ? cause : new ReplayException(String.valueOf(e.getCause())));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new ReplayException("the replay was interrupted");
            }
        }
        rethrow();
        for (Lane lane : lanes) {
            lane.counts.drainInto(total); // every lane is idle: what it counted is seen here after its future
        }
    }

    private void rethrow() throws SQLException, ReplayException {
        Exception failed = failure.get();
        if (failed instanceof SQLException e) {
            throw e;
        }
        if (failed instanceof ReplayException e) {
            throw e;
        }
        if (failed != null) {
            throw new ReplayException("a replay lane failed: " + failed);
        }
    }

    /** Stops the lanes' threads and closes their connections: what they had not committed is rolled back. */
    @Override
    public void close() {
        for (Lane lane : lanes) {
            lane.thread.shutdownNow();
        }
        for (Lane lane : lanes) {
            try {
                lane.thread.awaitTermination(30, java.util.concurrent.TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            try {
                lane.connection.close();
            } catch (SQLException e) {
                // closing: the server ends the session's transaction itself
            }
        }
        lanes.clear();
    }

    /** One connection with its thread; its fields are its thread's alone. */
    private static final class Lane {
        private final Connection connection;
        private final ExecutorService thread;
        private final ReplayCounts counts = new ReplayCounts();
        private final PreparedBatches batches;
        private final SetApply sets;
        private int sinceCommit;

        Lane(Connection connection, int index) throws SQLException {
            this.connection = connection;
            this.thread = Executors.newSingleThreadExecutor(work -> {
                Thread thread = new Thread(work, "replay-apply-" + index);
                thread.setDaemon(true);
                return thread;
            });
            connection.setAutoCommit(true);
            try (Statement settings = connection.createStatement()) {
                settings.execute("SET synchronous_commit = off");
                // lanes never wait for each other's rows; were one to, the wait would be for ever (the other lane waits
                // for the replay, the replay for this lane): fail instead, naming the transaction
                settings.execute("SET lock_timeout = '" + LOCK_TIMEOUT_SECONDS + "s'");
                if (!ReplayRole.turnTriggersOff(settings)) {
                    throw new SQLException("a lane could not turn its triggers off, which the replay's own connection could");
                }
            }
            connection.setAutoCommit(false);
            ChangeReplay.begin(connection);
            this.batches = new PreparedBatches(connection, counts);
            this.sets = new SetApply(connection, batches, counts);
        }

        void apply(List<RowStatement> changes) throws SQLException, ReplayException {
            sets.run(changes);
            sinceCommit += changes.size();
            if (sinceCommit >= COMMIT_EVERY) {
                connection.commit();
                ChangeReplay.begin(connection);
                sinceCommit = 0;
            }
        }

        void commit(boolean lastly, boolean forget) throws SQLException {
            if (lastly) {
                try (Statement statement = connection.createStatement()) {
                    statement.execute("SET synchronous_commit = on");
                }
            }
            connection.commit();
            if (!lastly) {
                ChangeReplay.begin(connection);
            }
            if (forget || lastly) {
                batches.close();
            }
            sinceCommit = 0;
        }
    }
}
