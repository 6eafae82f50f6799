package dev.lifeboat.postgres.restore;

import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * A {@code pg_restore --list} table of contents: the tables and indexes it creates, and the same list
 * edited into a {@code --use-list} that restores the whole schema but the data of only the chosen tables.
 */
public final class TableOfContents {

    private static final Pattern FOREIGN_KEY = Pattern.compile("^\\d+; \\d+ \\d+ FK CONSTRAINT ");
    private static final Pattern TABLE_OR_INDEX = Pattern.compile("^\\d+; \\d+ \\d+ (TABLE|INDEX) (?!DATA |ATTACH )(\\S+) (\\S+) ");
    private static final Pattern TABLE_DATA = Pattern.compile("^\\d+; \\d+ \\d+ TABLE DATA (\\S+) (\\S+) ");

    private TableOfContents() {
    }

    /** A table or an index the archive creates; {@code name} is {@code schema.name}. */
    public record Entry(Kind kind, String name) {
        public enum Kind { TABLE, INDEX }
    }

    /** The tables and indexes of a table of contents, in its order. */
    public static List<Entry> tablesAndIndexes(String toc) {
        return toc.lines().map(TABLE_OR_INDEX::matcher).filter(Matcher::find)
                .map(m -> new Entry(Entry.Kind.valueOf(m.group(1)), m.group(2) + "." + m.group(3))).toList();
    }

    /**
     * The list as a {@code --use-list} with the data of only {@code tables} (the other {@code TABLE DATA}
     * entries are commented out), and no foreign keys: their referenced rows are not all there, and the
     * live database keeps its own.
     *
     * @param tables {@code schema.table} names whose rows are kept
     */
    public static String schemaWithDataOf(String toc, Set<String> tables) {
        return toc.lines().map(line -> {
            Matcher data = TABLE_DATA.matcher(line);
            if (data.find() && !tables.contains(data.group(1) + "." + data.group(2)) || FOREIGN_KEY.matcher(line).find()) {
                return ";" + line;
            }
            return line;
        }).collect(Collectors.joining("\n", "", "\n"));
    }
}
