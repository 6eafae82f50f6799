package dev.lifeboat.d1.restore;

import dev.lifeboat.d1.export.ExportReader;
import dev.lifeboat.d1.export.ExportStatements;

import java.io.IOException;
import java.io.InputStream;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
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

    /** Writes the export's statements after its first ({@code PRAGMA defer_foreign_keys}); with {@code rowsOf}, only those tables' rows. */
    void appendTo(Writer out, Set<String> rowsOf) throws IOException {
        try (InputStream in = Files.newInputStream(file)) {
            boolean[] first = {true};
            ExportReader.forEach(in, statement -> {
                if (first[0]) {
                    first[0] = false;
                    return;
                }
                if (rowsOf == null || (ExportStatements.kindOf(statement) == ExportStatements.Kind.ROW
                        && rowsOf.contains(ExportStatements.tableOf(statement)))) {
                    out.write(statement);
                    out.write(";\n");
                }
            });
        }
    }

    static Writer writer(Path file) throws IOException {
        return Files.newBufferedWriter(file, StandardCharsets.UTF_8);
    }
}
