package dev.lifeboat.realservers.bench;

import dev.lifeboat.events.Topics;
import dev.lifeboat.events.backup.BackupCompleted;
import dev.lifeboat.realservers.kafka.TopicEvents;
import dev.lifeboat.realservers.postgres.PostgresServer;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The backup benchmark ({@code bench/benchmark backup}; not a test). Generates the {@link BenchDatabases},
 * backs each up through backup-service's API and times request → {@code BackupCompleted} on Kafka, against
 * the anchor {@code pg_dump -Fc -Z0 | zstd -1 -T2 > /dev/null} on the same database, sampling the service's
 * resident memory during each backup.
 */
public final class BackupBenchmark {

    private record Result(String database, long sizeMb, double serviceSeconds, double anchorSeconds, long peakRssMb) {
    }

    private BackupBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        BenchStack.requireTools("pg_dump", "pgbench", "zstd");
        Path root = Path.of(args.length > 0 ? args[0] : ".").toAbsolutePath().normalize();
        try (BenchStack stack = BenchStack.start(root)) {
            PostgresServer postgres = stack.postgres();
            for (BenchDatabases.Recipe recipe : BenchDatabases.ALL) {
                BenchDatabases.generate(postgres, recipe);
            }
            try (ServiceApi backupService = stack.startService("backup-service", Map.of())) {
                TopicEvents backupEvents = new TopicEvents(stack.kafka(), Topics.BACKUP_EVENTS);
                List<Result> results = new ArrayList<>();
                boolean warm = false;
                for (BenchDatabases.Recipe recipe : BenchDatabases.ALL) {
                    stack.register(backupService, recipe.id());
                    if (!warm) {
                        System.out.println("Warm-up backup (not measured: class loading, topic metadata, connection pools)…");
                        measure(backupService, backupEvents, postgres, recipe);
                        warm = true;
                    }
                    results.add(measure(backupService, backupEvents, postgres, recipe));
                }
                print(results);
            }
        }
    }

    private static Result measure(ServiceApi backupService, TopicEvents backupEvents, PostgresServer postgres,
                                  BenchDatabases.Recipe recipe) throws Exception {
        long sizeMb = BenchDatabases.sizeMb(postgres, recipe.id());
        System.out.printf("Backing up %s (%d MB) through the API…%n", recipe.label(), sizeMb);
        double serviceSeconds;
        long peakMb;
        try (ResidentMemory memory = ResidentMemory.watch(backupService.pid())) {
            serviceSeconds = backUp(backupService, backupEvents, recipe.id()).seconds();
            peakMb = memory.peakMb();
        }
        System.out.println("Timing the anchor pg_dump -Fc -Z0 | zstd -1 -T2 on " + recipe.label() + "…");
        double anchorSeconds = PostgresCommand.run(postgres, "bash", "-c", "set -o pipefail; pg_dump -Fc -Z0 "
                + PostgresCommand.connection(postgres) + " " + recipe.id() + " | zstd -q -1 -T2 > /dev/null");
        return new Result(recipe.label(), sizeMb, serviceSeconds, anchorSeconds, peakMb);
    }

    /** A backup as it finished: its event, and the seconds from the API request until the event arrived. */
    record TimedBackup(BackupCompleted completed, double seconds) {
    }

    /** Asks backup-service for a backup through its API and waits for its {@code BackupCompleted} on Kafka. */
    static TimedBackup backUp(ServiceApi backupService, TopicEvents backupEvents, String database) throws Exception {
        long start = System.nanoTime();
        String requestId = ServiceApi.field(backupService.post("/api/backups", "{\"databaseId\":\"" + database + "\"}"), "requestId");
        BackupCompleted completed = backupEvents.await(BackupCompleted.class, requestId, Duration.ofMinutes(20)).data();
        return new TimedBackup(completed, (System.nanoTime() - start) / 1e9);
    }

    private static void print(List<Result> results) {
        System.out.println();
        System.out.printf("%-14s %8s %12s %12s %8s %14s%n", "database", "size MB", "lifeboat s", "anchor s", "ratio", "peak RSS MB");
        for (Result r : results) {
            System.out.printf("%-14s %8d %12.2f %12.2f %8.2f %14d%n", r.database(), r.sizeMb(), r.serviceSeconds(), r.anchorSeconds(),
                    r.serviceSeconds() / r.anchorSeconds(), r.peakRssMb());
        }
        System.out.println("\nlifeboat s: POST /api/backups until BackupCompleted arrives on Kafka (pg_dump, zstd -1, "
                + "AES-256-GCM streaming encryption, SHA-256, S3 multipart upload, manifest, catalog, event).");
        System.out.println("anchor s:   pg_dump -Fc -Z0 | zstd -1 -T2 > /dev/null on the same database.");
        System.out.println("pgBackRest: " + (BenchStack.onPath("pgbackrest")
                ? "installed, not timed: it needs the server's data directory and WAL archiving"
                : "not installed (apt-get install pgbackrest)"));
    }
}
