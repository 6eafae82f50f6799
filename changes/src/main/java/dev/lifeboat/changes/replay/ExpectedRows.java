package dev.lifeboat.changes.replay;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The rows each table of a replayed copy must hold: the backup's count plus the replayed changes
 * ({@link ReplayCounts#expectedRows}); a partitioned table, whose changes arrive as its partitions', the sum of its
 * leaf partitions.
 */
public final class ExpectedRows {

    private static final String LEAVES = """
            SELECT n.nspname || '.' || c.relname, ln.nspname || '.' || l.relname
              FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
              JOIN pg_partition_tree(c.oid) t ON t.isleaf
              JOIN pg_class l ON l.oid = t.relid JOIN pg_namespace ln ON ln.oid = l.relnamespace
             WHERE c.relkind = 'p'""";

    private ExpectedRows() {
    }

    public static Map<String, Long> of(Connection target, ReplayCounts counts, Map<String, Long> base) throws SQLException {
        Map<String, Long> expected = counts.expectedRows(base);
        Map<String, List<String>> leaves = new HashMap<>();
        try (Statement statement = target.createStatement(); ResultSet rows = statement.executeQuery(LEAVES)) {
            while (rows.next()) {
                leaves.computeIfAbsent(rows.getString(1), parent -> new ArrayList<>()).add(rows.getString(2));
            }
        }
        leaves.forEach((parent, parts) -> {
            if (expected.containsKey(parent)) {
                expected.put(parent, parts.stream().mapToLong(leaf -> expected.getOrDefault(leaf, 0L)).sum());
            }
        });
        return expected;
    }
}
