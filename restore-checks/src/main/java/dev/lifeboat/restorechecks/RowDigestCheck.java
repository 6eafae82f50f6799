package dev.lifeboat.restorechecks;

import dev.lifeboat.archive.RowDigests;
import dev.lifeboat.events.restore.ValidationResult;
import dev.lifeboat.postgres.copytext.CopyOutput;
import dev.lifeboat.postgres.sql.CatalogNames;
import dev.lifeboat.postgres.copytext.CopyRowsDigest;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * {@link RestoredCheck#ROW_DIGESTS}: each restored table's rows, streamed out with {@code COPY ... TO STDOUT} in the
 * dump's columns and under the settings the dump printed them with ({@link CopyOutput}), have the digest the backup
 * recorded ({@link CopyRowsDigest}), read over the restore's connections at once ({@link RowDigestReader}). Counts say a
 * restore is plausible; this says its rows are the backup's, whatever order a restore over several connections loaded
 * them in. A table without a digest is named as not compared, and why; a partitioned table's rows are its partitions'.
 */
final class RowDigestCheck {

    /** From PostgreSQL 12 on, floats print in the shortest form that reads back exactly. */
    private static final int SHORTEST_FLOATS = 12;
    private static final String[] MONEY = {"money"};
    private static final String[] FLOATS = {"float4", "float8", "point", "line", "lseg", "box", "path", "polygon", "circle"};
    private static final String COLUMNS_OF_TYPES = """
            SELECT DISTINCT n.nspname || '.' || c.relname FROM pg_attribute a
              JOIN pg_class c ON c.oid = a.attrelid JOIN pg_namespace n ON n.oid = c.relnamespace
              JOIN pg_type t ON t.oid = a.atttypid
              LEFT JOIN pg_type e ON e.oid = t.typelem LEFT JOIN pg_type b ON b.oid = t.typbasetype
             WHERE a.attnum > 0 AND NOT a.attisdropped AND c.relkind = 'r'
               AND (t.typname = ANY (?) OR e.typname = ANY (?) OR b.typname = ANY (?))""";

    private RowDigestCheck() {
    }

    /**
     * @param dumpedBy the version of the server the backup was dumped from ({@code 15.4}): floats print otherwise from 12 on
     * @param rowsRead filled with the rows read of each table read whole (its own, not its children's): what
     *                 {@link RowCountCheck} need not count again
     */
    static ValidationResult check(Connection connection, CheckLanes lanes, RowDigests digests, Collection<String> tables,
                                  String dumpedBy, Map<String, Long> rowsRead) throws SQLException {
        List<String> wrong = new ArrayList<>();
        List<String> notCompared = new ArrayList<>();
        Set<String> partitioned = Set.copyOf(CatalogNames.partitionedTables(connection));
        List<String> inScope = tables.stream().filter(table -> !partitioned.contains(table)).toList();
        Map<String, String> incomparable = incomparable(connection, digests, dumpedBy);
        List<String> compared = inScope.stream().filter(table -> !incomparable.containsKey(table)).toList();
        Map<String, RowDigestReader.Read> read = RowDigestReader.read(connection, lanes, digests, compared);
        for (String table : inScope) {
            RowDigests.TableDigest expected = digests.tables().get(table);
            RowDigestReader.Read actual = read.get(table);
            if (expected == null || incomparable.containsKey(table)) {
                notCompared.add(table + " (" + incomparable.getOrDefault(table,
                        digests.notCompared().getOrDefault(table, "no digest of its rows was recorded")) + ")");
            } else if (actual.problem() != null) {
                wrong.add(table + ": its rows could not be read: " + actual.problem());
            } else {
                rowsRead.put(table, actual.digest().rows());
                if (!actual.digest().value().equals(expected.digest())) {
                    wrong.add(table + ": its " + RestoredCheck.count(actual.digest().rows(), "row is", "rows are")
                            + " not the backup's (digest " + actual.digest().value() + ", the backup's " + expected.digest() + ")");
                }
            }
        }
        String passed = RestoredCheck.count(inScope.size() - notCompared.size(), "table's rows match", "tables' rows match")
                + " the backup's digests" + (notCompared.isEmpty() ? "" : "; not compared: " + String.join(", ", notCompared));
        return RestoredCheck.ROW_DIGESTS.result(wrong, passed);
    }

    /**
     * The tables whose rows this server cannot print as the dump's server did, and why: money values, when the recorded
     * {@code lc_monetary} is a locale this server lacks; floating-point values, when the dump's server was older than 12
     * (it printed 17 digits where 12 on prints the shortest exact form).
     */
    private static Map<String, String> incomparable(Connection connection, RowDigests digests, String dumpedBy) throws SQLException {
        Map<String, String> why = new TreeMap<>();
        Set<String> refused;
        try {
            refused = CopyOutput.apply(connection, digests.outputSettings());
        } finally {
            CopyOutput.reset(connection);
        }
        if (refused.contains(CopyOutput.MONETARY_LOCALE)) {
            String locale = digests.outputSettings().get(CopyOutput.MONETARY_LOCALE);
            tablesWithColumnsOf(connection, MONEY).forEach(table -> why.put(table,
                    "its money values print by lc_monetary '" + locale + "', a locale this server lacks"));
        }
        int dumpedMajor = major(dumpedBy);
        int restoredMajor = connection.getMetaData().getDatabaseMajorVersion();
        if (dumpedMajor > 0 && dumpedMajor < SHORTEST_FLOATS && restoredMajor >= SHORTEST_FLOATS) {
            tablesWithColumnsOf(connection, FLOATS).forEach(table -> why.putIfAbsent(table, "PostgreSQL " + dumpedMajor
                    + " printed its floating-point values otherwise than " + restoredMajor + " does"));
        }
        return why;
    }

    private static int major(String version) {
        if (version == null) {
            return 0;
        }
        java.util.regex.Matcher digits = java.util.regex.Pattern.compile("^(\\d+)").matcher(version.strip());
        return digits.find() ? Integer.parseInt(digits.group(1)) : 0;
    }

    /** The ordinary tables with a column of one of {@code types} (or an array or domain of one). */
    private static Set<String> tablesWithColumnsOf(Connection connection, String[] types) throws SQLException {
        Set<String> tables = new TreeSet<>();
        try (PreparedStatement statement = connection.prepareStatement(COLUMNS_OF_TYPES)) {
            java.sql.Array names = connection.createArrayOf("text", types);
            statement.setArray(1, names);
            statement.setArray(2, names);
            statement.setArray(3, names);
            try (ResultSet result = statement.executeQuery()) {
                while (result.next()) {
                    tables.add(result.getString(1));
                }
            }
        }
        return tables;
    }


}
