package dev.lifeboat.restorechecks;

import dev.lifeboat.archive.RowDigests;
import dev.lifeboat.events.restore.ValidationResult;
import dev.lifeboat.postgres.digest.CopyOutput;
import dev.lifeboat.postgres.digest.CopyRowsDigest;
import dev.lifeboat.postgres.sql.SqlIdentifiers;
import org.postgresql.PGConnection;
import org.postgresql.copy.CopyOut;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * {@link RestoredCheck#ROW_DIGESTS}: each restored table's rows, streamed out with {@code COPY ... TO STDOUT} in the
 * dump's columns and under the settings the dump printed them with ({@link CopyOutput}), have the digest the backup
 * recorded ({@link CopyRowsDigest}). Counts say a restore is plausible; this says its rows are the backup's, whatever
 * order a restore over several connections loaded them in. A table without a digest is named as not compared, and why.
 */
final class RowDigestCheck {

    private RowDigestCheck() {
    }

    static ValidationResult check(Connection connection, RowDigests digests, Collection<String> tables) throws SQLException {
        List<String> wrong = new ArrayList<>();
        List<String> notCompared = new ArrayList<>();
        int compared = 0;
        Set<String> partitioned = partitioned(connection);
        CopyOutput.apply(connection, digests.outputSettings());
        try {
            for (String table : tables) {
                if (partitioned.contains(table)) {
                    continue; // its rows are its partitions', each compared as a table of its own
                }
                RowDigests.TableDigest expected = digests.tables().get(table);
                if (expected == null) {
                    notCompared.add(table + " (" + digests.notCompared().getOrDefault(table, "no digest of its rows was recorded") + ")");
                    continue;
                }
                compared++;
                try {
                    CopyRowsDigest actual = digest(connection, table, expected.columns());
                    if (!actual.value().equals(expected.digest())) {
                        wrong.add(table + ": its " + RestoredCheck.count(actual.rows(), "row is", "rows are")
                                + " not the backup's (digest " + actual.value() + ", the backup's " + expected.digest() + ")");
                    }
                } catch (SQLException e) {
                    wrong.add(table + ": its rows could not be read: " + e.getMessage());
                }
            }
        } finally {
            CopyOutput.reset(connection);
        }
        String passed = RestoredCheck.count(compared, "table's rows match", "tables' rows match") + " the backup's digests"
                + (notCompared.isEmpty() ? "" : "; not compared: " + notCompared.stream().collect(Collectors.joining(", ")));
        return RestoredCheck.ROW_DIGESTS.result(wrong, passed);
    }

    private static Set<String> partitioned(Connection connection) throws SQLException {
        Set<String> partitioned = new HashSet<>();
        try (Statement statement = connection.createStatement(); ResultSet result = statement.executeQuery(
                "SELECT n.nspname || '.' || c.relname FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace WHERE c.relkind = 'p'")) {
            while (result.next()) {
                partitioned.add(result.getString(1));
            }
        }
        return partitioned;
    }

    /** The digest of the table's rows as COPY prints them now, in the dump's columns. */
    private static CopyRowsDigest digest(Connection connection, String table, List<String> columns) throws SQLException {
        String columnList = columns.isEmpty() ? "" : columns.stream().map(SqlIdentifiers::quote).collect(Collectors.joining(", ", " (", ")"));
        CopyOut copy = connection.unwrap(PGConnection.class).getCopyAPI()
                .copyOut("COPY " + SqlIdentifiers.quoteTable(table) + columnList + " TO STDOUT");
        CopyRowsDigest digest = new CopyRowsDigest();
        for (byte[] row = copy.readFromCopy(); row != null; row = copy.readFromCopy()) {
            digest.acceptRow(row);
        }
        return digest;
    }
}
