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
        Map<String, Long> expected = of(TableInheritance.children(target), counts, base);
        Set<String> existing = Set.copyOf(CatalogNames.tables(target));
        expected.keySet().removeIf(table -> counts.reshaped().contains(table) || !existing.contains(table));
        return expected;
    }

    /** The rows of each table of {@code base} after the replay, its descendants' (each once) included. */
    static Map<String, Long> of(Map<String, List<String>> children, ReplayCounts counts, Map<String, Long> base) {
        Map<String, Long> expected = counts.expectedRows(base);
        Map<String, Long> ownInBackup = new HashMap<>();
        for (String table : base.keySet()) {
            long rows = own(table, children, counts, base, ownInBackup);
            for (String descendant : TableInheritance.descendants(table, children)) {
                rows += own(descendant, children, counts, base, ownInBackup);
            }
            expected.put(table, rows);
        }
        return expected;
    }

    /** A table's own rows after the replay (not its children's): its rows in the backup, changed by the replay. */
    private static long own(String table, Map<String, List<String>> children, ReplayCounts counts, Map<String, Long> base,
                            Map<String, Long> ownInBackup) {
        return counts.truncated(table) ? counts.net(table) : ownInBackup(table, children, base, ownInBackup) + counts.net(table);
    }

    /** Its own rows in the backup: its count less each descendant's own rows, each once (a child of two parents too). */
    private static long ownInBackup(String table, Map<String, List<String>> children, Map<String, Long> base, Map<String, Long> memo) {
        Long known = memo.get(table);
        if (known != null) {
            return known;
        }
        long own = base.getOrDefault(table, 0L);
        for (String descendant : TableInheritance.descendants(table, children)) {
            own -= ownInBackup(descendant, children, base, memo);
        }
        memo.put(table, own);
        return own;
    }
}
