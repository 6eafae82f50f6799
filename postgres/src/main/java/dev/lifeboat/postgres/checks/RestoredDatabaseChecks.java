package dev.lifeboat.postgres.checks;

import dev.lifeboat.postgres.restore.TableOfContents;

import dev.lifeboat.archive.BackupManifest;
import dev.lifeboat.archive.NewestValue;
import dev.lifeboat.postgres.freshness.NewestValues;
import dev.lifeboat.events.restore.ValidationResult;
import dev.lifeboat.postgres.sql.SqlIdentifiers;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * The checks of a restored database against its backup, generic over any schema (JDBC on the restored
 * database: blocking): row counts equal the manifest's, no foreign-key orphans (from the catalog of
 * constraints), no sequence behind the column it feeds, every table and index of the archive present, and
 * the newest value of each freshness column what the manifest recorded.
 */
public final class RestoredDatabaseChecks {

    public static final String ROW_COUNTS = "ROW_COUNTS";
    public static final String FK_INTEGRITY = "FK_INTEGRITY";
    public static final String SEQUENCES = "SEQUENCES";
    public static final String SCHEMA_OBJECTS = "SCHEMA_OBJECTS";
    public static final String FRESHNESS_COLUMNS = "FRESHNESS_COLUMNS";
    private static final int DETAILS_SHOWN = 10;

    private final Connection connection;

    public RestoredDatabaseChecks(Connection connection) {
        this.connection = connection;
    }

    /**
     * The checks of a whole restore (or, given {@code tables}, of those tables and the keys that touch them)
     * against the backup's manifest: row counts, foreign keys, sequences, and the freshness columns of the
     * tables checked (when the backup recorded any).
     */
    public Outcome all(BackupManifest manifest, Collection<String> tables) throws SQLException {
        Map<String, Long> counted = new TreeMap<>();
        List<ValidationResult> results = new ArrayList<>(List.of(rowCounts(manifest.tableRowCounts(), tables, counted),
                foreignKeys(Set.copyOf(tables)), sequences(Set.copyOf(tables))));
        Map<String, NewestValue> freshness = new TreeMap<>(manifest.freshnessColumns());
        freshness.keySet().retainAll(Set.copyOf(tables));
        if (!freshness.isEmpty()) {
            results.add(freshnessColumns(freshness));
        }
        return new Outcome(results, counted.values().stream().mapToLong(Long::longValue).sum(), counted);
    }

    public ValidationResult rowCounts(Map<String, Long> expected, Collection<String> tables, Map<String, Long> counted) throws SQLException {
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
        return new ValidationResult(ROW_COUNTS, wrong.isEmpty(), wrong.isEmpty()
                ? tables.size() + " tables match the manifest"
                : summary(wrong));
    }

    /** Every foreign key (inherited copies on partitions skipped) whose referencing rows lack their referenced row. */
    public ValidationResult foreignKeys(Set<String> tables) throws SQLException {
        String constraints = """
                SELECT c.conname, cn.nspname, cl.relname, pn.nspname, pl.relname,
                       (SELECT array_agg(a.attname::text ORDER BY k.i) FROM unnest(c.conkey) WITH ORDINALITY k(n, i)
                          JOIN pg_attribute a ON a.attrelid = c.conrelid AND a.attnum = k.n),
                       (SELECT array_agg(a.attname::text ORDER BY k.i) FROM unnest(c.confkey) WITH ORDINALITY k(n, i)
                          JOIN pg_attribute a ON a.attrelid = c.confrelid AND a.attnum = k.n)
                FROM pg_constraint c
                JOIN pg_class cl ON cl.oid = c.conrelid JOIN pg_namespace cn ON cn.oid = cl.relnamespace
                JOIN pg_class pl ON pl.oid = c.confrelid JOIN pg_namespace pn ON pn.oid = pl.relnamespace
                WHERE c.contype = 'f' AND c.conparentid = 0
                ORDER BY 2, 3, 1""";
        List<String> broken = new ArrayList<>();
        int checked = 0;
        try (Statement statement = connection.createStatement(); ResultSet keys = statement.executeQuery(constraints)) {
            List<String[]> found = new ArrayList<>();
            while (keys.next()) {
                String child = keys.getString(2) + "." + keys.getString(3);
                String parent = keys.getString(4) + "." + keys.getString(5);
                if (!tables.contains(child) && !tables.contains(parent)) {
                    continue;
                }
                String[] childColumns = (String[]) keys.getArray(6).getArray();
                String[] parentColumns = (String[]) keys.getArray(7).getArray();
                found.add(new String[]{keys.getString(1), child, parent, orphanQuery(child, parent, childColumns, parentColumns)});
            }
            for (String[] key : found) {
                checked++;
                try (Statement count = connection.createStatement(); ResultSet orphans = count.executeQuery(key[3])) {
                    orphans.next();
                    if (orphans.getLong(1) > 0) {
                        broken.add(key[1] + " (" + key[0] + "): " + orphans.getLong(1) + " rows without their row in " + key[2]);
                    }
                }
            }
        }
        return new ValidationResult(FK_INTEGRITY, broken.isEmpty(), broken.isEmpty()
                ? checked + " foreign keys without orphans"
                : summary(broken));
    }

    private static String orphanQuery(String child, String parent, String[] childColumns, String[] parentColumns) {
        StringBuilder notNull = new StringBuilder();
        StringBuilder match = new StringBuilder();
        for (int i = 0; i < childColumns.length; i++) {
            notNull.append(" AND c.").append(SqlIdentifiers.quote(childColumns[i])).append(" IS NOT NULL");
            match.append(i == 0 ? "" : " AND ").append("p.").append(SqlIdentifiers.quote(parentColumns[i]))
                    .append(" = c.").append(SqlIdentifiers.quote(childColumns[i]));
        }
        return "SELECT count(*) FROM " + SqlIdentifiers.quoteTable(child) + " c WHERE true" + notNull
                + " AND NOT EXISTS (SELECT 1 FROM " + SqlIdentifiers.quoteTable(parent) + " p WHERE " + match + ")";
    }

    /** Sequences owned by a column (serial, identity) of the tables: their next value must be above the column's max. */
    public ValidationResult sequences(Set<String> tables) throws SQLException {
        List<String> behind = new ArrayList<>();
        int checked = 0;
        for (OwnedSequence sequence : ownedSequences(connection, tables)) {
            checked++;
            try (Statement statement = connection.createStatement();
                 ResultSet result = statement.executeQuery("SELECT (SELECT max(" + SqlIdentifiers.quote(sequence.column()) + ") FROM "
                         + SqlIdentifiers.quoteTable(sequence.table()) + "), s.last_value, s.is_called FROM " + SqlIdentifiers.quoteTable(sequence.sequence()) + " s")) {
                result.next();
                long max = result.getLong(1);
                boolean empty = result.wasNull();
                long last = result.getLong(2);
                boolean called = result.getBoolean(3);
                long nextValue = called ? last + 1 : last;
                if (!empty && nextValue <= max) {
                    behind.add(sequence.sequence() + " would give " + nextValue + ", but " + sequence.table() + "." + sequence.column() + " has " + max);
                }
            }
        }
        return new ValidationResult(SEQUENCES, behind.isEmpty(), behind.isEmpty()
                ? checked + " sequences ahead of their columns"
                : summary(behind));
    }

    /** Every table and index of the archive's table of contents exists in the restored database. */
    public ValidationResult schemaObjects(List<TableOfContents.Entry> expected) throws SQLException {
        List<String> missing = new ArrayList<>();
        try (PreparedStatement exists = connection.prepareStatement("SELECT to_regclass(?) IS NOT NULL")) {
            for (TableOfContents.Entry entry : expected) {
                exists.setString(1, SqlIdentifiers.quoteTable(entry.name()));
                try (ResultSet result = exists.executeQuery()) {
                    result.next();
                    if (!result.getBoolean(1)) {
                        missing.add(entry.kind().name().toLowerCase(java.util.Locale.ROOT) + " " + entry.name() + " is missing");
                    }
                }
            }
        }
        long tables = expected.stream().filter(entry -> entry.kind() == TableOfContents.Entry.Kind.TABLE).count();
        return new ValidationResult(SCHEMA_OBJECTS, missing.isEmpty(), missing.isEmpty()
                ? tables + " tables and " + (expected.size() - tables) + " indexes of the archive exist"
                : summary(missing));
    }

    /** The sequence each serial or identity column of the tables draws from. */
    /**
     * The newest value of each freshness column in the restored copy equals the one the backup recorded in
     * its snapshot. A value the backup could not read fails the check too: the manifest cannot vouch for it.
     */
    public ValidationResult freshnessColumns(Map<String, NewestValue> recorded) throws SQLException {
        Map<String, String> columns = new TreeMap<>();
        recorded.forEach((table, value) -> columns.put(table, value.column()));
        Map<String, NewestValue> restored = new NewestValues(connection).read(columns);
        List<String> wrong = new ArrayList<>();
        List<String> matching = new ArrayList<>();
        recorded.forEach((table, expected) -> {
            NewestValue actual = restored.get(table);
            String name = table + "." + expected.column();
            if (!expected.readable()) {
                wrong.add(name + ": the backup recorded no value (" + expected.problem() + ")");
            } else if (!actual.readable()) {
                wrong.add(name + ": " + actual.problem());
            } else if (!java.util.Objects.equals(expected.newest(), actual.newest())) {
                wrong.add(name + ": newest is " + actual.newest() + ", the manifest says " + expected.newest());
            } else {
                matching.add(name + " = " + actual.newest());
            }
        });
        return new ValidationResult(FRESHNESS_COLUMNS, wrong.isEmpty(), wrong.isEmpty()
                ? "newest values match the manifest: " + String.join(", ", matching)
                : summary(wrong));
    }

    public static List<OwnedSequence> ownedSequences(Connection connection, Set<String> tables) throws SQLException {
        List<OwnedSequence> owned = new ArrayList<>();
        try (PreparedStatement query = connection.prepareStatement("""
                SELECT sn.nspname || '.' || s.relname, tn.nspname || '.' || t.relname, a.attname
                FROM pg_depend d
                JOIN pg_class s ON s.oid = d.objid AND s.relkind = 'S' JOIN pg_namespace sn ON sn.oid = s.relnamespace
                JOIN pg_class t ON t.oid = d.refobjid JOIN pg_namespace tn ON tn.oid = t.relnamespace
                JOIN pg_attribute a ON a.attrelid = d.refobjid AND a.attnum = d.refobjsubid
                WHERE d.classid = 'pg_class'::regclass AND d.refclassid = 'pg_class'::regclass
                  AND d.deptype IN ('a', 'i') AND d.refobjsubid > 0
                ORDER BY 1""");
             ResultSet result = query.executeQuery()) {
            while (result.next()) {
                if (tables.contains(result.getString(2))) {
                    owned.add(new OwnedSequence(result.getString(1), result.getString(2), result.getString(3)));
                }
            }
        }
        return owned;
    }

    private static String summary(List<String> problems) {
        String shown = String.join("; ", problems.subList(0, Math.min(DETAILS_SHOWN, problems.size())));
        return problems.size() > DETAILS_SHOWN ? shown + "; and " + (problems.size() - DETAILS_SHOWN) + " more" : shown;
    }

    /**
     * @param rowsRestored rows counted in the checked tables
     * @param tableRows    rows counted per table ({@code schema.table})
     */
    public record Outcome(List<ValidationResult> results, long rowsRestored, Map<String, Long> tableRows) {
        public Outcome {
            tableRows = Map.copyOf(tableRows);
        }

        public boolean passed() {
            return results.stream().allMatch(ValidationResult::passed);
        }

        public String failures() {
            return results.stream().filter(result -> !result.passed())
                    .map(result -> result.check() + ": " + result.details()).reduce((a, b) -> a + " | " + b).orElse("");
        }
    }

    public record OwnedSequence(String sequence, String table, String column) {
    }
}
