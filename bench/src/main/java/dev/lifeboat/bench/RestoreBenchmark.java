package dev.lifeboat.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.lifeboat.events.data.EventData;
import dev.lifeboat.events.Topics;
import dev.lifeboat.events.restore.RestoreCompleted;
import dev.lifeboat.events.restore.RestoreStarted;
import dev.lifeboat.realservers.kafka.TopicEvents;
import dev.lifeboat.realservers.postgres.PostgresServer;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The restore benchmark ({@code bench/benchmark restore}; not a test). Generates the {@link BenchDatabases},
 * backs each up through backup-service, then restores the 1 GB ones into a new database through
 * restore-service's API and times request → {@code RestoreCompleted} on Kafka, against the anchor: plain
 * {@code createdb} + {@code pg_restore} of the same data from a local {@code pg_dump -Fc -Z0} file. The
 * service's own steps (streaming restore, validation) come from {@code GET /api/restores/{id}}. Last, one
 * IN_PLACE restore shows the safety backup, the lock, validation and the swap timed separately.
 */
public final class RestoreBenchmark {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Duration WAIT = Duration.ofMinutes(30);

    private record Result(String database, long sizeMb, long storedMb, double serviceSeconds, double anchorSeconds,
                          Map<String, Double> steps, String breakdown, long peakRssMb) {
    }

    private RestoreBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        BenchStack.requireTools("pg_dump", "pg_restore", "pgbench");
        Path root = Path.of(args.length > 0 ? args[0] : ".").toAbsolutePath().normalize();
        List<String> ids = BenchDatabases.ALL.stream().map(BenchDatabases.Recipe::id).toList();
        try (BenchStack stack = BenchStack.start(root)) {
            PostgresServer postgres = stack.postgres();
            for (BenchDatabases.Recipe recipe : BenchDatabases.ALL) {
                BenchDatabases.generate(postgres, recipe);
            }
            try (ServiceApi backupService = stack.startService("backup-service", Map.of());
                 ServiceApi restoreService = stack.startService("restore-service", stack.restoreTargets(ids));
                 BackupStopwatch backups = new BackupStopwatch(stack.kafkaBootstrapServers())) {
                TopicEvents restoreEvents = new TopicEvents(stack.kafka(), Topics.RESTORE_EVENTS);
                Map<String, String> backupIds = new LinkedHashMap<>();
                for (BenchDatabases.Recipe recipe : BenchDatabases.ALL) {
                    stack.register(backupService, recipe.id());
                    System.out.printf("Backing up %s through backup-service…%n", recipe.label());
                    backupIds.put(recipe.id(), backups.time(backupService, recipe.id(), WAIT).completed().backupId());
                }
                BenchDatabases.Recipe warmUp = BenchDatabases.ALL.get(0);
                System.out.println("Warm-up restore of " + warmUp.label() + " (not measured: class loading, topic metadata, pools)…");
                restore(restoreService, restoreEvents, warmUp.id(), newDatabase(warmUp.id(), backupIds.get(warmUp.id())));
                postgres.execute("DROP DATABASE " + warmUp.id() + "_copy");

                List<Result> results = new ArrayList<>();
                for (BenchDatabases.Recipe recipe : BenchDatabases.ALL.subList(1, BenchDatabases.ALL.size())) {
                    results.add(measure(stack, restoreService, restoreEvents, recipe, backupIds.get(recipe.id())));
                }
                BenchDatabases.Recipe inPlace = BenchDatabases.ALL.get(1);
                System.out.printf("Restoring %s IN_PLACE (safety backup, lock, beside, validate, swap)…%n", inPlace.label());
                Timed timed = restore(restoreService, restoreEvents, inPlace.id(), "{\"databaseId\":\"" + inPlace.id()
                        + "\",\"source\":{\"kind\":\"BACKUP_ID\",\"backupId\":\"" + backupIds.get(inPlace.id())
                        + "\"},\"target\":{\"kind\":\"IN_PLACE\",\"confirmed\":true}}");
                print(results, inPlace.label(), timed);
            }
        }
    }

    private static Result measure(BenchStack stack, ServiceApi restoreService, TopicEvents restoreEvents,
                                  BenchDatabases.Recipe recipe, String backupId) throws Exception {
        PostgresServer postgres = stack.postgres();
        long sizeMb = BenchDatabases.sizeMb(postgres, recipe.id());
        System.out.printf("Restoring %s (%d MB) into a new database through the API…%n", recipe.label(), sizeMb);
        Timed timed;
        long peakMb;
        try (ResidentMemory memory = ResidentMemory.watch(restoreService.pid())) {
            timed = restore(restoreService, restoreEvents, recipe.id(), newDatabase(recipe.id(), backupId));
            peakMb = memory.peakMb();
        }
        postgres.execute("DROP DATABASE " + recipe.id() + "_copy");

        System.out.println("Timing the anchor createdb + pg_restore of a local pg_dump -Fc -Z0 file of " + recipe.label() + "…");
        Path dump = Files.createTempFile(recipe.id(), ".dump");
        try {
            String connection = PostgresCommand.connection(postgres);
            PostgresCommand.run(postgres, "bash", "-c", "pg_dump -Fc -Z0 " + connection + " -f " + dump + " " + recipe.id());
            String anchor = recipe.id() + "_anchor";
            double anchorSeconds = PostgresCommand.run(postgres, "bash", "-c", "set -e; createdb " + connection + " " + anchor
                    + "; pg_restore " + connection + " -d " + anchor + " " + dump);
            postgres.execute("DROP DATABASE " + anchor);
            return new Result(recipe.label(), sizeMb, timed.storedBytes() / 1_048_576, timed.seconds(), anchorSeconds,
                    timed.steps(), timed.breakdown(), peakMb);
        } finally {
            Files.deleteIfExists(dump);
        }
    }

    private static String newDatabase(String id, String backupId) {
        return "{\"databaseId\":\"" + id + "\",\"source\":{\"kind\":\"BACKUP_ID\",\"backupId\":\"" + backupId
                + "\"},\"target\":{\"kind\":\"NEW_DATABASE\",\"databaseName\":\"" + id + "_copy\"}}";
    }

    /** A restore as it finished: seconds from the request until its outcome on Kafka, its stored size, and its steps' seconds. */
    private record Timed(double seconds, long storedBytes, Map<String, Double> steps, String breakdown) {
    }

    private static Timed restore(ServiceApi restoreService, TopicEvents restoreEvents, String database, String body) throws Exception {
        long start = System.nanoTime();
        Instant requested = Instant.now();
        String restoreId = ServiceApi.field(restoreService.post("/api/restores", body), "restoreId");
        double answered = (System.nanoTime() - start) / 1e9;
        EventData outcome = restoreEvents.await(EventData.class, event -> restoreId.equals(event.correlationId())
                        && !(event.data() instanceof RestoreStarted), WAIT)
                .orElseThrow(() -> new IllegalStateException("no outcome of restore " + restoreId + " of " + database + " within " + WAIT))
                .data();
        double seconds = (System.nanoTime() - start) / 1e9;
        Instant seen = Instant.now();
        JsonNode view = JSON.readTree(restoreService.get("/api/restores/" + restoreId));
        if (!(outcome instanceof RestoreCompleted)) {
            throw new IllegalStateException("restore of " + database + " ended with " + outcome + "; " + view.path("error"));
        }
        Map<String, Double> steps = new LinkedHashMap<>();
        for (JsonNode step : view.path("steps")) {
            steps.merge(step.path("step").asText(), step.path("durationMs").asLong() / 1000.0, Double::sum);
        }
        Instant started = Instant.parse(view.path("startedAt").asText());
        Instant finished = Instant.parse(view.path("finishedAt").asText());
        String breakdown = String.format("POST answered after %.2f s, job started %.2f s after the request, job %.2f s, "
                        + "RestoreCompleted seen %.2f s after the job finished", answered, seconds(requested, started),
                seconds(started, finished), seconds(finished, seen));
        return new Timed(seconds, view.path("storedBytes").asLong(), steps, breakdown);
    }

    private static void print(List<Result> results, String inPlaceDatabase, Timed inPlace) {
        System.out.println();
        System.out.printf("%-14s %8s %10s %12s %10s %7s %12s %13s %12s%n", "database", "size MB", "stored MB", "lifeboat s",
                "anchor s", "ratio", "pg_restore s", "validation s", "peak RSS MB");
        for (Result r : results) {
            System.out.printf("%-14s %8d %10d %12.2f %10.2f %7.2f %12.2f %13.2f %12d%n", r.database(), r.sizeMb(), r.storedMb(),
                    r.serviceSeconds(), r.anchorSeconds(), r.serviceSeconds() / r.anchorSeconds(), step(r.steps(), "PG_RESTORE"),
                    step(r.steps(), "VALIDATION"), r.peakRssMb());
        }
        results.forEach(r -> System.out.printf("%-14s %s%n", r.database(), r.breakdown()));
        System.out.println("\nlifeboat s:   POST /api/restores (NEW_DATABASE, by backup id) until RestoreCompleted arrives on Kafka:");
        System.out.println("              preflight, create database, S3 stream → SHA-256 + AES-256-GCM check → zstd → pg_restore,");
        System.out.println("              validation (row counts, foreign keys, sequences), event.");
        System.out.println("anchor s:     createdb + pg_restore -d of a local pg_dump -Fc -Z0 file of the same database.");
        System.out.println("pg_restore s, validation s: the service's PG_RESTORE and VALIDATION steps (GET /api/restores/{id}).");
        System.out.printf("%nIN_PLACE restore of %s: %.2f s request → RestoreCompleted; steps:%n", inPlaceDatabase, inPlace.seconds());
        System.out.println("  " + inPlace.breakdown());
        inPlace.steps().forEach((step, seconds) -> System.out.printf("  %-16s %8.2f s%n", step, seconds));
    }

    private static double seconds(Instant from, Instant to) {
        return Duration.between(from, to).toNanos() / 1e9;
    }

    private static double step(Map<String, Double> steps, String name) {
        return steps.getOrDefault(name, 0.0);
    }
}
