package dev.lifeboat.changes.replay;

import dev.lifeboat.postgres.sql.CatalogNames;
import dev.lifeboat.postgres.sql.TableInheritance;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.HashMap;
import java.util.Set;
import java.util.List;
import java.util.Map;

/**
 * The rows each table of a replayed copy must hold, as a manifest counts them: a table's own rows are the backup's plus
 * the replayed changes ({@link ReplayCounts}), and a parent, partitioned or inherited from, counts its children's rows
 * too (the stream names the child a row is in), so its count is its own rows plus each child's, recursively. A table
 * a replayed DDL command made, changed or dropped is left out (its rows are not the stream's alone to count: a
 * {@code CREATE TABLE AS} fills it, a rename moves them), and so is a table the copy no longer has.
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
        Set<String> existing = Set.copyOf(CatalogNames.tables(target));
        expected.keySet().removeIf(table -> counts.reshaped().contains(table) || !existing.contains(table));
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
