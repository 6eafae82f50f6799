package dev.lifeboat.changes.replay;

import dev.lifeboat.changes.model.TableName;
import dev.lifeboat.postgres.sql.SqlIdentifiers;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.HashMap;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The restored database's own tables, read from its catalog: each column's type as the target names it (user types'
 * oids differ from the source's, their names do not), and whether a table is partitioned.
 */
final class TargetTables {

    private static final String COLUMNS = """
            SELECT c.relkind, a.attname,
                   -- without the modifier (bpchar, not character, which is char(1)): the cast never cuts a value, and
                   -- the column's own length applies as the value is assigned (too long fails)
                   format_type(a.atttypid, -1),
                   a.attidentity = 'a',
                   -- whether = compares its values (json, xml, point have none: they are found by their text)
                   t.typtype IN ('e', 'r', 'm') OR EXISTS (
                       SELECT 1 FROM pg_opclass oc JOIN pg_am am ON am.oid = oc.opcmethod
                        WHERE oc.opcdefault AND am.amname IN ('btree', 'hash')
                          AND oc.opcintype = CASE WHEN t.typcategory = 'A' THEN t.typelem
                                                  WHEN t.typtype = 'd' THEN t.typbasetype ELSE t.oid END)
              FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
              JOIN pg_attribute a ON a.attrelid = c.oid AND a.attnum > 0 AND NOT a.attisdropped
              JOIN pg_type t ON t.oid = a.atttypid
             WHERE n.nspname = ? AND c.relname = ?
             ORDER BY a.attnum""";

    /** Each unique index's columns (the primary key's too), but partial or expression indexes. */
    private static final String UNIQUE_KEYS = """
            SELECT array_agg(a.attname ORDER BY a.attname)
              FROM pg_index i JOIN pg_class c ON c.oid = i.indrelid JOIN pg_namespace n ON n.oid = c.relnamespace
              JOIN pg_attribute a ON a.attrelid = c.oid AND a.attnum = ANY (i.indkey)
             WHERE n.nspname = ? AND c.relname = ? AND i.indisunique AND i.indpred IS NULL AND i.indexprs IS NULL
             GROUP BY i.indexrelid""";

    /**
     * The columns that identify a plain table's rows (its primary key, or its {@code REPLICA IDENTITY USING INDEX}) where
     * that is its only unique or exclusion index: changes to rows that differ in them then commute, triggers off (no
     * other constraint sees two rows at once), so they may be applied on different connections. Not for a partitioned
     * table, a parent of others, or rows identified in full.
     */
    private static final String SPREAD_BY = """
            SELECT (SELECT array_agg(a.attname ORDER BY a.attname) FROM pg_attribute a
                     WHERE a.attrelid = c.oid AND a.attnum = ANY (i.indkey))
              FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
              JOIN pg_index i ON i.indrelid = c.oid AND i.indisunique AND i.indpred IS NULL AND i.indexprs IS NULL
                             AND CASE c.relreplident WHEN 'd' THEN i.indisprimary WHEN 'i' THEN i.indisreplident ELSE false END
             WHERE n.nspname = ? AND c.relname = ? AND c.relkind = 'r' AND NOT c.relhassubclass
               AND (SELECT count(*) FROM pg_index o WHERE o.indrelid = c.oid AND (o.indisunique OR o.indisexclusion)) = 1""";

    /**
     * @param alwaysIdentity columns {@code GENERATED ALWAYS AS IDENTITY}: an UPDATE may not set them, even to themselves
     * @param textCompared   columns whose type has no equality ({@code json}, {@code xml}, {@code point}): a row is found
     *                       by their text
     * @param uniqueKeys     the column sets of its unique indexes: a change found by one of them finds one row
     * @param shapes         the statements of each shape of change built so far ({@link RowStatement#of}), mutable
     * @param spreadBy       the columns by which its rows may be spread over replay lanes ({@link ApplyLanes}); null: none
     */
    record Table(String quotedName, boolean partitioned, Map<String, String> columnTypes, Set<String> alwaysIdentity,
                 Set<String> textCompared, List<Set<String>> uniqueKeys, Map<RowStatement.ShapeKey, RowStatement.Shape> shapes,
                 List<String> spreadBy) {

        /** Whether these values (a NULL finds nothing unique) can only be one row's. */
        boolean findsOneRow(Map<String, String> key) {
            for (Set<String> unique : uniqueKeys) { // loops, not streams: this runs for every replayed change
                boolean found = true;
                for (String column : unique) {
                    found &= key.get(column) != null;
                }
                if (found) {
                    return true;
                }
            }
            return false;
        }
    }

    private final Connection connection;
    private final Map<TableName, Table> tables = new HashMap<>();

    TargetTables(Connection connection) {
        this.connection = connection;
    }

    /** A DDL command ran: what was read of the tables may no longer hold. */
    void forget() {
        tables.clear();
    }

    /** @return absent when the restored database has no such table */
    Table of(TableName name) throws SQLException {
        Table table = tables.get(name);
        if (table == null) {
            table = read(name);
            if (table != null) {
                tables.put(name, table);
            }
        }
        return table;
    }

    private Table read(TableName name) throws SQLException {
        try (PreparedStatement statement = connection.prepareStatement(COLUMNS)) {
            statement.setString(1, name.schema());
            statement.setString(2, name.name());
            Map<String, String> types = new LinkedHashMap<>();
            Set<String> alwaysIdentity = new HashSet<>();
            Set<String> textCompared = new HashSet<>();
            boolean partitioned = false;
            try (ResultSet rows = statement.executeQuery()) {
                while (rows.next()) {
                    partitioned = "p".equals(rows.getString(1));
                    types.put(rows.getString(2), rows.getString(3));
                    if (rows.getBoolean(4)) {
                        alwaysIdentity.add(rows.getString(2));
                    }
                    if (!rows.getBoolean(5)) {
                        textCompared.add(rows.getString(2));
                    }
                }
            }
            if (types.isEmpty()) {
                return null;
            }
            return new Table(SqlIdentifiers.quote(name.schema()) + "." + SqlIdentifiers.quote(name.name()), partitioned, types,
                    alwaysIdentity, textCompared, uniqueKeys(name), new HashMap<>(), spreadBy(name));
        }
    }

    private List<String> spreadBy(TableName name) throws SQLException {
        try (PreparedStatement statement = connection.prepareStatement(SPREAD_BY)) {
            statement.setString(1, name.schema());
            statement.setString(2, name.name());
            try (ResultSet rows = statement.executeQuery()) {
                return rows.next() ? List.of((String[]) rows.getArray(1).getArray()) : null;
            }
        }
    }

    private List<Set<String>> uniqueKeys(TableName name) throws SQLException {
        try (PreparedStatement statement = connection.prepareStatement(UNIQUE_KEYS)) {
            statement.setString(1, name.schema());
            statement.setString(2, name.name());
            List<Set<String>> keys = new ArrayList<>();
            try (ResultSet rows = statement.executeQuery()) {
                while (rows.next()) {
                    keys.add(new HashSet<>(Arrays.asList((String[]) rows.getArray(1).getArray())));
                }
            }
            return keys;
        }
    }
}
