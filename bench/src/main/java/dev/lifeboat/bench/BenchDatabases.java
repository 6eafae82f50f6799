package dev.lifeboat.bench;

import dev.lifeboat.realservers.postgres.PostgresServer;

import java.sql.Connection;
import java.sql.ResultSet;
import java.util.List;

/**
 * The databases the benchmarks back up and restore, generated on the benchmark's PostgreSQL: pgbench at
 * scale 7 and 70 (about 100 MB and 1 GB) and one table of random text and numbers (about 1 GB, which
 * compresses worse than pgbench's mostly blank rows); for restore, eight equally large tables. An id is one word, so it is also the database's
 * name and a configuration key ({@code lifeboat.restore.databases.<id>.host}).
 */
final class BenchDatabases {

    record Recipe(String id, String label, String kind, int amount) {
    }

    /** Eight equally large tables of random rows (each with a primary key and an index): what parallel jobs speed up. */
    static final Recipe EIGHT_TABLES = new Recipe("tables8", "8-tables-1gb", "tables", 800_000);

    /** The 100 MB database and the two large ones at {@code gigabytes} each (1 by default; {@code --size 10G}). */
    static List<Recipe> all(int gigabytes) {
        return List.of(new Recipe("pgbench100mb", "pgbench-100mb", "pgbench", 7),
                new Recipe("pgbench" + gigabytes + "gb", "pgbench-" + gigabytes + "gb", "pgbench", 70 * gigabytes),
                new Recipe("random" + gigabytes + "gb", "random-" + gigabytes + "gb", "random", 6_500_000 * gigabytes));
    }

    /**
     * The gigabytes of {@code --size <N>G} among the benchmark's arguments (1 without it).
     *
     * @throws IllegalArgumentException for a size that is not whole gigabytes
     */
    static int gigabytes(List<String> args) {
        int at = args.indexOf("--size");
        if (at < 0) {
            return 1;
        }
        String size = at + 1 < args.size() ? args.get(at + 1) : "";
        if (!size.matches("[1-9][0-9]*[Gg]")) {
            throw new IllegalArgumentException("--size takes whole gigabytes, such as 10G; not '" + size + "'");
        }
        return Integer.parseInt(size.substring(0, size.length() - 1));
    }

    private BenchDatabases() {
    }

    static void generate(PostgresServer postgres, Recipe recipe) throws Exception {
        System.out.printf("Generating %s (%s %d)…%n", recipe.label(), recipe.kind(), recipe.amount());
        postgres.execute("DROP DATABASE IF EXISTS " + recipe.id());
        postgres.execute("CREATE DATABASE " + recipe.id());
        if (recipe.kind().equals("pgbench")) {
            PostgresCommand.run(postgres, "pgbench", "-i", "-q", "-s", String.valueOf(recipe.amount()), "-h", postgres.host(),
                    "-p", String.valueOf(postgres.port()), "-U", postgres.superuser(), recipe.id());
        } else if (recipe.kind().equals("tables")) {
            for (int table = 1; table <= 8; table++) {
                postgres.execute(recipe.id(), "CREATE TABLE part_" + table + " (id bigint PRIMARY KEY, sensor int, value double precision, "
                        + "note text, at timestamptz)");
                postgres.execute(recipe.id(), "INSERT INTO part_" + table + " SELECT g, (random() * 10000)::int, random() * 1e6, "
                        + "md5(random()::text) || ' ' || md5(random()::text), now() - random() * interval '365 days' "
                        + "FROM generate_series(1, " + recipe.amount() + ") g");
                postgres.execute(recipe.id(), "CREATE INDEX ON part_" + table + " (sensor, at)");
            }
        } else {
            postgres.execute(recipe.id(), "CREATE TABLE reading (id bigint PRIMARY KEY, sensor int, value double precision, "
                    + "note text, at timestamptz)");
            postgres.execute(recipe.id(), "INSERT INTO reading SELECT g, (random() * 10000)::int, random() * 1e6, "
                    + "md5(random()::text) || ' ' || md5(random()::text) || ' ' || (random() * 1e9)::bigint, "
                    + "now() - random() * interval '365 days' FROM generate_series(1, " + recipe.amount() + ") g");
        }
        postgres.execute(recipe.id(), "VACUUM ANALYZE");
    }

    static long sizeMb(PostgresServer postgres, String database) throws Exception {
        try (Connection connection = postgres.connect(database);
             ResultSet result = connection.createStatement().executeQuery("SELECT pg_database_size(current_database()) / 1048576")) {
            result.next();
            return result.getLong(1);
        }
    }
}
