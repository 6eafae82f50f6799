package dev.lifeboat.restorechecks;

import dev.lifeboat.events.restore.ValidationResult;
import dev.lifeboat.postgres.sql.CatalogNames;
import dev.lifeboat.postgres.sql.SqlIdentifiers;
import dev.lifeboat.postgres.sql.TableInheritance;

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
 * {@link RestoredCheck#ROW_COUNTS}: the rows of each table equal the manifest's count. Like the manifest's, a
 * partitioned (or inheritance) parent's count holds its partitions' rows, so the rows restored are summed over the
 * tables whose parent was not counted too ({@link #rowsOnce}). Rows the {@link RowDigestCheck} already read are not
 * scanned again: a table whose own rows and every descendant's were read is counted from them (a second scan of a GB
 * is a second or so of a restore); any other is counted with {@code count(*)}.
 */
final class RowCountCheck {

    private RowCountCheck() {
    }

    /**
     * @param rowsRead the rows already read of tables' own (not their children's), per table
     * @param counted  filled with the rows counted per table
     */
    static ValidationResult check(Connection connection, Map<String, Long> expected, Collection<String> tables, Map<String, Long> rowsRead,
                                  Map<String, Long> counted) throws SQLException {
        List<String> wrong = new ArrayList<>();
        Map<String, List<String>> children = rowsRead.isEmpty() ? Map.of() : TableInheritance.children(connection);
        Set<String> partitioned = rowsRead.isEmpty() ? Set.of() : Set.copyOf(CatalogNames.partitionedTables(connection));
        for (String table : tables) {
            Long read = alreadyRead(table, children, partitioned, rowsRead);
            long actual = read != null ? read : counted(connection, table);
            counted.put(table, actual);
            Long wanted = expected.get(table);
            if (wanted == null || wanted != actual) {
                wrong.add(table + ": " + actual + " rows, the manifest says " + wanted);
            }
        }
        return RestoredCheck.ROW_COUNTS.result(wrong, RestoredCheck.count(tables.size(), "table matches", "tables match") + " the manifest");
    }

    /** {@code count(*)} of the table, its descendants' rows included. */
    static long counted(Connection connection, String table) throws SQLException {
        try (Statement statement = connection.createStatement();
             ResultSet result = statement.executeQuery("SELECT count(*) FROM " + SqlIdentifiers.quoteTable(table))) {
            result.next();
            return result.getLong(1);
        }
    }

    /**
     * What {@code count(*)} of {@code table} would say, from the rows already read: its own and each descendant's once (a
     * partitioned table holds none of its own); null when any of them was not read.
     */
    static Long alreadyRead(String table, Map<String, List<String>> children, Set<String> partitioned, Map<String, Long> rowsRead) {
        long rows = 0;
        List<String> tableAndBelow = new ArrayList<>(List.of(table));
        tableAndBelow.addAll(TableInheritance.descendants(table, children));
        for (String next : tableAndBelow) {
            Long own = partitioned.contains(next) ? Long.valueOf(0) : rowsRead.get(next);
            if (own == null) {
                return null;
            }
            rows += own;
        }
        return rows;
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
