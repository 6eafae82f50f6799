package dev.lifeboat.postgres.freshness;

import dev.lifeboat.archive.NewestValue;

import dev.lifeboat.postgres.sql.SqlIdentifiers;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Savepoint;
import java.sql.Statement;
import java.util.Map;
import java.util.TreeMap;

/**
 * Reads the newest value of each configured freshness column (JDBC: blocking). The session is set to
 * TimeZone UTC and ISO dates first, so the same data prints the same text on every server and client.
 * A missing table or column, or a type without {@code max}, is recorded as that column's problem, not
 * thrown; inside a transaction (the backup's snapshot) a failed {@code max} is rolled back to a savepoint
 * so the transaction stays usable.
 */
public final class NewestValues {

    private static final String COLUMN_TYPE = """
            SELECT format_type(a.atttypid, a.atttypmod) FROM pg_attribute a
            WHERE a.attrelid = to_regclass(?) AND a.attname = ? AND a.attnum > 0 AND NOT a.attisdropped""";

    private final Connection connection;

    public NewestValues(Connection connection) {
        this.connection = connection;
    }

    /**
     * @param columns table ({@code schema.table}) to its freshness column
     * @return table to the newest value of its column, for every table given
     */
    public Map<String, NewestValue> read(Map<String, String> columns) throws SQLException {
        Map<String, NewestValue> newest = new TreeMap<>();
        if (columns.isEmpty()) {
            return newest;
        }
        try (Statement statement = connection.createStatement()) {
            statement.execute("SET TimeZone = 'UTC'");
            statement.execute("SET DateStyle = 'ISO, YMD'");
            statement.execute("SET IntervalStyle = 'postgres'");
            statement.execute("SET extra_float_digits = 3");
        }
        for (Map.Entry<String, String> entry : new TreeMap<>(columns).entrySet()) {
            newest.put(entry.getKey(), read(entry.getKey(), entry.getValue()));
        }
        return newest;
    }

    private NewestValue read(String table, String column) throws SQLException {
        String type;
        try (PreparedStatement statement = connection.prepareStatement("SELECT to_regclass(?) IS NOT NULL")) {
            statement.setString(1, SqlIdentifiers.quoteTable(table));
            try (ResultSet result = statement.executeQuery()) {
                result.next();
                if (!result.getBoolean(1)) {
                    return NewestValue.unreadable(column, "there is no table " + table);
                }
            }
        }
        try (PreparedStatement statement = connection.prepareStatement(COLUMN_TYPE)) {
            statement.setString(1, SqlIdentifiers.quoteTable(table));
            statement.setString(2, column);
            try (ResultSet result = statement.executeQuery()) {
                if (!result.next()) {
                    return NewestValue.unreadable(column, "table " + table + " has no column " + column);
                }
                type = result.getString(1);
            }
        }
        Savepoint before = connection.getAutoCommit() ? null : connection.setSavepoint();
        try (Statement statement = connection.createStatement();
             ResultSet result = statement.executeQuery("SELECT max(" + SqlIdentifiers.quote(column) + ")::text FROM "
                     + SqlIdentifiers.quoteTable(table))) {
            result.next();
            return NewestValue.of(column, result.getString(1));
        } catch (SQLException e) {
            if (before != null) {
                connection.rollback(before);
            }
            return NewestValue.unreadable(column, "the newest " + column + " (" + type + ") of " + table
                    + " cannot be read: " + e.getMessage().lines().findFirst().orElse("").trim());
        } finally {
            if (before != null) {
                connection.releaseSavepoint(before);
            }
        }
    }
}
