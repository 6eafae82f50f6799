package dev.lifeboat.postgres.restore;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * How an archive's tables are tied together: which partitions each partitioned table has, and which foreign
 * keys reference which table. A {@code --list} line names neither the parent of a partition nor the table a
 * key references, so they are read from the SQL of those entries ({@link #useList(String)} names them;
 * {@code pg_restore} prints them from the archive's start, its data unread), where pg_dump writes every
 * name schema-qualified and quoted where needed.
 *
 * @param partitions  each partitioned table ({@code schema.table}) to its partitions
 * @param foreignKeys the archive's foreign keys
 */
public record ArchiveRelations(Map<String, List<String>> partitions, List<ForeignKey> foreignKeys) {

    private static final Pattern ENTRY = Pattern.compile("^\\d+; \\d+ \\d+ (FK CONSTRAINT|TABLE ATTACH) ");
    /** The comment pg_restore prints before each entry's SQL. */
    private static final Pattern HEADER = Pattern.compile("^-- Name: (.*); Type: (FK CONSTRAINT|TABLE ATTACH); Schema: (.*); Owner: .*$",
            Pattern.MULTILINE);

    /**
     * A foreign key.
     *
     * @param listed     its {@code --list} text ({@code schema table constraint}), as in {@link TableOfContents}
     * @param table      the table it belongs to, {@code schema.table}
     * @param references the table it references, {@code schema.table}
     */
    public record ForeignKey(String listed, String table, String references) {
    }

    /** An entry of the script: its type, its {@code --list} text, where its SQL starts. */
    private record Entry(String type, String listed, int sqlStart) {
    }

    public ArchiveRelations {
        partitions = Map.copyOf(partitions);
        foreignKeys = List.copyOf(foreignKeys);
    }

    /** The {@code --use-list} of the entries whose SQL says how tables relate: foreign keys and partition attachments. */
    public static String useList(String toc) {
        return toc.lines().filter(line -> ENTRY.matcher(line).find()).collect(Collectors.joining("\n", "", "\n"));
    }

    /** Reads the script {@code pg_restore} printed for {@link #useList(String)}. */
    public static ArchiveRelations parse(String script) {
        Map<String, List<String>> partitions = new LinkedHashMap<>();
        List<ForeignKey> foreignKeys = new ArrayList<>();
        List<Entry> entries = new ArrayList<>();
        for (Matcher header = HEADER.matcher(script); header.find(); ) {
            entries.add(new Entry(header.group(2), TableOfContents.listed(header.group(3)) + " " + header.group(1), header.end()));
        }
        for (int i = 0; i < entries.size(); i++) {
            Entry entry = entries.get(i);
            DumpSqlReader sql = new DumpSqlReader(script.substring(entry.sqlStart(), i + 1 < entries.size() ? entries.get(i + 1).sqlStart() : script.length()));
            sql.skipComments();
            sql.expect("ALTER TABLE");
            sql.optional("ONLY");
            String table = sql.qualifiedName();
            if (entry.type().equals("TABLE ATTACH")) {
                sql.expect("ATTACH PARTITION");
                partitions.computeIfAbsent(table, parent -> new ArrayList<>()).add(sql.qualifiedName());
            } else {
                sql.expect("ADD CONSTRAINT");
                sql.identifier();
                sql.expect("FOREIGN KEY");
                sql.parenthesized();
                sql.expect("REFERENCES");
                foreignKeys.add(new ForeignKey(entry.listed(), table, sql.qualifiedName()));
            }
        }
        return new ArchiveRelations(partitions, foreignKeys);
    }

    /** The tables with every partition of each (and theirs), in order: restoring a partitioned table means its rows, which its partitions hold. */
    public Set<String> withPartitions(Set<String> tables) {
        Set<String> all = new LinkedHashSet<>();
        Deque<String> pending = new ArrayDeque<>(tables);
        while (!pending.isEmpty()) {
            String table = pending.pop();
            if (all.add(table)) {
                pending.addAll(partitions.getOrDefault(table, List.of()));
            }
        }
        return all;
    }

    /** The {@code --list} texts of the foreign keys between two of the tables (or a table and itself). */
    public Set<String> foreignKeysWithin(Set<String> tables) {
        return foreignKeys.stream().filter(key -> tables.contains(key.table()) && tables.contains(key.references()))
                .map(ForeignKey::listed).collect(Collectors.toSet());
    }
}
