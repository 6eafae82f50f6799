package dev.lifeboat.d1.restore;

import dev.lifeboat.d1.export.ExportStatements;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The order a load in several batches fills tables in: a table after every table its foreign keys reference (each batch
 * checks its deferred foreign keys when it commits), otherwise as the export has them (the order they were made in). Tables
 * that reference each other, or themselves, keep the export's order among them.
 */
final class ParentsFirst {

    private static final Pattern REFERENCES = Pattern.compile("\\bREFERENCES\\b", Pattern.CASE_INSENSITIVE);

    /** Each table of the export, in its order, with what its {@code CREATE TABLE} references. */
    private final Map<String, Set<String>> references = new LinkedHashMap<>();

    /** Records a {@code CREATE TABLE} statement of the export. */
    void table(String createTable) {
        Set<String> parents = new LinkedHashSet<>();
        Matcher found = REFERENCES.matcher(createTable);
        while (found.find()) {
            parents.add(ExportStatements.tableAfter(createTable, found.end()).toLowerCase(Locale.ROOT));
        }
        references.put(ExportStatements.tableOf(createTable), parents);
    }

    /** The tables in the export's order. */
    List<String> exportOrder() {
        return List.copyOf(references.keySet());
    }

    /** The tables, parents before children; the export's order wherever that already holds, and among tables in a cycle. */
    List<String> loadOrder() {
        List<String> order = new ArrayList<>();
        Set<String> placed = new LinkedHashSet<>();
        List<String> waiting = new ArrayList<>(references.keySet());
        while (!waiting.isEmpty()) {
            String next = waiting.stream().filter(table -> parentsPlaced(table, placed)).findFirst()
                    .orElse(waiting.get(0)); // a cycle: the first of it in the export's order
            waiting.remove(next);
            order.add(next);
            placed.add(next.toLowerCase(Locale.ROOT));
        }
        return order;
    }

    private boolean parentsPlaced(String table, Set<String> placed) {
        for (String parent : references.get(table)) {
            boolean known = references.keySet().stream().anyMatch(name -> name.equalsIgnoreCase(parent));
            if (known && !parent.equalsIgnoreCase(table) && !placed.contains(parent)) {
                return false;
            }
        }
        return true;
    }
}
