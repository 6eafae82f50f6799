package dev.lifeboat.d1.check;

import com.fasterxml.jackson.databind.JsonNode;
import dev.lifeboat.d1.D1Location;
import dev.lifeboat.d1.query.D1Queries;
import dev.lifeboat.d1.wrangler.WranglerFailure;
import dev.lifeboat.events.restore.ValidationResult;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * What a restored D1 database must satisfy, the runbook's checks: every table's rows equal the manifest's,
 * {@code PRAGMA quick_check} is {@code ok} (D1 refuses {@code integrity_check} to a local database; {@code quick_check}
 * checks the same pages, without comparing indexes to their tables), {@code PRAGMA foreign_key_check} finds no orphan,
 * and the schema's tables, indexes, views and triggers are the backup's. Two wrangler commands: the schema, then every
 * count and both pragmas in one batch.
 */
public final class D1Checks {

    private final D1Queries queries;

    public D1Checks(D1Queries queries) {
        this.queries = queries;
    }

    /**
     * @param expectedRows the manifest's rows of the tables to check (all, or the restored ones)
     * @param schema       the backup's schema objects as {@code type name}; null: not compared (only rows were restored)
     */
    public List<ValidationResult> check(D1Location database, Map<String, Long> expectedRows, Set<String> schema) throws WranglerFailure {
        Set<String> objects = new TreeSet<>();
        List<String> tables = new ArrayList<>();
        queries.batch(database, "SELECT type, name FROM sqlite_schema WHERE " + D1Queries.OWN_OBJECTS + " ORDER BY name", 1).get(0)
                .forEach(row -> {
                    objects.add(row.path("type").asText() + " " + row.path("name").asText());
                    if ("table".equals(row.path("type").asText())) {
                        tables.add(row.path("name").asText());
                    }
                });
        StringBuilder batch = new StringBuilder();
        tables.forEach(table -> batch.append("SELECT count(*) AS n FROM ").append(D1Queries.quoted(table)).append(';'));
        List<List<JsonNode>> answers = queries.batch(database, batch.append("PRAGMA quick_check; PRAGMA foreign_key_check;").toString(),
                tables.size() + 2);
        Map<String, Long> actualRows = new TreeMap<>();
        for (int i = 0; i < tables.size(); i++) {
            actualRows.put(tables.get(i), answers.get(i).get(0).path("n").asLong());
        }
        List<ValidationResult> results = new ArrayList<>();
        results.add(rowCounts(expectedRows, actualRows));
        List<JsonNode> quickCheck = answers.get(tables.size());
        String quick = quickCheck.isEmpty() ? "no answer" : quickCheck.get(0).path("quick_check").asText();
        results.add(new ValidationResult("INTEGRITY", "ok".equals(quick), "PRAGMA quick_check: " + quick));
        List<JsonNode> orphans = answers.get(tables.size() + 1);
        results.add(new ValidationResult("FK_INTEGRITY", orphans.isEmpty(), orphans.isEmpty()
                ? "PRAGMA foreign_key_check: no row refers to a missing one"
                : "PRAGMA foreign_key_check: " + orphans.size() + " rows refer to missing ones, first " + orphans.get(0)));
        if (schema != null) {
            results.add(schema(schema, objects));
        }
        return results;
    }

    /** Whether every check passed. */
    public static boolean passed(List<ValidationResult> results) {
        return results.stream().allMatch(ValidationResult::passed);
    }

    private static ValidationResult rowCounts(Map<String, Long> expected, Map<String, Long> actual) {
        Map<String, String> differ = new TreeMap<>();
        expected.forEach((table, rows) -> {
            Long found = actual.get(table);
            if (!rows.equals(found)) {
                differ.put(table, (found == null ? "missing" : found + " rows") + ", the backup has " + rows);
            }
        });
        long total = expected.values().stream().mapToLong(Long::longValue).sum();
        return new ValidationResult("ROW_COUNTS", differ.isEmpty(), differ.isEmpty()
                ? expected.size() + " tables, " + total + " rows, as the backup's manifest says" : "tables that differ: " + differ);
    }

    private static ValidationResult schema(Set<String> expected, Set<String> actual) {
        Set<String> missing = new TreeSet<>(expected);
        missing.removeAll(actual);
        Set<String> extra = new TreeSet<>(actual);
        extra.removeAll(expected);
        boolean equal = missing.isEmpty() && extra.isEmpty();
        return new ValidationResult("SCHEMA_OBJECTS", equal, equal ? actual.size() + " tables, indexes, views and triggers, as in the backup"
                : (missing.isEmpty() ? "" : "missing: " + missing + ". ") + (extra.isEmpty() ? "" : "not in the backup: " + extra + "."));
    }
}
