package dev.lifeboat.postgres.sql;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Which tables are children of which ({@code pg_inherits}: partitions and inheritance children alike), as
 * {@code schema.table}: a parent's count of rows holds its children's.
 */
public final class TableInheritance {

    private static final String PAIRS = """
            SELECT cn.nspname || '.' || c.relname, pn.nspname || '.' || p.relname
            FROM pg_inherits i
            JOIN pg_class c ON c.oid = i.inhrelid JOIN pg_namespace cn ON cn.oid = c.relnamespace
            JOIN pg_class p ON p.oid = i.inhparent JOIN pg_namespace pn ON pn.oid = p.relnamespace""";

    private TableInheritance() {
    }

    /** Each child table with its parent. */
    public static Map<String, String> parents(Connection connection) throws SQLException {
        Map<String, String> parents = new HashMap<>();
        try (Statement statement = connection.createStatement(); ResultSet result = statement.executeQuery(PAIRS)) {
            while (result.next()) {
                parents.put(result.getString(1), result.getString(2));
            }
        }
        return parents;
    }

    /** Each parent table with its direct children (a child of two parents under each). */
    public static Map<String, List<String>> children(Connection connection) throws SQLException {
        Map<String, List<String>> children = new HashMap<>();
        try (Statement statement = connection.createStatement(); ResultSet result = statement.executeQuery(PAIRS)) {
            while (result.next()) {
                children.computeIfAbsent(result.getString(2), p -> new ArrayList<>()).add(result.getString(1));
            }
        }
        return children;
    }

    /** Every table below {@code table} in {@code children} ({@link #children}), each once (a child of two parents too). */
    public static Set<String> descendants(String table, Map<String, List<String>> children) {
        Set<String> found = new LinkedHashSet<>();
        Deque<String> left = new ArrayDeque<>(children.getOrDefault(table, List.of()));
        while (!left.isEmpty()) {
            String next = left.pop();
            if (found.add(next)) {
                left.addAll(children.getOrDefault(next, List.of()));
            }
        }
        return found;
    }
}
