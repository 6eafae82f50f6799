package dev.lifeboat.restore.target;

import dev.lifeboat.postgres.sql.OwnedSequence;

import dev.lifeboat.postgres.sql.SqlIdentifiers;
import org.postgresql.PGConnection;
import org.postgresql.copy.CopyIn;
import org.postgresql.copy.CopyOut;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * Replaces the rows of chosen tables of the live database with those of a staging database restored
 * from the backup, inside one transaction of the live database: the rows are deleted, copied across
 * with {@code COPY ... (FORMAT binary)} streamed from one session to the other, the tables' sequences
 * are moved past their columns, and the caller validates before it commits. Foreign-key triggers are
 * off for the transaction ({@code session_replication_role = replica}), so the order of the tables does
 * not matter; the orphan check before the commit takes their place. Each table's own rows are moved
 * ({@code ONLY}): a partitioned table's are its partitions', which are restored with it and moved as themselves.
 */
public final class TableCopy {

    private TableCopy() {
    }

    /** Runs inside the live connection's open transaction (autocommit off). */
    public static void replaceRows(Connection staging, Connection live, Set<String> tables) throws SQLException {
        try (Statement statement = live.createStatement()) {
            statement.execute("SET LOCAL session_replication_role = replica");
            statement.execute("SET LOCAL lock_timeout = '60s'");
            for (String table : tables) {
                statement.execute("LOCK TABLE " + SqlIdentifiers.quoteTable(table) + " IN ACCESS EXCLUSIVE MODE");
            }
            for (String table : tables) {
                statement.execute("DELETE FROM ONLY " + SqlIdentifiers.quoteTable(table));
            }
        }
        for (String table : tables) {
            copy(staging, live, table);
        }
        moveSequencesPastTheirColumns(live, tables);
    }

    private static void copy(Connection staging, Connection live, String table) throws SQLException {
        String columns = String.join(", ", insertableColumns(staging, table).stream().map(SqlIdentifiers::quote).toList());
        CopyOut out = staging.unwrap(PGConnection.class).getCopyAPI()
                .copyOut("COPY (SELECT " + columns + " FROM ONLY " + SqlIdentifiers.quoteTable(table) + ") TO STDOUT (FORMAT binary)");
        CopyIn in = live.unwrap(PGConnection.class).getCopyAPI()
                .copyIn("COPY " + SqlIdentifiers.quoteTable(table) + " (" + columns + ") FROM STDIN (FORMAT binary)");
        try {
            for (byte[] chunk; (chunk = out.readFromCopy()) != null; ) {
                in.writeToCopy(chunk, 0, chunk.length);
            }
            in.endCopy();
        } finally {
            if (in.isActive()) {
                in.cancelCopy();
            }
            if (out.isActive()) {
                out.cancelCopy();
            }
        }
    }

    /** The columns a row can be given: not dropped, not generated. */
    private static List<String> insertableColumns(Connection connection, String table) throws SQLException {
        List<String> columns = new ArrayList<>();
        try (PreparedStatement query = connection.prepareStatement("""
                SELECT a.attname FROM pg_attribute a
                JOIN pg_class c ON c.oid = a.attrelid JOIN pg_namespace n ON n.oid = c.relnamespace
                WHERE n.nspname || '.' || c.relname = ? AND a.attnum > 0 AND NOT a.attisdropped AND a.attgenerated = ''
                ORDER BY a.attnum""")) {
            query.setString(1, table);
            try (ResultSet result = query.executeQuery()) {
                while (result.next()) {
                    columns.add(result.getString(1));
                }
            }
        }
        return columns;
    }

    private static void moveSequencesPastTheirColumns(Connection live, Set<String> tables) throws SQLException {
        for (OwnedSequence sequence : OwnedSequence.of(live, tables)) {
            try (Statement statement = live.createStatement()) {
                statement.execute("SELECT setval('" + SqlIdentifiers.quoteTable(sequence.sequence()).replace("'", "''") + "', m) FROM (SELECT max("
                        + SqlIdentifiers.quote(sequence.column()) + ") AS m FROM " + SqlIdentifiers.quoteTable(sequence.table()) + ") x WHERE m IS NOT NULL"
                        + " AND m >= (SELECT CASE WHEN is_called THEN last_value + 1 ELSE last_value END FROM " + SqlIdentifiers.quoteTable(sequence.sequence()) + ")");
            }
        }
    }
}
