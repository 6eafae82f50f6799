package dev.lifeboat.changes.support;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * What a database holds, to compare a restore with its source at a moment: its columns and types, a digest of every
 * row of every table (partitions too), and its sequences' values.
 */
public record Fingerprint(String schema, Map<String, String> rows, Map<String, Long> sequences) {

    public static Fingerprint of(Connection connection, Set<String> leftOut) throws SQLException {
        try (Statement statement = connection.createStatement()) {
            StringBuilder schema = new StringBuilder();
            try (ResultSet columns = statement.executeQuery("""
                    SELECT table_name || '.' || column_name || ' ' || data_type FROM information_schema.columns
                     WHERE table_schema = 'public' ORDER BY table_name, ordinal_position""")) {
                while (columns.next()) {
                    schema.append(columns.getString(1)).append('\n');
                }
            }
            List<String> tables = new ArrayList<>();
            try (ResultSet names = statement.executeQuery("SELECT tablename FROM pg_tables WHERE schemaname = 'public' ORDER BY 1")) {
                while (names.next()) {
                    if (!leftOut.contains(names.getString(1))) {
                        tables.add(names.getString(1));
                    }
                }
            }
            Map<String, String> rows = new TreeMap<>();
            for (String table : tables) {
                try (ResultSet digest = statement.executeQuery("SELECT count(*) || ':' || md5(coalesce(string_agg(t::text, E'\\n' ORDER BY t::text), ''))"
                        + " FROM \"" + table + "\" t")) {
                    digest.next();
                    rows.put(table, digest.getString(1));
                }
            }
            Map<String, Long> sequences = new TreeMap<>();
            try (ResultSet values = statement.executeQuery("SELECT sequencename, coalesce(last_value, 0) FROM pg_sequences WHERE schemaname = 'public'")) {
                while (values.next()) {
                    sequences.put(values.getString(1), values.getLong(2));
                }
            }
            return new Fingerprint(schema.toString(), rows, sequences);
        }
    }
}
