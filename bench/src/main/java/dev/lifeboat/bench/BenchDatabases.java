package dev.lifeboat.bench;

import dev.lifeboat.realservers.postgres.PostgresServer;

import java.sql.Connection;
import java.sql.ResultSet;
import java.util.List;

/**
 * The databases the benchmarks back up and restore, generated on the benchmark's PostgreSQL: pgbench at
 * scale 7 and 70 (about 100 MB and 1 GB) and one table of random text and numbers (about 1 GB, which
 * compresses worse than pgbench's mostly blank rows). An id is one word, so it is also the database's
 * name and a configuration key ({@code lifeboat.restore.databases.<id>.host}).
 */
final class BenchDatabases {

    record Recipe(String id, String label, String kind, int amount) {
    }

    static final List<Recipe> ALL = List.of(
            new Recipe("pgbench100mb", "pgbench-100mb", "pgbench", 7),
            new Recipe("pgbench1gb", "pgbench-1gb", "pgbench", 70),
            new Recipe("random1gb", "random-1gb", "random", 6_500_000));

    private BenchDatabases() {
    }

    static void generate(PostgresServer postgres, Recipe recipe) throws Exception {
        System.out.printf("Generating %s (%s %d)…%n", recipe.label(), recipe.kind(), recipe.amount());
        postgres.execute("DROP DATABASE IF EXISTS " + recipe.id());
        postgres.execute("CREATE DATABASE " + recipe.id());
        if (recipe.kind().equals("pgbench")) {
            PostgresCommand.run(postgres, "pgbench", "-i", "-q", "-s", String.valueOf(recipe.amount()), "-h", postgres.host(),
                    "-p", String.valueOf(postgres.port()), "-U", postgres.superuser(), recipe.id());
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
