package dev.lifeboat.postgres.restore;

import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * A {@code pg_restore --list} table of contents: the tables and indexes it creates, and the same list
 * edited into a {@code --use-list} that restores the whole schema but the data of only the chosen tables.
 *
 * <p>A line is {@code id; tableoid oid KIND schema name owner}, names printed as they are, unquoted, with
 * newlines as spaces: {@code public Weird Name; drop shop_owner}. Where the schema ends and the name begins
 * cannot be read from it, so names are never split out of a line: a line is matched by its
 * {@linkplain #listed(String) listed} text, {@code schema name}, which Lifeboat computes the same way from
 * the names it knows. The owner is the line's last word (a role whose name has a space is not supported).
 */
public final class TableOfContents {

    private static final Pattern FOREIGN_KEY = Pattern.compile("^\\d+; \\d+ \\d+ FK CONSTRAINT (.+) \\S+$");
    private static final Pattern TABLE_OR_INDEX = Pattern.compile("^\\d+; \\d+ \\d+ (TABLE|INDEX) (?!DATA |ATTACH )(.+) \\S+$");
    private static final Pattern TABLE_DATA = Pattern.compile("^\\d+; \\d+ \\d+ TABLE DATA (.+) \\S+$");
    private static final Pattern LARGE_OBJECTS = Pattern.compile("^\\d+; \\d+ \\d+ (BLOB|BLOBS|LARGE OBJECT) ");

    private TableOfContents() {
    }

    /**
     * A table or an index the archive creates.
     *
     * @param listed its schema and name as {@code pg_restore --list} prints them: {@code public a b}
     */
    public record Entry(Kind kind, String listed) {
        public enum Kind { TABLE, INDEX }
    }

    /** How {@code pg_restore --list} prints a relation: schema, a space, name; newlines and carriage returns as spaces. */
    public static String listed(String schema, String name) {
        return printed(schema) + " " + printed(name);
    }

    /**
     * {@link #listed(String, String)} of a {@code schema.table} name as the manifest writes it (the schema ends at
     * the first dot); a name without a dot, which no table has, is returned as printed and matches no line.
     */
    public static String listed(String qualifiedName) {
        int dot = qualifiedName.indexOf('.');
        if (dot < 0) {
            return printed(qualifiedName);
        }
        return listed(qualifiedName.substring(0, dot), qualifiedName.substring(dot + 1));
    }

    /** The tables and indexes of a table of contents, in its order. */
    public static List<Entry> tablesAndIndexes(String toc) {
        return toc.lines().map(TABLE_OR_INDEX::matcher).filter(Matcher::find)
                .map(m -> new Entry(Entry.Kind.valueOf(m.group(1)), m.group(2))).toList();
    }

    /**
     * Whether the archive's rows can be loaded over several connections ({@link RowsOverConnections}): it holds no
     * large objects (their data is not COPY rows).
     */
    public static boolean rowsSplittable(String toc) {
        return toc.lines().noneMatch(line -> LARGE_OBJECTS.matcher(line).find());
    }

    /**
     * The list split in two {@code --use-list}s: the {@code TABLE DATA} entries only (rows), and every other entry
     * (schema, sequences' values, indexes, constraints…); each keeps the other's lines commented out.
     */
    public static UseLists tableDataApart(String toc) {
        StringBuilder rows = new StringBuilder();
        StringBuilder rest = new StringBuilder();
        toc.lines().forEach(line -> {
            boolean data = TABLE_DATA.matcher(line).find();
            rows.append(data || line.startsWith(";") ? "" : ";").append(line).append('\n');
            rest.append(data ? ";" : "").append(line).append('\n');
        });
        return new UseLists(rows.toString(), rest.toString());
    }

    /** Two {@code --use-list}s of one archive: its table data, and the rest. */
    public record UseLists(String tableData, String rest) {
    }

    /**
     * The list as a {@code --use-list} with the data of only {@code tables} (the other {@code TABLE DATA}
     * entries are commented out), and of the foreign keys only {@code foreignKeys}: those between the tables
     * restored ({@link ArchiveRelations#foreignKeysWithin}). The others are left out: the rows they reference
     * are not restored, and a live database keeps its own.
     *
     * @param tables      {@code schema.table} names whose rows are kept
     * @param foreignKeys the {@code --list} texts of the foreign keys kept
     */
    public static String schemaWithDataOf(String toc, Set<String> tables, Set<String> foreignKeys) {
        Set<String> kept = tables.stream().map(TableOfContents::listed).collect(Collectors.toSet());
        return toc.lines().map(line -> {
            Matcher data = TABLE_DATA.matcher(line);
            Matcher key = FOREIGN_KEY.matcher(line);
            if (data.find() && !kept.contains(data.group(1)) || key.find() && !foreignKeys.contains(key.group(1))) {
                return ";" + line;
            }
            return line;
        }).collect(Collectors.joining("\n", "", "\n"));
    }

    private static String printed(String name) {
        return name.replace('\n', ' ').replace('\r', ' ');
    }
}
