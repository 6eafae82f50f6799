package dev.lifeboat.changes.replay;

import dev.lifeboat.changes.model.Lsn;
import dev.lifeboat.changes.model.RowChange;
import dev.lifeboat.changes.model.SchemaChange;
import dev.lifeboat.changes.model.TableName;
import dev.lifeboat.changes.model.Transaction;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;

/**
 * Applies captured transactions to a restored database in commit order, as logical replication's own apply does:
 * values bound as the target's column types, triggers and foreign-key triggers off where the role may turn them off
 * ({@code session_replication_role = replica}), and each UPDATE or DELETE required to touch exactly one row by its key.
 *
 * <p>With triggers off, changes to different tables commute, so a window of whole transactions is applied table by table,
 * each table's changes in their order, each run of same-shaped changes as one statement over arrays ({@link SetApply});
 * the database at the window's end is the same; given {@link ReplayLanes} of more than one, the tables are applied over
 * that many connections at once ({@link ApplyLanes}). With triggers on (the role may not turn them off) every change
 * runs in strict commit order on the one connection, as prepared batches. {@link #finish()} commits; {@link #close()}
 * closes the lanes' connections (the given one is the caller's). Blocking: worker threads only. Not thread-safe.
 */
public final class ChangeReplay implements AutoCloseable {

    /**
     * Row statements gathered before they are applied, triggers off: each table's run of updates applies only the last
     * of each row, so a larger window leaves a hot row (a pgbench teller) fewer versions to walk.
     */
    private static final int WINDOW = 20_000;
    /**
     * With triggers on, commits come often: a row updated many times in one transaction keeps every version until it
     * commits, and each update walks them all (a hot row of a pgbench load made replay 10 times slower in one long
     * transaction). With triggers off each window is committed, which holds one version of each row it updated.
     */
    private static final int COMMIT_EVERY = 2_000;
    /** Row statements held at the most, also inside one transaction. */
    private static final int MOST_HELD = 50_000;

    private final Connection target;
    private final TargetTables tables;
    private final Predicate<TableName> included;
    /** Whether DDL that names no chosen table runs too (a whole database), or is left out (a table restore). */
    private final boolean wholeDatabase;
    private final SchemaChangeApply schemaChanges;
    private final ReplayCounts counts = new ReplayCounts();
    private final boolean triggersOff;
    private final PreparedBatches batches;
    private final SetApply sets;
    /** Null: the given connection applies every change. */
    private final ApplyLanes lanes;
    private final Map<TableName, List<RowStatement>> window = new LinkedHashMap<>();
    private TableName lastTable;
    private Lsn lastCommit;
    private int windowSize;
    private int sinceCommit;

    /** A whole database's replay: every change and every DDL command. */
    public ChangeReplay(Connection target) throws SQLException, ReplayException {
        this(target, null, ReplayLanes.one());
    }

    /**
     * @param chosen the tables ({@code schema.name}) of a table restore, whose changes and DDL alone are applied; null: the
     *               whole database
     * @param lanes  how many connections apply the tables at once where triggers are off
     */
    public ChangeReplay(Connection target, java.util.Set<String> chosen, ReplayLanes lanes) throws SQLException, ReplayException {
        this(target, table -> chosen == null || chosen.contains(table.qualified()), chosen == null, lanes);
    }

    private ChangeReplay(Connection target, Predicate<TableName> included, boolean wholeDatabase, ReplayLanes lanes)
            throws SQLException, ReplayException {
        this.target = target;
        this.tables = new TargetTables(target);
        this.included = included;
        this.wholeDatabase = wholeDatabase;
        this.schemaChanges = new SchemaChangeApply(target);
        target.setAutoCommit(true);
        try (Statement settings = target.createStatement()) {
            settings.execute("SET synchronous_commit = off");
            this.triggersOff = ReplayRole.turnTriggersOff(settings);
        }
        target.setAutoCommit(false);
        if (!triggersOff) {
            ReplayRole.refuseUserTriggers(target, included);
        }
        this.batches = new PreparedBatches(target, counts);
        this.sets = new SetApply(target, batches, counts);
        this.lanes = triggersOff && lanes.count() > 1 ? ApplyLanes.open(lanes.count(), lanes.opener(), counts) : null;
        begin();
    }

    private void begin() throws SQLException {
        begin(target);
    }

    /** Each replay transaction checks deferrable constraints at its commit, as the source did. */
    static void begin(Connection connection) throws SQLException {
        try (Statement statement = connection.createStatement()) {
            statement.execute("SET CONSTRAINTS ALL DEFERRED");
        }
    }

    /** Whether the target's own triggers were kept from firing (it needs a superuser, or rds_superuser). */
    public boolean triggersOff() {
        return triggersOff;
    }

    public ReplayCounts counts() {
        return counts;
    }

    public void apply(Transaction transaction) throws ReplayException, SQLException {
        for (RowChange change : transaction.changes()) {
            if (change.kind() == RowChange.Kind.SCHEMA) {
                schemaChange(transaction, change.schemaChange());
                continue;
            }
            if (change.kind() == RowChange.Kind.TRUNCATE) {
                settle(false);
                truncate(transaction, change);
                continue;
            }
            if (!included.test(change.table())) {
                continue;
            }
            if (!triggersOff && lastTable != null && !lastTable.equals(change.table())) {
                flushWindow(); // a trigger or a foreign key may see another table: keep the source's order exactly
            }
            window.computeIfAbsent(change.table(), table -> new ArrayList<>()).add(RowStatement.of(transaction, change, table(transaction, change.table())));
            lastTable = change.table();
            if (++windowSize >= MOST_HELD) {
                flushWindow(); // a very large transaction is sent in parts (a flush is not a commit)
            }
        }
        if (!transaction.commitLsn().equals(lastCommit)) {
            counts.transaction(); // a transaction that spilled to disk comes in parts of one commit
            lastCommit = transaction.commitLsn();
        }
        sinceCommit += transaction.changes().size();
        if (windowSize >= WINDOW) {
            flushWindow();
        }
        if (sinceCommit >= (triggersOff ? WINDOW : COMMIT_EVERY)) {
            flushWindow();
            if (lanes == null) { // each lane commits its own
                target.commit();
                begin();
            }
            sinceCommit = 0;
        }
    }

    /**
     * Sets each sequence that exists in the target to the value read at the source after the last replayed commit, so
     * that no sequence is behind the data.
     */
    public void sequences(Map<String, Long> values) throws SQLException, ReplayException {
        settle(false);
        try (var setval = target.prepareStatement("""
                SELECT setval(c.oid, ?, true) FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
                 WHERE c.relkind = 'S' AND n.nspname || '.' || c.relname = ?""")) {
            for (Map.Entry<String, Long> sequence : values.entrySet()) {
                if (sequence.getValue() != null) {
                    setval.setLong(1, sequence.getValue());
                    setval.setString(2, sequence.getKey());
                    setval.execute();
                }
            }
        }
    }

    /** Applies what the window still holds and commits. */
    public void finish() throws SQLException, ReplayException {
        flushWindow();
        if (lanes != null) {
            lanes.settle(true, true);
        }
        try (Statement statement = target.createStatement()) {
            statement.execute("SET synchronous_commit = on"); // what the restore reports reached is on disk
        }
        target.commit();
        batches.close();
    }

    /** After {@link #finish}: the copy's populated materialized views no replayed REFRESH refreshed (none for a table restore). */
    public List<String> viewsRecomputed() throws SQLException {
        return wholeDatabase ? MaterializedViews.recomputed(target, schemaChanges.refreshed()) : List.of();
    }

    /** Closes the lanes' connections, rolling back what they had not committed; the given connection stays open. */
    @Override
    public void close() {
        if (lanes != null) {
            lanes.close();
        }
    }

    private void flushWindow() throws SQLException, ReplayException {
        if (lanes != null && !window.isEmpty()) {
            // this connection reads the target's catalog: its snapshot would keep every lane's dead row versions (a hot
            // row's chain, walked by each update of it) for the whole replay
            target.commit();
            begin();
        }
        for (Map.Entry<TableName, List<RowStatement>> table : window.entrySet()) {
            if (lanes != null) {
                lanes.submit(table.getKey(), tables.of(table.getKey()).spreadBy(), table.getValue());
            } else if (triggersOff) {
                sets.run(table.getValue());
            } else {
                batches.run(table.getValue());
            }
        }
        window.clear();
        windowSize = 0;
        lastTable = null;
    }

    /**
     * A DDL command runs where it ran at the source: after the changes before it, before those after it; the target's
     * columns are read anew after it. A table restore runs only the commands on its tables.
     */
    private void schemaChange(Transaction transaction, SchemaChange command) throws SQLException, ReplayException {
        List<String> named = command.reshaped();
        boolean chosen = named.isEmpty() ? wholeDatabase : named.stream().allMatch(table -> included.test(TableName.of(table)));
        if (!chosen) {
            return;
        }
        settle(true);
        if (schemaChanges.run(transaction, command)) {
            begin();
        }
        handOver();
        tables.forget();
        batches.close();
        counts.schemaChanged(command);
    }

    private void truncate(Transaction transaction, RowChange change) throws SQLException, ReplayException {
        StringBuilder names = new StringBuilder();
        for (TableName name : change.tables()) {
            if (included.test(name)) {
                TargetTables.Table table = table(transaction, name);
                names.append(names.length() > 0 ? ", " : "").append(table.partitioned() ? "" : "ONLY ").append(table.quotedName());
            }
        }
        if (names.length() == 0) {
            return;
        }
        // never CASCADE: the stream lists every published table the source's cascade emptied, and a table restore must
        // not empty tables it does not restore
        try (Statement statement = target.createStatement()) {
            statement.execute("TRUNCATE " + names + (change.restartIdentity() ? " RESTART IDENTITY" : ""));
        } catch (SQLException e) {
            throw new ReplayException(RowStatement.describe(transaction) + ": TRUNCATE of " + change.tables() + " failed: "
                    + PreparedBatches.firstLine(e.getMessage()));
        }
        counts.applied(change);
        handOver();
    }

    /**
     * With lanes, what this connection changed (a DDL command, a TRUNCATE) is committed at once: the lanes must see it,
     * and must not wait for its lock.
     */
    private void handOver() throws SQLException {
        if (lanes != null) {
            target.commit();
            begin();
        }
    }

    /** Applies what the window holds; with lanes, waits until each has applied and committed it (a DDL command next). */
    private void settle(boolean schemaNext) throws SQLException, ReplayException {
        flushWindow();
        if (lanes != null) {
            lanes.settle(false, schemaNext);
        }
    }

    private TargetTables.Table table(Transaction transaction, TableName name) throws SQLException, ReplayException {
        TargetTables.Table table = tables.of(name);
        if (table == null) {
            throw new ReplayException(RowStatement.describe(transaction) + " changes " + name + ", which the restored database does not have");
        }
        return table;
    }
}
