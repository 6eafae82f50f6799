package dev.lifeboat.bench;

import dev.lifeboat.realservers.RealServers;
import dev.lifeboat.realservers.postgres.PostgresServer;
import software.amazon.awssdk.services.s3.S3Client;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;

/**
 * The backup benchmark ({@code bench/benchmark backup}; not a test). Generates the {@link BenchDatabases},
 * backs each up through backup-service's API and times request → {@code BackupCompleted} on Kafka, against
 * the anchor {@code pg_dump -Fc -Z0 | zstd -1 -T2} uploaded to the same bucket ({@link PipeToBucket}) from the same
 * database, sampling the service's
 * resident memory during each backup.
 */
public final class BackupBenchmark {

    /**
     * Each database up to 1 GB is backed up this many times after a warm-up (and the anchor run as often, interleaved);
     * medians are reported. A larger one is backed up once beside its anchor, without a warm-up of its own: each run
     * takes minutes, and the services are warm from the smaller ones.
     */
    private static final int RUNS = 3;

    /**
     * Warm-up backups of the first database before any is measured: the service is timed as one that has run for a while,
     * not in its first minute, while the JIT compiler still competes with it for this machine's two cores (one warm-up left
     * the first measured run of each database the slowest, by 0.1 to 0.3 s).
     */
    private static final int WARM_UPS_AT_START = 5;

    private record Run(BackupStopwatch.Lap lap, double anchorSeconds, long rssBeforeMb, long peakRssMb, double coreSeconds,
                       double anchorCoreSeconds) {
    }

    private record Result(String database, long sizeMb, List<Run> runs) {
        Run median() {
            List<Run> sorted = runs.stream().sorted(Comparator.comparingDouble(run -> run.lap().seconds())).toList();
            return sorted.get(sorted.size() / 2);
        }

        double medianAnchorSeconds() {
            return median(runs.stream().map(Run::anchorSeconds).toList());
        }

        double medianCoreSeconds() {
            return median(runs.stream().map(Run::coreSeconds).toList());
        }

        double medianAnchorCoreSeconds() {
            return median(runs.stream().map(Run::anchorCoreSeconds).toList());
        }

        private static double median(List<Double> values) {
            return values.stream().sorted().toList().get(values.size() / 2);
        }

        long peakRssMb() {
            return runs.stream().mapToLong(Run::peakRssMb).max().orElse(0);
        }
    }

    private BackupBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        BenchLogging.quiet();
        BenchStack.requireTools("pg_dump", "pgbench", "zstd");
        Path root = Path.of(args.length > 0 ? args[0] : ".").toAbsolutePath().normalize();
        List<BenchDatabases.Recipe> recipes = BenchDatabases.all(BenchDatabases.sizes(List.of(args)));
        try (BenchStack stack = BenchStack.start(root)) {
            for (BenchDatabases.Recipe recipe : recipes) {
                BenchDatabases.generate(stack.postgres(), recipe);
            }
            run(stack, recipes);
        }
    }

    /** Backs up the generated databases through a backup-service of its own, beside the anchor, and prints the figures. */
    static void run(BenchStack stack, List<BenchDatabases.Recipe> recipes) throws Exception {
        PostgresServer postgres = stack.postgres();
        try (ServiceApi backupService = stack.startService("backup-service", Map.of());
             BackupStopwatch stopwatch = new BackupStopwatch(stack.kafkaBootstrapServers())) {
            List<Result> results = new ArrayList<>();
            for (BenchDatabases.Recipe recipe : recipes) {
                stack.register(backupService, recipe.id());
                if (!recipe.large()) {
                    int warmUps = results.isEmpty() ? WARM_UPS_AT_START : 1;
                    System.out.println(warmUps + " warm-up backup(s) and anchor(s) of " + recipe.label()
                            + " (not measured: class loading, JIT compilation, topic partitions, connection pools, page cache)…");
                    for (int warmUp = 0; warmUp < warmUps; warmUp++) {
                        measure(backupService, stopwatch, stack, recipe);
                    }
                }
                long sizeMb = BenchDatabases.sizeMb(postgres, recipe.id());
                List<Run> runs = new ArrayList<>();
                int times = recipe.large() ? 1 : RUNS;
                for (int run = 1; run <= times; run++) {
                    System.out.printf("Backing up %s (%d MB) through the API, then the anchor, run %d of %d…%n",
                            recipe.label(), sizeMb, run, times);
                    runs.add(measure(backupService, stopwatch, stack, recipe));
                }
                results.add(new Result(recipe.label(), sizeMb, runs));
            }
            print(results);
        }
    }

    private static Run measure(ServiceApi backupService, BackupStopwatch stopwatch, BenchStack stack,
                               BenchDatabases.Recipe recipe) throws Exception {
        PostgresServer postgres = stack.postgres();
        BackupStopwatch.Lap lap;
        long beforeMb;
        long peakMb;
        PostgresCommand.settle(postgres);
        MachineCpu cpu = MachineCpu.start();
        try (ResidentMemory memory = ResidentMemory.watch(backupService.pid())) {
            lap = stopwatch.time(backupService, recipe.id(), Duration.ofMinutes(20));
            beforeMb = memory.beforeMb();
            peakMb = memory.peakMb();
        }
        double coreSeconds = cpu.coreSeconds();
        String key = "anchor/" + recipe.id() + ".dump.zst";
        double anchorSeconds;
        PostgresCommand.settle(postgres);
        double anchorCoreSeconds;
        try (S3Client s3 = stack.s3Client()) {
            MachineCpu anchorCpu = MachineCpu.start();
            anchorSeconds = PipeToBucket.pipeline(s3, RealServers.BUCKET, key, "pg_dump -Fc -Z0 " + PostgresCommand.connection(postgres)
                    + " " + recipe.id() + " | zstd -q -1 -T2", postgres.superuserPassword());
            anchorCoreSeconds = anchorCpu.coreSeconds();
            s3.deleteObject(b -> b.bucket(RealServers.BUCKET).key(key));
        }
        return new Run(lap, anchorSeconds, beforeMb, peakMb, coreSeconds, anchorCoreSeconds);
    }

    private static void print(List<Result> results) {
        System.out.println();
        System.out.printf("Medians of %d runs up to 1 GB, one run above (each backup followed by the anchor on the same database, each after a checkpoint and sync):%n", RUNS);
        System.out.printf("%-14s %8s %12s %12s %8s %15s %13s%n", "database", "size MB", "lifeboat s", "anchor s", "ratio",
                "RSS before MB", "peak RSS MB");
        for (Result r : results) {
            Run median = r.median();
            System.out.printf("%-14s %8d %12.2f %12.2f %8.2f %15d %13d%n", r.database(), r.sizeMb(), median.lap().seconds(),
                    r.medianAnchorSeconds(), median.lap().seconds() / r.medianAnchorSeconds(), median.rssBeforeMb(), r.peakRssMb());
        }
        System.out.printf("%nEvery run (lifeboat s / anchor s):%n");
        for (Result r : results) {
            System.out.printf("%-14s %s%n", r.database(), String.join("   ", r.runs().stream()
                    .map(run -> String.format("%.2f / %.2f", run.lap().seconds(), run.anchorSeconds())).toList()));
        }
        System.out.printf("%nWhere the time went in the median run (ms after the request; \"sent\" is the Kafka record's create time):%n");
        System.out.printf("%-14s %10s %20s %22s %10s%n", "database", "API 202", "BackupStarted sent", "BackupCompleted sent", "arrived");
        for (Result r : results) {
            BackupStopwatch.Lap lap = r.median().lap();
            System.out.printf("%-14s %10d %20d %22d %10.0f%n", r.database(), lap.answeredMs(), lap.startedMs(),
                    lap.completedMs(), lap.seconds() * 1000);
        }
        System.out.printf("%nThe machine's CPU in each (core-seconds of both cores, every process, from /proc/stat; medians):%n");
        System.out.printf("%-14s %16s %14s %8s %20s %18s%n", "database", "lifeboat core-s", "anchor core-s", "ratio",
                "lifeboat cores busy", "anchor cores busy");
        for (Result r : results) {
            System.out.printf("%-14s %16.2f %14.2f %8.2f %20.2f %18.2f%n", r.database(), r.medianCoreSeconds(),
                    r.medianAnchorCoreSeconds(), r.medianCoreSeconds() / r.medianAnchorCoreSeconds(),
                    r.medianCoreSeconds() / r.median().lap().seconds(), r.medianAnchorCoreSeconds() / r.medianAnchorSeconds());
        }
        System.out.println("\nlifeboat s: POST /api/backups until BackupCompleted arrives on Kafka (pg_dump, zstd -1, "
                + "AES-256-GCM streaming encryption, SHA-256, S3 multipart upload, manifest, catalog, event).");
        System.out.println("anchor s:   pg_dump -Fc -Z0 | zstd -1 -T2 uploaded to the same bucket as a multipart upload (8 MiB parts,");
        System.out.println("            four in flight, as aws s3 cp - does) on the same database; no client-side encryption.");
        System.out.println("pgBackRest: " + (BenchStack.onPath("pgbackrest")
                ? "timed next by bench/pgbackrest-anchor, on a cluster of its own holding pgbench scale 70"
                : "not installed (apt-get install pgbackrest postgresql-15), so not timed"));
    }
}
