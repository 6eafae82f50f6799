package dev.lifeboat.restorechecks;

import dev.lifeboat.archive.RowDigests;
import dev.lifeboat.events.restore.ValidationResult;
import dev.lifeboat.postgres.digest.CopyOutput;
import dev.lifeboat.postgres.digest.CopyRowsDigest;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * {@link RestoredCheck#ROW_DIGESTS}: each restored table's rows, streamed out with {@code COPY ... TO STDOUT} in the
 * dump's columns and under the settings the dump printed them with ({@link CopyOutput}), have the digest the backup
 * recorded ({@link CopyRowsDigest}), read over the restore's connections at once ({@link RowDigestReader}). Counts say a
 * restore is plausible; this says its rows are the backup's, whatever order a restore over several connections loaded
 * them in. A table without a digest is named as not compared, and why; a partitioned table's rows are its partitions'.
 */
final class RowDigestCheck {

    private RowDigestCheck() {
    }

    static ValidationResult check(Connection connection, CheckLanes lanes, RowDigests digests, Collection<String> tables)
            throws SQLException {
        List<String> wrong = new ArrayList<>();
        List<String> notCompared = new ArrayList<>();
        Set<String> partitioned = partitioned(connection);
        List<String> compared = tables.stream().filter(table -> !partitioned.contains(table)).toList();
        Map<String, RowDigestReader.Read> read = RowDigestReader.read(connection, lanes, digests, compared);
        for (String table : compared) {
            RowDigests.TableDigest expected = digests.tables().get(table);
            RowDigestReader.Read actual = read.get(table);
            if (expected == null) {
                notCompared.add(table + " (" + digests.notCompared().getOrDefault(table, "no digest of its rows was recorded") + ")");
            } else if (actual.problem() != null) {
                wrong.add(table + ": its rows could not be read: " + actual.problem());
            } else if (!actual.digest().value().equals(expected.digest())) {
                wrong.add(table + ": its " + RestoredCheck.count(actual.digest().rows(), "row is", "rows are")
                        + " not the backup's (digest " + actual.digest().value() + ", the backup's " + expected.digest() + ")");
            }
        }
        String passed = RestoredCheck.count(compared.size() - notCompared.size(), "table's rows match", "tables' rows match")
                + " the backup's digests" + (notCompared.isEmpty() ? "" : "; not compared: " + String.join(", ", notCompared));
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

}
