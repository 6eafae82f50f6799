package dev.lifeboat.changes.capture;

import dev.lifeboat.changes.model.Lsn;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.Map;
import java.util.TreeMap;

/**
 * The capture's ordinary connection to its database, beside the stream: the source's clock, its sequences (PostgreSQL
 * 15 does not replicate them) and the heartbeat that proves an idle stream complete.
 */
final class SourceSession {

    private final Connection connection;
    private boolean heartbeats = true;

    SourceSession(Connection connection) {
        this.connection = connection;
    }

    Connection connection() {
        return connection;
    }

    Instant now() throws SQLException {
        try (Statement statement = connection.createStatement();
             ResultSet result = statement.executeQuery("SELECT clock_timestamp()")) {
            result.next();
            return result.getTimestamp(1).toInstant();
        }
    }

    /**
     * Where the WAL's next record goes ({@code pg_current_wal_insert_lsn()}): past every commit already visible, even one
     * under {@code synchronous_commit = off} not yet written.
     */
    Lsn walInsertPosition() throws SQLException {
        return lsn("SELECT pg_current_wal_insert_lsn()");
    }

    /** Where the source's WAL is written to now ({@code pg_current_wal_lsn()}). */
    Lsn walPosition() throws SQLException {
        return lsn("SELECT pg_current_wal_lsn()");
    }

    private Lsn lsn(String query) throws SQLException {
        try (Statement statement = connection.createStatement(); ResultSet result = statement.executeQuery(query)) {
            result.next();
            return Lsn.parse(result.getString(1));
        }
    }

    /** Every sequence's {@code last_value} (absent: never used, or not readable by the role). */
    Map<String, Long> sequences() throws SQLException {
        Map<String, Long> values = new TreeMap<>();
        try (Statement statement = connection.createStatement();
             ResultSet rows = statement.executeQuery("SELECT schemaname || '.' || sequencename, last_value FROM pg_sequences")) {
            while (rows.next()) {
                long value = rows.getLong(2);
                if (!rows.wasNull()) {
                    values.put(rows.getString(1), value);
                }
            }
        }
        return values;
    }

    /**
     * Sends the source's time through the stream as a non-transactional logical message; when it arrives, every commit
     * before it has. A role that may not emit messages gets no heartbeat, and coverage ends at its last commit.
     */
    void heartbeat() {
        if (!heartbeats) {
            return;
        }
        try (Statement statement = connection.createStatement()) {
            statement.execute("SELECT pg_logical_emit_message(false, '" + ChangeCapture.HEARTBEAT
                    + "', extract(epoch FROM clock_timestamp())::text)");
        } catch (SQLException e) {
            heartbeats = false;
        }
    }
}
