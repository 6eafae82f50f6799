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

    /** @param gigabytes the size it is generated at (0 for the 100 MB one) */
    record Recipe(String id, String label, String kind, int amount, int gigabytes) {

        /** Over 1 GB: measured once, without a warm-up of its own (each run takes minutes). */
        boolean large() {
            return gigabytes > 1;
        }
    }

    /** Eight equally large tables of random rows (each with a primary key and an index): what parallel jobs speed up. */
    static final Recipe EIGHT_TABLES = new Recipe("tables8", "8-tables-1gb", "tables", 800_000, 1);

    /**
     * The 100 MB database, then for each size a pgbench and a random-text one of that many gigabytes ({@code --size 10G};
     * {@code --size 1G,10G} measures both sizes in one run, beside the same anchors).
     */
    static List<Recipe> all(List<Integer> sizes) {
        List<Recipe> recipes = new java.util.ArrayList<>();
        recipes.add(new Recipe("pgbench100mb", "pgbench-100mb", "pgbench", 7, 0));
        for (int gigabytes : sizes) {
            recipes.add(new Recipe("pgbench" + gigabytes + "gb", "pgbench-" + gigabytes + "gb", "pgbench", 70 * gigabytes, gigabytes));
            recipes.add(new Recipe("random" + gigabytes + "gb", "random-" + gigabytes + "gb", "random", 6_500_000 * gigabytes, gigabytes));
        }
        return recipes;
    }

    /**
     * The sizes in gigabytes of {@code --size <N>G[,<M>G...]} among the benchmark's arguments ([1] without it).
     *
     * @throws IllegalArgumentException for a size that is not whole gigabytes
     */
    static List<Integer> sizes(List<String> args) {
        int at = args.indexOf("--size");
        if (at < 0) {
            return List.of(1);
        }
        String sizes = at + 1 < args.size() ? args.get(at + 1) : "";
        if (!sizes.matches("[1-9][0-9]*[Gg](,[1-9][0-9]*[Gg])*")) {
            throw new IllegalArgumentException("--size takes whole gigabytes, such as 10G or 1G,10G; not '" + sizes + "'");
        }
        return java.util.Arrays.stream(sizes.split(",")).map(size -> Integer.parseInt(size.substring(0, size.length() - 1)))
                .distinct().sorted().toList();
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
            // two secondary indexes, as a table a restore must rebuild them for has
            postgres.execute(recipe.id(), "CREATE INDEX ON reading (sensor)");
            postgres.execute(recipe.id(), "CREATE INDEX ON reading (at)");
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
