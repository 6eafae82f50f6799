package dev.lifeboat.changes.replay;

import dev.lifeboat.changes.model.RowChange;
import dev.lifeboat.changes.model.TableName;
import dev.lifeboat.changes.model.Transaction;
import dev.lifeboat.postgres.sql.SqlIdentifiers;

import java.sql.BatchUpdateException;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Predicate;

/**
 * Applies captured transactions to a restored database, in the order given (commit order), as logical replication's
 * own apply does: values bound as typed literals of the target's column types, triggers and foreign-key triggers off
 * where the role may turn them off ({@code session_replication_role = replica}), and each UPDATE or DELETE required to
 * touch exactly one row by its key. Statements travel in pipelined batches; {@link #finish()} commits. Blocking: worker
 * threads only. Not thread-safe.
 */
public final class ChangeReplay {

    private static final int BATCH = 1000;
    private static final int COMMIT_EVERY = 20_000;

    private final Connection target;
    private final TargetTables tables;
    private final Predicate<TableName> included;
    private final ReplayCounts counts = new ReplayCounts();
    private final boolean triggersOff;
    private final List<Pending> batch = new ArrayList<>(BATCH);
    private Statement statement;
    private int sinceCommit;

    private record Pending(Transaction transaction, RowChange change) {
    }

    /** @param included which tables' changes to apply (all for a whole database, the chosen ones for a table restore) */
    public ChangeReplay(Connection target, Predicate<TableName> included) throws SQLException {
        this.target = target;
        this.tables = new TargetTables(target);
        this.included = included;
        target.setAutoCommit(true);
        try (Statement settings = target.createStatement()) {
            settings.execute("SET standard_conforming_strings = on");
            settings.execute("SET synchronous_commit = off");
            this.triggersOff = replicaRole(settings);
        }
        target.setAutoCommit(false);
        this.statement = target.createStatement();
    }

    private static boolean replicaRole(Statement settings) {
        try {
            settings.execute("SET session_replication_role = replica");
            return true;
        } catch (SQLException e) {
            // not a superuser: triggers fire on replay as they do on any insert
            return false;
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
            String sql = statement(transaction, change);
            if (sql == null) {
                continue;
            }
            statement.addBatch(sql);
            batch.add(new Pending(transaction, change));
            if (batch.size() >= BATCH) {
                flush();
            }
        }
        counts.transaction();
        sinceCommit += transaction.changes().size();
        if (sinceCommit >= COMMIT_EVERY) {
            flush();
            target.commit();
            sinceCommit = 0;
        }
    }

    /**
     * Sets each sequence that exists in the target to the value read at the source after the last replayed commit, so
     * that no sequence is behind the data.
     */
    public void sequences(Map<String, Long> values) throws SQLException, ReplayException {
        flush();
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

    /** Applies what is still batched and commits. */
    public void finish() throws SQLException, ReplayException {
        flush();
        target.commit();
        statement.close();
    }

    private String statement(Transaction transaction, RowChange change) throws SQLException, ReplayException {
        if (change.kind() == RowChange.Kind.TRUNCATE) {
            return truncate(transaction, change);
        }
        if (!included.test(change.table())) {
            return null;
        }
        TargetTables.Table table = table(transaction, change.table());
        return switch (change.kind()) {
            case INSERT -> insert(transaction, change, table);
            case UPDATE -> update(transaction, change, table);
            case DELETE -> "DELETE FROM " + table.quotedName() + where(transaction, change, table);
            case TRUNCATE -> throw new IllegalStateException("handled above");
        };
    }

    private String insert(Transaction transaction, RowChange change, TargetTables.Table table) throws ReplayException {
        StringBuilder columns = new StringBuilder();
        StringBuilder values = new StringBuilder();
        for (Map.Entry<String, String> value : change.values().entrySet()) {
            if (columns.length() > 0) {
                columns.append(", ");
                values.append(", ");
            }
            columns.append(SqlIdentifiers.quote(value.getKey()));
            values.append(SqlNames.literal(value.getValue(), type(transaction, change, table, value.getKey())));
        }
        return "INSERT INTO " + table.quotedName() + " (" + columns + ") OVERRIDING SYSTEM VALUE VALUES (" + values + ")";
    }

    private String update(Transaction transaction, RowChange change, TargetTables.Table table) throws ReplayException {
        StringBuilder set = new StringBuilder();
        for (Map.Entry<String, String> value : change.values().entrySet()) {
            String column = value.getKey();
            boolean unchangedKey = change.key().containsKey(column) && Objects.equals(change.key().get(column), value.getValue());
            if (unchangedKey || table.alwaysIdentity().contains(column)) {
                // an identity column GENERATED ALWAYS may not be set, even to its own value (its values do not change
                // but by SET DEFAULT, which replay does not reproduce)
                continue;
            }
            if (set.length() > 0) {
                set.append(", ");
            }
            set.append(SqlIdentifiers.quote(column)).append(" = ")
                    .append(SqlNames.literal(value.getValue(), type(transaction, change, table, column)));
        }
        if (set.length() == 0) {
            // nothing but the key, unchanged: the row must still exist, as the source's update found it
            String first = change.key().keySet().iterator().next();
            set.append(SqlIdentifiers.quote(first)).append(" = ").append(SqlIdentifiers.quote(first));
        }
        return "UPDATE " + table.quotedName() + " SET " + set + where(transaction, change, table);
    }

    private String where(Transaction transaction, RowChange change, TargetTables.Table table) throws ReplayException {
        if (change.key() == null || change.key().isEmpty()) {
            throw new ReplayException(describe(transaction) + ": " + change.kind() + " of " + change.table()
                    + " carries no key (the table has no primary key or replica identity), so its row cannot be found");
        }
        StringBuilder where = new StringBuilder(" WHERE ");
        boolean first = true;
        for (Map.Entry<String, String> key : change.key().entrySet()) {
            if (!first) {
                where.append(" AND ");
            }
            first = false;
            where.append(SqlIdentifiers.quote(key.getKey()));
            if (key.getValue() == null) {
                where.append(" IS NULL");
            } else {
                where.append(" = ").append(SqlNames.literal(key.getValue(), type(transaction, change, table, key.getKey())));
            }
        }
        return where.toString();
    }

    private String truncate(Transaction transaction, RowChange change) throws SQLException, ReplayException {
        StringBuilder names = new StringBuilder();
        for (TableName name : change.tables()) {
            if (!included.test(name)) {
                continue;
            }
            TargetTables.Table table = table(transaction, name);
            names.append(names.length() > 0 ? ", " : "").append(table.partitioned() ? "" : "ONLY ").append(table.quotedName());
        }
        if (names.length() == 0) {
            return null;
        }
        // never CASCADE: the stream lists every published table the source's cascade emptied, and a table restore must
        // not empty tables it does not restore
        return "TRUNCATE " + names + (change.restartIdentity() ? " RESTART IDENTITY" : "");
    }

    private TargetTables.Table table(Transaction transaction, TableName name) throws SQLException, ReplayException {
        TargetTables.Table table = tables.of(name);
        if (table == null) {
            throw new ReplayException(describe(transaction) + " changes " + name + ", which the restored database does not have");
        }
        return table;
    }

    private static String type(Transaction transaction, RowChange change, TargetTables.Table table, String column) throws ReplayException {
        String type = table.columnTypes().get(column);
        if (type == null) {
            throw new ReplayException(describe(transaction) + " sets column " + column + " of " + change.table()
                    + ", which the restored table does not have: its definition changed after the backup");
        }
        return type;
    }

    private void flush() throws SQLException, ReplayException {
        if (batch.isEmpty()) {
            return;
        }
        int[] results;
        try {
            results = statement.executeBatch();
        } catch (BatchUpdateException e) {
            Pending failed = batch.get(Math.min(firstFailure(e.getUpdateCounts()), batch.size() - 1));
            SQLException cause = e.getNextException() != null ? e.getNextException() : e;
            throw new ReplayException(describe(failed.transaction()) + ": " + failed.change().kind() + " of "
                    + failed.change().touched() + " failed: " + cause.getMessage());
        }
        for (int i = 0; i < results.length; i++) {
            Pending pending = batch.get(i);
            RowChange change = pending.change();
            if ((change.kind() == RowChange.Kind.UPDATE || change.kind() == RowChange.Kind.DELETE) && results[i] != 1) {
                throw new ReplayException(describe(pending.transaction()) + ": " + change.kind() + " of " + change.table()
                        + " by " + change.key().keySet() + " touched " + results[i] + " rows where the source touched one");
            }
            counts.applied(change);
        }
        batch.clear();
        statement.clearBatch();
    }

    private static int firstFailure(int[] counts) {
        for (int i = 0; i < counts.length; i++) {
            if (counts[i] == Statement.EXECUTE_FAILED) {
                return i;
            }
        }
        return counts.length;
    }

    static String describe(Transaction transaction) {
        return "transaction " + transaction.xid() + " (committed " + transaction.commitTime() + " at " + transaction.commitLsn() + ")";
    }
}
