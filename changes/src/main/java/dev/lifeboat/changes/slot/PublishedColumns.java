package dev.lifeboat.changes.slot;

import dev.lifeboat.changes.model.TableDefinition;
import dev.lifeboat.changes.model.TableName;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The published tables' columns as the catalog has them now, in the shape the stream describes them (no dropped or
 * generated columns): a definition changed without a row change since shows here before it shows in the stream.
 */
public final class PublishedColumns {

    private static final String COLUMNS = """
            SELECT p.schemaname, p.tablename, a.attname, a.atttypid, a.atttypmod, a.attrelid
              FROM pg_publication_tables p
              JOIN pg_namespace n ON n.nspname = p.schemaname
              JOIN pg_class c ON c.relnamespace = n.oid AND c.relname = p.tablename
              JOIN pg_attribute a ON a.attrelid = c.oid
             WHERE p.pubname = ? AND a.attnum > 0 AND NOT a.attisdropped AND a.attgenerated = ''
             ORDER BY p.schemaname, p.tablename, a.attnum""";

    private PublishedColumns() {
    }

    /** Per published table, its definition (key flags and replica identity unset: they do not matter here). */
    public static Map<TableName, TableDefinition> read(Connection connection, CaptureNames names) throws SQLException {
        Map<TableName, TableDefinition> tables = new HashMap<>();
        try (PreparedStatement statement = connection.prepareStatement(COLUMNS)) {
            statement.setString(1, names.publication());
            try (ResultSet rows = statement.executeQuery()) {
                while (rows.next()) {
                    TableName name = new TableName(rows.getString(1), rows.getString(2));
                    long relationId = rows.getLong(6);
                    TableDefinition.Column column = new TableDefinition.Column(rows.getString(3), rows.getInt(4), rows.getInt(5), false);
                    tables.merge(name, new TableDefinition(name, relationId, ' ', List.of(column)), (a, b) -> {
                        List<TableDefinition.Column> columns = new ArrayList<>(a.columns());
                        columns.addAll(b.columns());
                        return new TableDefinition(name, relationId, ' ', columns);
                    });
                }
            }
        }
        return tables;
    }
}
