package dev.lifeboat.events.restoring;

import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * A {@code pg_restore --list} table of contents, edited into a {@code --use-list}: the whole schema, but
 * the data of only the chosen tables (the other {@code TABLE DATA} entries are commented out), and no
 * foreign keys: their referenced rows are not all there, and the live database keeps its own.
 */
public final class TableOfContents {

    private static final Pattern FOREIGN_KEY = Pattern.compile("^\\d+; \\d+ \\d+ FK CONSTRAINT ");
    private static final Pattern TABLE_DATA = Pattern.compile("^\\d+; \\d+ \\d+ TABLE DATA (\\S+) (\\S+) ");

    private TableOfContents() {
    }

    /** @param tables {@code schema.table} names whose rows are kept */
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
