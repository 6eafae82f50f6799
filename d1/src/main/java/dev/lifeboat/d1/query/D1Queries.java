package dev.lifeboat.d1.query;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.lifeboat.d1.D1Location;
import dev.lifeboat.d1.wrangler.Wrangler;
import dev.lifeboat.d1.wrangler.WranglerFailure;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * SQL against a D1 database through {@code wrangler d1 execute --command ... --json}: its answer is a JSON array with one
 * result set per statement, all of them run as one batch (a failing statement undoes the batch).
 */
public final class D1Queries {

    private static final ObjectMapper JSON = new ObjectMapper();
    /**
     * The condition on {@code nameColumn} of {@code sqlite_schema} that keeps the database's own objects: not SQLite's
     * ({@code sqlite_*}) nor D1's ({@code _cf_*}), which a restore neither drops nor counts (as the export leaves them out).
     * {@code LIKE} is not used: its {@code _} matches any character, and a table named {@code acf_fields} is the database's own.
     */
    public static String ownObjects(String nameColumn) {
        return "substr(" + nameColumn + ", 1, 7) <> 'sqlite_' AND substr(" + nameColumn + ", 1, 4) <> '_cf_'";
    }

    /** {@link #ownObjects} of {@code sqlite_schema.name}. */
    public static final String OWN_OBJECTS = ownObjects("name");

    private final Wrangler wrangler;

    public D1Queries(Wrangler wrangler) {
        this.wrangler = wrangler;
    }

    /** Each of {@code statements} statements' rows; an answer with another number of results is a failure, never a guess. */
    public List<List<JsonNode>> batch(D1Location database, String sql, int statements) throws WranglerFailure {
        List<List<JsonNode>> results = execute(database, sql);
        if (results.size() != statements) {
            throw new WranglerFailure(WranglerFailure.Reason.FAILED, "wrangler answered " + results.size() + " results for " + statements
                    + " statements from " + database);
        }
        return results;
    }

    /** Each statement's rows, as JSON objects by column name. */
    public List<List<JsonNode>> execute(D1Location database, String sql) throws WranglerFailure {
        String out = wrangler.run(database, List.of("execute", database.name(), "--json", "--command", sql)).stdout();
        JsonNode answer;
        try {
            answer = JSON.readTree(out.substring(Math.max(0, out.indexOf('['))));
            if (answer == null || !answer.isArray()) {
                throw new IOException("not a JSON array");
            }
        } catch (IOException | RuntimeException e) {
            throw new WranglerFailure(WranglerFailure.Reason.FAILED, "wrangler's answer from " + database + " is not the JSON it should be");
        }
        List<List<JsonNode>> results = new ArrayList<>();
        for (JsonNode statement : answer) {
            List<JsonNode> rows = new ArrayList<>();
            statement.path("results").forEach(rows::add);
            results.add(rows);
        }
        return results;
    }

    /** The database's own tables (not SQLite's or D1's), by name. */
    public List<String> tables(D1Location database) throws WranglerFailure {
        List<String> tables = new ArrayList<>();
        batch(database, "SELECT name FROM sqlite_schema WHERE type = 'table' AND " + OWN_OBJECTS + " ORDER BY name", 1).get(0)
                .forEach(row -> tables.add(row.path("name").asText()));
        return tables;
    }

    /** Every own table's exact row count, in one batch (one snapshot). */
    public Map<String, Long> rowCounts(D1Location database) throws WranglerFailure {
        List<String> tables = tables(database);
        Map<String, Long> counts = new TreeMap<>();
        if (tables.isEmpty()) {
            return counts;
        }
        StringBuilder sql = new StringBuilder();
        for (String table : tables) {
            sql.append("SELECT count(*) AS n FROM ").append(quoted(table)).append(";");
        }
        List<List<JsonNode>> results = batch(database, sql.toString(), tables.size());
        for (int i = 0; i < tables.size(); i++) {
            counts.put(tables.get(i), results.get(i).get(0).path("n").asLong());
        }
        return counts;
    }

    /** An SQLite identifier, quoted. */
    public static String quoted(String identifier) {
        return "\"" + identifier.replace("\"", "\"\"") + "\"";
    }
}
