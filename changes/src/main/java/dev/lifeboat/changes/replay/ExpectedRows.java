package dev.lifeboat.changes.replay;

import dev.lifeboat.postgres.sql.TableInheritance;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The rows each table of a replayed copy must hold, as a manifest counts them: a table's own rows are the backup's plus
 * the replayed changes ({@link ReplayCounts}), and a parent, partitioned or inherited from, counts its children's rows
 * too (the stream names the child a row is in), so its count is its own rows plus each child's, recursively.
 */
public final class ExpectedRows {

    private ExpectedRows() {
    }

    public static Map<String, Long> of(Connection target, ReplayCounts counts, Map<String, Long> base) throws SQLException {
        Map<String, List<String>> children = TableInheritance.children(target);
        Map<String, Long> expected = counts.expectedRows(base);
        Map<String, Long> done = new HashMap<>();
        for (String table : base.keySet()) {
            expected.put(table, rows(table, children, counts, base, done));
        }
        return expected;
    }

    private static long rows(String table, Map<String, List<String>> children, ReplayCounts counts, Map<String, Long> base,
                             Map<String, Long> done) {
        Long known = done.get(table);
        if (known != null) {
            return known;
        }
        List<String> kids = children.getOrDefault(table, List.of());
        long childrenInBackup = kids.stream().mapToLong(child -> base.getOrDefault(child, 0L)).sum();
        long own = counts.truncated(table) ? counts.net(table)
                : base.getOrDefault(table, 0L) - childrenInBackup + counts.net(table);
        long total = own;
        for (String child : kids) {
            total += rows(child, children, counts, base, done);
        }
        done.put(table, total);
        return total;
    }
}
