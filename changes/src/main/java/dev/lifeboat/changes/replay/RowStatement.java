package dev.lifeboat.changes.replay;

import dev.lifeboat.changes.model.RowChange;
import dev.lifeboat.changes.model.Transaction;
import dev.lifeboat.postgres.sql.SqlIdentifiers;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * One row change as a parameterized statement of the target's own column types: each value bound as text and cast to
 * its column's type ({@code ?::numeric}), which the type's input function reads losslessly. Changes of one table with
 * the same columns share their SQL, so they run as one prepared batch.
 *
 * @param sql      the statement, with {@code ?} for each of {@code values}
 * @param values   the parameters' text (null: SQL NULL)
 * @param target   the table, quoted
 * @param params   what each parameter is: the column it sets or finds the row by, and its type
 * @param setBased whether a run of such statements may be applied as one statement over arrays ({@link SetApply}):
 *                 not when the key changes, nor when the row is found by a NULL or changes no column
 */
record RowStatement(String sql, List<String> values, String target, List<Param> params, boolean setBased,
                    Transaction transaction, RowChange change) {

    /** @param key whether it finds the row (WHERE) rather than sets a column */
    record Param(String column, String type, boolean key) {
    }

    /**
     * Shapes kept per table at the most: a table found by its whole old row ({@code REPLICA IDENTITY FULL}) may have a
     * shape per pattern of NULLs and unchanged columns; past this, its other shapes are built for each change.
     */
    static final int MOST_SHAPES = 1_024;

    /** What the statements of one table and {@link ShapeKey shape} share: built once, for the first of them. */
    record Shape(String sql, List<Param> params, boolean setBased) {
    }

    /**
     * What decides a change's statement, given its table: its kind, the columns it sets (in order), which of them are a
     * key column set to its own value, the columns that find its row (in order) and which of those are NULL.
     */
    record ShapeKey(RowChange.Kind kind, List<String> columns, long unchangedKeys, List<String> keyColumns, long nullKeys) {

        /** @return null where the change has more than 64 columns (it is built on its own) */
        static ShapeKey of(RowChange change) {
            Map<String, String> values = change.values();
            Map<String, String> key = change.key();
            if (values != null && values.size() > Long.SIZE || key != null && key.size() > Long.SIZE) {
                return null;
            }
            List<String> columns = values == null ? List.of() : new ArrayList<>(values.keySet());
            long unchangedKeys = 0;
            if (key != null && values != null) {
                for (int i = 0; i < columns.size(); i++) {
                    String column = columns.get(i);
                    if (key.containsKey(column) && Objects.equals(key.get(column), values.get(column))) {
                        unchangedKeys |= 1L << i;
                    }
                }
            }
            List<String> keyColumns = key == null ? List.of() : new ArrayList<>(key.keySet());
            long nullKeys = 0;
            for (int i = 0; i < keyColumns.size(); i++) {
                if (key.get(keyColumns.get(i)) == null) {
                    nullKeys |= 1L << i;
                }
            }
            return new ShapeKey(change.kind(), columns, unchangedKeys, keyColumns, nullKeys);
        }
    }

    /**
     * The change's statement: its shape's SQL and parameters as the first change of that shape of the table built them
     * (the table's {@link TargetTables.Table#shapes()}, forgotten with the table at a DDL command), with its own values.
     */
    static RowStatement of(Transaction transaction, RowChange change, TargetTables.Table table) throws ReplayException {
        ShapeKey key = change.kind() == RowChange.Kind.TRUNCATE || change.kind() == RowChange.Kind.SCHEMA ? null : ShapeKey.of(change);
        Shape shape = key == null ? null : table.shapes().get(key);
        if (shape == null) {
            RowStatement built = build(transaction, change, table);
            if (key != null && table.shapes().size() < MOST_SHAPES) {
                table.shapes().put(key, new Shape(built.sql(), built.params(), built.setBased()));
            }
            return built;
        }
        List<Param> params = shape.params();
        List<String> values = new ArrayList<>(params.size());
        for (Param param : params) { // a loop, not a stream: this runs for every replayed change
            values.add(param.key() ? change.key().get(param.column()) : change.values().get(param.column()));
        }
        return new RowStatement(shape.sql(), values, table.quotedName(), params, shape.setBased(), transaction, change);
    }

    /** The statement built from the table's definition: what a change of a shape not seen yet costs. */
    static RowStatement build(Transaction transaction, RowChange change, TargetTables.Table table) throws ReplayException {
        return switch (change.kind()) {
            case INSERT -> insert(transaction, change, table);
            case UPDATE -> update(transaction, change, table);
            case DELETE -> {
                List<String> values = new ArrayList<>();
                List<Param> params = new ArrayList<>();
                String where = where(transaction, change, table, values, params);
                yield new RowStatement("DELETE FROM " + table.quotedName() + where, values, table.quotedName(), params,
                        findsByValues(change, table), transaction, change);
            }
            case TRUNCATE, SCHEMA -> throw new IllegalArgumentException("a " + change.kind() + " is not a row statement");
        };
    }

    private static RowStatement insert(Transaction transaction, RowChange change, TargetTables.Table table) throws ReplayException {
        StringBuilder columns = new StringBuilder();
        StringBuilder placeholders = new StringBuilder();
        List<String> values = new ArrayList<>(change.values().size());
        List<Param> params = new ArrayList<>(change.values().size());
        for (Map.Entry<String, String> value : change.values().entrySet()) {
            if (!values.isEmpty()) {
                columns.append(", ");
                placeholders.append(", ");
            }
            String type = type(transaction, change, table, value.getKey());
            columns.append(SqlIdentifiers.quote(value.getKey()));
            placeholders.append("?::").append(type);
            values.add(value.getValue());
            params.add(new Param(value.getKey(), type, false));
        }
        return new RowStatement("INSERT INTO " + table.quotedName() + " (" + columns + ") OVERRIDING SYSTEM VALUE VALUES ("
                + placeholders + ")", values, table.quotedName(), params, true, transaction, change);
    }

    private static RowStatement update(Transaction transaction, RowChange change, TargetTables.Table table) throws ReplayException {
        StringBuilder set = new StringBuilder();
        List<String> values = new ArrayList<>();
        List<Param> params = new ArrayList<>();
        boolean keyChanged = false;
        for (Map.Entry<String, String> value : change.values().entrySet()) {
            String column = value.getKey();
            boolean unchangedKey = change.key() != null && change.key().containsKey(column)
                    && Objects.equals(change.key().get(column), value.getValue());
            if (unchangedKey || table.alwaysIdentity().contains(column)) {
                // an identity column GENERATED ALWAYS may not be set, even to its own value (its values do not change
                // but by SET DEFAULT, which replay does not reproduce)
                continue;
            }
            keyChanged |= change.key() != null && change.key().containsKey(column);
            String type = type(transaction, change, table, column);
            set.append(set.length() > 0 ? ", " : "").append(SqlIdentifiers.quote(column)).append(" = ?::").append(type);
            values.add(value.getValue());
            params.add(new Param(column, type, false));
        }
        boolean changesAColumn = set.length() > 0;
        if (!changesAColumn) {
            // nothing but the key, unchanged: the row must still exist, as the source's update found it (a column set
            // to itself, never an identity column GENERATED ALWAYS, which may not be)
            String column = table.columnTypes().keySet().stream().filter(name -> !table.alwaysIdentity().contains(name))
                    .findFirst().orElseThrow(() -> new ReplayException(describe(transaction) + ": UPDATE of " + change.table()
                            + " changes no column the restored table lets replay set"));
            set.append(SqlIdentifiers.quote(column)).append(" = ").append(SqlIdentifiers.quote(column));
        }
        String where = where(transaction, change, table, values, params);
        return new RowStatement("UPDATE " + table.quotedName() + " SET " + set + where, values, table.quotedName(), params,
                changesAColumn && !keyChanged && findsByValues(change, table), transaction, change);
    }

    /**
     * Whether the row is found by values that are one row's alone, each with its parameter (a NULL is found by IS NULL,
     * which has none): not by a whole row of a table with {@code REPLICA IDENTITY FULL} and no unique key, which may
     * be one of identical rows.
     */
    private static boolean findsByValues(RowChange change, TargetTables.Table table) {
        if (change.key() == null || change.key().containsValue(null) || !table.findsOneRow(change.key())) {
            return false;
        }
        for (String column : change.key().keySet()) {
            if (table.textCompared().contains(column)) {
                return false;
            }
        }
        return true;
    }

    private static String where(Transaction transaction, RowChange change, TargetTables.Table table, List<String> values,
                                List<Param> params) throws ReplayException {
        if (change.key() == null || change.key().isEmpty()) {
            throw new ReplayException(describe(transaction) + ": " + change.kind() + " of " + change.table()
                    + " carries no key (the table has no primary key or replica identity), so its row cannot be found");
        }
        StringBuilder found = new StringBuilder();
        for (Map.Entry<String, String> key : change.key().entrySet()) {
            found.append(found.length() > 0 ? " AND " : "").append(SqlIdentifiers.quote(key.getKey()));
            String type = type(transaction, change, table, key.getKey());
            if (key.getValue() == null) {
                found.append(" IS NULL");
            } else if (table.textCompared().contains(key.getKey())) {
                // json, xml, point: no = of their own; the stream carries the text the source stores and prints
                found.append("::text = ?::text");
                values.add(key.getValue());
                params.add(new Param(key.getKey(), "text", true));
            } else {
                found.append(" = ?::").append(type);
                values.add(key.getValue());
                params.add(new Param(key.getKey(), type, true));
            }
        }
        if (table.findsOneRow(change.key())) {
            return " WHERE " + found;
        }
        // the whole old row of a table without a unique key: one of the rows equal to it, as the source changed one
        return " WHERE (tableoid, ctid) = (SELECT tableoid, ctid FROM " + table.quotedName() + " WHERE " + found + " LIMIT 1)";
    }

    private static String type(Transaction transaction, RowChange change, TargetTables.Table table, String column) throws ReplayException {
        String type = table.columnTypes().get(column);
        if (type == null) {
            throw new ReplayException(describe(transaction) + " sets column " + column + " of " + change.table()
                    + ", which the restored table does not have: its definition changed after the backup");
        }
        return type;
    }

    /** Whether the statement must touch exactly one row: an UPDATE or DELETE finds the one row the source changed. */
    boolean oneRow() {
        return change.kind() == RowChange.Kind.UPDATE || change.kind() == RowChange.Kind.DELETE;
    }

    static String describe(Transaction transaction) {
        return "transaction " + transaction.xid() + " (committed " + transaction.commitTime() + " at " + transaction.commitLsn() + ")";
    }

}
