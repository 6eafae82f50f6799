package dev.lifeboat.restorechecks;

import dev.lifeboat.postgres.sql.TableInheritance;

import dev.lifeboat.events.restore.ValidationResult;
import dev.lifeboat.postgres.sql.SqlIdentifiers;

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
 * {@link RestoredCheck#ROW_COUNTS}: {@code count(*)} of each table equals the manifest's count. Like the
 * manifest's, a partitioned (or inheritance) parent's count holds its partitions' rows, so the rows restored are
 * summed over the tables whose parent was not counted too ({@link #rowsOnce}).
 */
final class RowCountCheck {

    private RowCountCheck() {
    }

    /**
     * @param counted filled with the rows counted per table
     */
    static ValidationResult check(Connection connection, Map<String, Long> expected, Collection<String> tables, Map<String, Long> counted)
            throws SQLException {
        List<String> wrong = new ArrayList<>();
        for (String table : tables) {
            long actual;
            try (Statement statement = connection.createStatement();
                 ResultSet result = statement.executeQuery("SELECT count(*) FROM " + SqlIdentifiers.quoteTable(table))) {
                result.next();
                actual = result.getLong(1);
            }
            counted.put(table, actual);
            Long wanted = expected.get(table);
            if (wanted == null || wanted != actual) {
                wrong.add(table + ": " + actual + " rows, the manifest says " + wanted);
            }
        }
        return RestoredCheck.ROW_COUNTS.result(wrong, RestoredCheck.count(tables.size(), "table matches", "tables match") + " the manifest");
    }

    /**
     * The rows of the tables {@code counted}, each row once: a table whose parent (or a further ancestor) was
     * counted is left out, since the ancestor's {@code count(*)} already holds its rows.
     */
    static long rowsOnce(Connection connection, Map<String, Long> counted) throws SQLException {
        Map<String, String> parents = TableInheritance.parents(connection);
        long rows = 0;
        for (Map.Entry<String, Long> table : counted.entrySet()) {
            if (!hasCountedAncestor(table.getKey(), parents, counted)) {
                rows += table.getValue();
            }
        }
        return rows;
    }

    private static boolean hasCountedAncestor(String table, Map<String, String> parents, Map<String, Long> counted) {
        Set<String> seen = new HashSet<>();
        for (String parent = parents.get(table); parent != null && seen.add(parent); parent = parents.get(parent)) {
            if (counted.containsKey(parent)) {
                return true;
            }
        }
        return false;
    }

}
