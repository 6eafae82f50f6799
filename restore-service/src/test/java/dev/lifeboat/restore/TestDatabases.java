package dev.lifeboat.restore;

import dev.lifeboat.backup.fixtures.ShopDatabase;
import dev.lifeboat.realservers.postgres.PostgresServer;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** What a test compares between databases on the real server: the schema as pg_dump prints it, and each table's content. */
final class TestDatabases {

    private TestDatabases() {
    }

    /** {@code pg_dump} of a database (schema only, or everything), as the superuser. */
    static String pgDump(PostgresServer postgres, String database, boolean schemaOnly) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of("pg_dump", "--host=" + postgres.host(), "--port=" + postgres.port(),
                "--username=" + postgres.superuser(), "--no-password", "--dbname=" + database));
        if (schemaOnly) {
            command.add("--schema-only");
        }
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
        builder.environment().put("PGPASSWORD", postgres.superuserPassword());
        Process process = builder.start();
        String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (process.waitFor() != 0) {
            throw new IllegalStateException("pg_dump of " + database + " failed: " + out);
        }
        // pg_dump 15.14+ fences its output with restrict and unrestrict lines holding a random key per run
        return out.lines().filter(line -> !line.startsWith("\\restrict ") && !line.startsWith("\\unrestrict "))
                .collect(java.util.stream.Collectors.joining("\n"));
    }

    /** md5 over each table's rows in a fixed order, by {@code schema.table}, for every schema of the user's. */
    static Map<String, String> contentChecksums(PostgresServer postgres, String database) throws SQLException {
        Map<String, String> sums = new TreeMap<>();
        try (Connection connection = postgres.connect(database); Statement statement = connection.createStatement()) {
            Map<String, String> tables = new TreeMap<>();
            try (ResultSet result = statement.executeQuery(ShopDatabase.USER_TABLES)) {
                while (result.next()) {
                    tables.put(result.getString(1), result.getString(2));
                }
            }
            for (Map.Entry<String, String> table : tables.entrySet()) {
                try (ResultSet result = statement.executeQuery("SELECT count(*) || ':' || coalesce(md5(string_agg(t::text, '|' ORDER BY t::text)), '') FROM "
                        + table.getValue() + " t")) {
                    result.next();
                    sums.put(table.getKey(), result.getString(1));
                }
            }
        }
        return sums;
    }

    static long count(PostgresServer postgres, String database, String sql) throws SQLException {
        try (Connection connection = postgres.connect(database); Statement statement = connection.createStatement();
             ResultSet result = statement.executeQuery(sql)) {
            result.next();
            return result.getLong(1);
        }
    }

    static List<String> databasesLike(PostgresServer postgres, String pattern) throws SQLException {
        List<String> names = new ArrayList<>();
        try (Connection connection = postgres.connect("postgres"); Statement statement = connection.createStatement();
             ResultSet result = statement.executeQuery("SELECT datname FROM pg_database WHERE datname LIKE '" + pattern + "' ORDER BY 1")) {
            while (result.next()) {
                names.add(result.getString(1));
            }
        }
        return names;
    }
}
