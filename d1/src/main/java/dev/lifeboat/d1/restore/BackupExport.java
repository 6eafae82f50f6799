package dev.lifeboat.d1.restore;

import dev.lifeboat.d1.export.ExportReader;
import dev.lifeboat.d1.export.ExportStatements;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;

/** A backup's export, verified and on local disk: what schema it holds, and the statements a restore runs from it. */
public record BackupExport(Path file) {

    /** The export's schema objects as {@code type name} ({@code table clients}, {@code index invoices_client}, ...). */
    public Set<String> schema() throws IOException {
        Set<String> objects = new TreeSet<>();
        try (InputStream in = Files.newInputStream(file)) {
            ExportReader.forEach(in, statement -> {
                ExportStatements.Kind kind = ExportStatements.kindOf(statement);
                if (kind == ExportStatements.Kind.TABLE && !ExportStatements.ownedBySqlite(ExportStatements.tableOf(statement))) {
                    objects.add("table " + ExportStatements.tableOf(statement));
                } else if (kind == ExportStatements.Kind.OTHER_SCHEMA) {
                    objects.add(schemaObject(statement));
                }
            });
        }
        return objects;
    }

    /** {@code CREATE [UNIQUE] INDEX|VIEW|[TEMP] TRIGGER [IF NOT EXISTS] name}, as {@code type name}. */
    private static String schemaObject(String statement) {
        String[] words = statement.split("\\s+");
        int i = 1;
        while (i < words.length && Set.of("UNIQUE", "TEMP", "TEMPORARY").contains(words[i].toUpperCase(Locale.ROOT))) {
            i++;
        }
        String type = words[i].toLowerCase(Locale.ROOT);
        int at = statement.toUpperCase(Locale.ROOT).indexOf(type.toUpperCase(Locale.ROOT)) + type.length();
        String rest = statement.substring(at).stripLeading();
        if (rest.toUpperCase(Locale.ROOT).startsWith("IF NOT EXISTS ")) {
            at = statement.length() - rest.length() + "IF NOT EXISTS ".length();
        }
        String name = ExportStatements.tableAfter(statement, at);
        return type + " " + name;
    }

    /**
     * Adds the export's statements after its first ({@code PRAGMA defer_foreign_keys}) to a load; with {@code rowsOf}, only
     * those tables' rows. A whole export is added parents first ({@link ParentsFirst}): when the export made a table before
     * one it references (rare), each table's schema and rows are read out in turn, then the indexes, triggers and views.
     */
    void addTo(LoadParts parts, Set<String> rowsOf) throws IOException {
        if (rowsOf != null) {
            forEachAfterFirst(statement -> {
                if (ExportStatements.kindOf(statement) == ExportStatements.Kind.ROW && rowsOf.contains(ExportStatements.tableOf(statement))) {
                    parts.add(statement);
                }
            });
            return;
        }
        ParentsFirst tables = new ParentsFirst();
        forEachAfterFirst(statement -> {
            if (ExportStatements.kindOf(statement) == ExportStatements.Kind.TABLE) {
                tables.table(statement);
            }
        });
        List<String> order = tables.loadOrder();
        if (order.equals(tables.exportOrder())) {
            forEachAfterFirst(parts::add);
            return;
        }
        for (String table : order) {
            forEachAfterFirst(statement -> {
                if (ofTable(statement, Set.of(table.toLowerCase(Locale.ROOT)))) {
                    parts.add(statement);
                }
            });
        }
        Set<String> loaded = order.stream().map(table -> table.toLowerCase(Locale.ROOT)).collect(java.util.stream.Collectors.toSet());
        forEachAfterFirst(statement -> {
            if (!ofTable(statement, loaded)) {
                parts.add(statement);
            }
        });
    }

    /** Whether the statement makes or fills one of {@code tables} (names in lower case). */
    private static boolean ofTable(String statement, Set<String> tables) {
        ExportStatements.Kind kind = ExportStatements.kindOf(statement);
        return (kind == ExportStatements.Kind.TABLE || kind == ExportStatements.Kind.ROW)
                && tables.contains(ExportStatements.tableOf(statement).toLowerCase(Locale.ROOT));
    }

    private void forEachAfterFirst(ExportReader.Statements statements) throws IOException {
        try (InputStream in = Files.newInputStream(file)) {
            boolean[] first = {true};
            ExportReader.forEach(in, statement -> {
                if (first[0]) {
                    first[0] = false;
                } else {
                    statements.accept(statement);
                }
            });
        }
    }

}
