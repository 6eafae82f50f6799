package dev.lifeboat.bench;

import java.nio.file.Path;
import java.util.List;

/**
 * Backup and restore at several sizes in one run ({@code bench/benchmark sizes [--size 1G,10G]}; not a test): the
 * databases are generated once (at 10 GB that alone takes about half an hour here), then {@link BackupBenchmark} and
 * {@link RestoreBenchmark} run on them one after the other, each with its services and anchors, so that the 1 GB and
 * 10 GB figures (ratios to the anchors, the services' peak resident memory) come from the same machine in the same hour.
 */
public final class SizeBenchmark {

    private SizeBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        BenchLogging.quiet();
        BenchStack.requireTools("pg_dump", "pg_restore", "pgbench", "zstd");
        Path root = Path.of(args.length > 0 ? args[0] : ".").toAbsolutePath().normalize();
        List<String> arguments = List.of(args);
        List<BenchDatabases.Recipe> recipes = BenchDatabases.all(arguments.contains("--size")
                ? BenchDatabases.sizes(arguments) : List.of(1, 10));
        try (BenchStack stack = BenchStack.start(root)) {
            for (BenchDatabases.Recipe recipe : recipes) {
                BenchDatabases.generate(stack.postgres(), recipe);
            }
            System.out.println("\n== Backup ==");
            BackupBenchmark.run(stack, recipes);
            System.out.println("\n== Restore ==");
            RestoreBenchmark.run(stack, recipes, null);
        }
    }
}
