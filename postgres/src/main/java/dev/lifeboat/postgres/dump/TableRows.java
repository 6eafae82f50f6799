package dev.lifeboat.postgres.dump;

import dev.lifeboat.archive.RowDigests;
import dev.lifeboat.postgres.sql.SqlIdentifiers;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * The exact rows of every table for the manifest, as {@code SELECT count(*) FROM table} would give them in the
 * dump's snapshot: a table's own rows plus those of its inheritance children and partitions (a partitioned
 * table has none of its own). Own rows come from the archive ({@link DumpedRows}); a relation the archive does
 * not hold the whole of is counted in SQL: a table that belongs to an extension (pg_dump writes only the rows
 * the extension did not create), a foreign table, or any table when the archive could not be read.
 * Blocking JDBC: worker threads only.
 */
public final class TableRows {

    private static final String RELATIONS = """
            SELECT c.oid, n.nspname, c.relname, c.relkind,
                   EXISTS (SELECT 1 FROM pg_depend d WHERE d.classid = 'pg_class'::regclass AND d.objid = c.oid
                           AND d.deptype = 'e') AS extension_member
            FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
            WHERE c.relkind IN ('r', 'p', 'f') AND n.nspname NOT IN ('pg_catalog', 'information_schema')
              AND n.nspname NOT LIKE 'pg\\_toast%' AND n.nspname NOT LIKE 'pg\\_temp%'
            ORDER BY n.nspname, c.relname""";
    private static final String INHERITANCE = "SELECT inhparent, inhrelid FROM pg_inherits";

    private record Relation(long oid, String schema, String name, char kind, boolean extensionMember) {
        String key() {
            return schema + "." + name;
        }
    }

    private final List<Relation> relations;
    private final Map<Long, List<Long>> children;

    private TableRows(List<Relation> relations, Map<Long, List<Long>> children) {
        this.relations = relations;
        this.children = children;
    }

    /** Reads which tables there are and how they inherit, in the connection's (the dump's) snapshot. */
    public static TableRows survey(Connection connection) throws SQLException {
        List<Relation> relations = new ArrayList<>();
        Map<Long, List<Long>> children = new HashMap<>();
        try (Statement statement = connection.createStatement()) {
            try (ResultSet result = statement.executeQuery(RELATIONS)) {
                while (result.next()) {
                    relations.add(new Relation(result.getLong(1), result.getString(2), result.getString(3),
                            result.getString(4).charAt(0), result.getBoolean(5)));
                }
            }
            try (ResultSet result = statement.executeQuery(INHERITANCE)) {
                while (result.next()) {
                    children.computeIfAbsent(result.getLong(1), parent -> new ArrayList<>()).add(result.getLong(2));
                }
            }
        }
        return new TableRows(relations, children);
    }

    /**
     * @param rows         per {@code schema.table} (ordinary and partitioned tables)
     * @param countedInSql how many relations the archive could not vouch for, so SQL counted them
     */
    public record Counted(Map<String, Long> rows, int countedInSql) {
    }

    /** Rows per table, in the snapshot the dump read. */
    public Counted count(Connection connection, DumpedRows dumped) throws SQLException {
        Map<Long, Relation> byOid = new HashMap<>();
        relations.forEach(relation -> byOid.put(relation.oid(), relation));
        Map<Long, Long> own = new HashMap<>();
        int countedInSql = 0;
        Map<String, Long> rows = new LinkedHashMap<>();
        for (Relation table : relations) {
            if (table.kind() == 'f') {
                continue;
            }
            long total = 0;
            for (long oid : itselfAndDescendants(table.oid())) {
                Relation relation = byOid.get(oid);
                if (relation == null) {
                    continue;
                }
                Long known = own.get(oid);
                if (known == null) {
                    if (relation.kind() == 'p') {
                        known = 0L;
                    } else if (fromArchive(relation, dumped)) {
                        known = dumped.byTable().get(relation.key());
                    } else {
                        known = countInSql(connection, relation);
                        countedInSql++;
                    }
                    own.put(oid, known);
                }
                total += known;
            }
            rows.put(table.key(), total);
        }
        return new Counted(rows, countedInSql);
    }

    /**
     * The row digests of the tables whose own rows the archive holds whole: not a table that belongs to an extension
     * (pg_dump writes only the rows the extension did not create, a restore has both).
     */
    public Map<String, RowDigests.TableDigest> digests(DumpedRows dumped) {
        Map<String, RowDigests.TableDigest> digests = new TreeMap<>();
        for (Relation relation : relations) {
            if (fromArchive(relation, dumped) && dumped.digests().containsKey(relation.key())) {
                digests.put(relation.key(), dumped.digests().get(relation.key()));
            }
        }
        return digests;
    }

    /** Why the archive's rows of a table are no digest of the table a restore makes (an extension's table: it fills it too). */
    public Map<String, String> notDigested(DumpedRows dumped) {
        Map<String, String> why = new TreeMap<>();
        for (Relation relation : relations) {
            if (relation.extensionMember() && relation.kind() == 'r' && dumped.digests().containsKey(relation.key())) {
                why.put(relation.key(), "an extension's table: the restore adds the rows the extension makes");
            }
        }
        return why;
    }

    private Set<Long> itselfAndDescendants(long oid) {
        Set<Long> all = new LinkedHashSet<>();
        Deque<Long> pending = new ArrayDeque<>(List.of(oid));
        while (!pending.isEmpty()) {
            long next = pending.pop();
            if (all.add(next)) {
                pending.addAll(children.getOrDefault(next, List.of()));
            }
        }
        return all;
    }

    private static boolean fromArchive(Relation relation, DumpedRows dumped) {
        return !relation.extensionMember() && relation.kind() == 'r' && dumped.byTable().containsKey(relation.key());
    }

    private static long countInSql(Connection connection, Relation relation) throws SQLException {
        try (Statement statement = connection.createStatement();
             ResultSet result = statement.executeQuery("SELECT count(*) FROM ONLY " + SqlIdentifiers.quote(relation.schema())
                     + "." + SqlIdentifiers.quote(relation.name()))) {
            result.next();
            return result.getLong(1);
        }
    }
}
