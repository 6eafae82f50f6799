package dev.lifeboat.changes.replay;

import dev.lifeboat.changes.model.TableName;
import dev.lifeboat.postgres.sql.SqlIdentifiers;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.HashMap;
import java.util.HashSet;
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
                   a.attidentity = 'a'
              FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
              JOIN pg_attribute a ON a.attrelid = c.oid AND a.attnum > 0 AND NOT a.attisdropped
             WHERE n.nspname = ? AND c.relname = ?
             ORDER BY a.attnum""";

    /** @param alwaysIdentity columns {@code GENERATED ALWAYS AS IDENTITY}: an UPDATE may not set them, even to themselves */
    record Table(String quotedName, boolean partitioned, Map<String, String> columnTypes, Set<String> alwaysIdentity) {
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
            boolean partitioned = false;
            try (ResultSet rows = statement.executeQuery()) {
                while (rows.next()) {
                    partitioned = "p".equals(rows.getString(1));
                    types.put(rows.getString(2), rows.getString(3));
                    if (rows.getBoolean(4)) {
                        alwaysIdentity.add(rows.getString(2));
                    }
                }
            }
            if (types.isEmpty()) {
                return null;
            }
            return new Table(SqlIdentifiers.quote(name.schema()) + "." + SqlIdentifiers.quote(name.name()), partitioned, types, alwaysIdentity);
        }
    }
}
