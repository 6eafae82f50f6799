package dev.lifeboat.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.lifeboat.events.data.EventData;
import dev.lifeboat.events.Topics;
import dev.lifeboat.events.restore.RestoreCompleted;
import dev.lifeboat.events.restore.RestoreStarted;
import dev.lifeboat.realservers.kafka.TopicEvents;
import dev.lifeboat.realservers.postgres.PostgresServer;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.ToDoubleFunction;
import java.util.stream.Collectors;

/**
 * The restore benchmark ({@code bench/benchmark restore}; not a test). Generates the {@link BenchDatabases} and eight
 * equally large tables, backs each up through backup-service, then restores the 1 GB ones into a new database through
 * restore-service's API and times request → {@code RestoreCompleted} on Kafka, against anchors timed in the same run on
 * the same data ({@link RestoreAnchors}): {@code zstd -dc} of a local compressed dump into {@code pg_restore} (the pipe),
 * {@code createdb} + {@code pg_restore --jobs=2} of a local file, and the restore a user would script from the same bucket.
 * Nothing is warmed up unmeasured: each database gets a restore service started for it, and its first restore (an
 * incident's) is printed first, cold. The eight tables are restored by the service with 1, 2 and 4 jobs (three ids of
 * one database), beside the local file with as many. The service's own steps come from {@code GET /api/restores/{id}}.
 * Last, one IN_PLACE restore shows the safety backup, the lock, validation and the swap.
 */
public final class RestoreBenchmark {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Duration WAIT = Duration.ofMinutes(30);
    private static final List<Integer> JOBS = List.of(1, 2, 4);
    /** Restores of a database up to 1 GB, each beside its anchors, the first right after the service started; medians are printed. */
    private static final int ROUNDS = 3;

    /** One round: the service's restore, then the anchors, in seconds. */
    private record Round(Timed service, double pipeSeconds, double twoJobsSeconds, double bucketSeconds) {
        double serviceSeconds() {
            return service.seconds();
        }
    }

    /**
     * A database's rounds, the first the service's first restore after its start; medians of the rounds.
     *
     * @param startSeconds how long the restore service took from its launch until ready
     * @param beforeRssMb  the service's resident memory before its first round: what the peak climbed from
     */
    private record Result(String database, long sizeMb, double startSeconds, List<Round> rounds, long peakRssMb, long beforeRssMb) {
        Timed service() {
            return rounds.stream().map(Round::service).sorted(Comparator.comparingDouble(Timed::seconds)).toList().get(rounds.size() / 2);
        }

        Round cold() {
            return rounds.get(0);
        }

        double median(ToDoubleFunction<Round> seconds) {
            return rounds.stream().mapToDouble(seconds).sorted().toArray()[rounds.size() / 2];
        }

        String everyRound() {
            return rounds.stream().map(round -> String.format("   %.2f / %.2f / %.2f / %.2f", round.serviceSeconds(),
                    round.pipeSeconds(), round.twoJobsSeconds(), round.bucketSeconds())).collect(Collectors.joining());
        }
    }

    private RestoreBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        BenchLogging.quiet();
        BenchStack.requireTools("pg_dump", "pg_restore", "pgbench", "zstd");
        Path root = Path.of(args.length > 0 ? args[0] : ".").toAbsolutePath().normalize();
        List<Integer> sizes = BenchDatabases.sizes(List.of(args));
        List<BenchDatabases.Recipe> recipes = BenchDatabases.all(sizes).stream().filter(recipe -> recipe.gigabytes() > 0).toList();
        // the eight tables' series is about jobs, not size: only in the 1 GB run, unless left out
        BenchDatabases.Recipe tables = sizes.equals(List.of(1)) && !List.of(args).contains("--without-series") ? BenchDatabases.EIGHT_TABLES : null;
        try (BenchStack stack = BenchStack.start(root)) {
            for (BenchDatabases.Recipe recipe : recipes) {
                BenchDatabases.generate(stack.postgres(), recipe);
            }
            if (tables != null) {
                BenchDatabases.generate(stack.postgres(), tables);
            }
            run(stack, recipes, tables);
        }
    }

    /**
     * Backs up and restores the generated databases of 1 GB and more through services of its own, beside the anchors, and
     * prints the figures; the IN_PLACE restore is of the first of them.
     *
     * @param tables the eight tables, generated, for the series by jobs; null: no series
     */
    static void run(BenchStack stack, List<BenchDatabases.Recipe> generated, BenchDatabases.Recipe tables) throws Exception {
        PostgresServer postgres = stack.postgres();
        List<BenchDatabases.Recipe> recipes = generated.stream().filter(recipe -> recipe.gigabytes() > 0).toList();
        Map<String, String> databaseById = new LinkedHashMap<>();
        recipes.forEach(recipe -> databaseById.put(recipe.id(), recipe.id()));
        if (tables != null) {
            JOBS.forEach(jobs -> databaseById.put(tables.id() + "j" + jobs, tables.id()));
        }
        Map<String, String> restoreSettings = new HashMap<>(stack.restoreTargets(databaseById));
        if (tables != null) {
            JOBS.forEach(jobs -> restoreSettings.put("lifeboat.restore.database-jobs." + tables.id() + "j" + jobs, String.valueOf(jobs)));
        }
        try (ServiceApi backupService = stack.startService("backup-service", Map.of());
             BackupStopwatch backups = new BackupStopwatch(stack.kafkaBootstrapServers())) {
            TopicEvents restoreEvents = new TopicEvents(stack.kafka(), Topics.RESTORE_EVENTS);
            Map<String, String> backupIds = new LinkedHashMap<>();
            for (Map.Entry<String, String> database : databaseById.entrySet()) {
                stack.register(backupService, database.getKey(), database.getValue());
                System.out.printf("Backing up %s through backup-service…%n", database.getKey());
                backupIds.put(database.getKey(), backups.time(backupService, database.getKey(), WAIT).completed().backupId());
            }
            List<Result> results = new ArrayList<>();
            for (BenchDatabases.Recipe recipe : recipes) {
                PostgresCommand.settle(postgres);
                long launched = System.nanoTime();
                try (ServiceApi restoreService = stack.startService("restore-service", restoreSettings)) {
                    double startSeconds = (System.nanoTime() - launched) / 1e9;
                    results.add(measure(stack, restoreService, restoreEvents, recipe, backupIds.get(recipe.id()), startSeconds));
                }
            }
            try (ServiceApi restoreService = stack.startService("restore-service", restoreSettings)) {
                Map<Integer, double[]> byJobs = tables != null ? jobsSeries(stack, restoreService, restoreEvents, tables, backupIds) : Map.of();
                BenchDatabases.Recipe inPlace = recipes.get(0);
                System.out.printf("Restoring %s IN_PLACE (safety backup, lock, beside, validate, swap)…%n", inPlace.label());
                PostgresCommand.settle(postgres);
                Timed timed = restore(restoreService, restoreEvents, inPlace.id(), "{\"databaseId\":\"" + inPlace.id()
                        + "\",\"source\":{\"kind\":\"BACKUP_ID\",\"backupId\":\"" + backupIds.get(inPlace.id())
                        + "\"},\"target\":{\"kind\":\"IN_PLACE\",\"confirmed\":true}}");
                print(results, tables == null ? "" : tables.label(), byJobs, inPlace.label(), timed);
            }
        }
    }

    /**
     * Restores the database through the service started for it, then times the anchors, {@link #ROUNDS} times for a
     * database up to 1 GB (once for a larger one), each timed run after a {@link PostgresCommand#settle settle}; the first
     * round is the service's first restore. Peak RSS is the highest of the rounds.
     */
    private static Result measure(BenchStack stack, ServiceApi restoreService, TopicEvents restoreEvents,
                                  BenchDatabases.Recipe recipe, String backupId, double startSeconds) throws Exception {
        PostgresServer postgres = stack.postgres();
        long sizeMb = BenchDatabases.sizeMb(postgres, recipe.id());
        int rounds = recipe.large() ? 1 : ROUNDS;
        List<Round> measured = new ArrayList<>();
        long peakMb = 0;
        long beforeMb = -1;
        try (RestoreAnchors anchors = RestoreAnchors.of(stack, recipe.id())) {
            for (int round = 1; round <= rounds; round++) {
                System.out.printf("Restoring %s (%d MB) into a new database through the API%s, then its anchors (the pipe, a local "
                        + "file with 2 jobs, the bucket), round %d of %d…%n", recipe.label(), sizeMb,
                        round == 1 ? " (the service's first restore)" : "", round, rounds);
                PostgresCommand.settle(postgres);
                Timed service;
                try (ResidentMemory memory = ResidentMemory.watch(restoreService.pid())) {
                    service = restore(restoreService, restoreEvents, recipe.id(), newDatabase(recipe.id(), backupId));
                    peakMb = Math.max(peakMb, memory.peakMb());
                    beforeMb = beforeMb < 0 ? memory.beforeMb() : beforeMb;
                }
                postgres.execute("DROP DATABASE " + recipe.id() + "_copy");
                PostgresCommand.settle(postgres);
                double pipe = anchors.pipe();
                PostgresCommand.settle(postgres);
                double twoJobs = anchors.local(2);
                PostgresCommand.settle(postgres);
                measured.add(new Round(service, pipe, twoJobs, anchors.fromBucket()));
            }
        }
        return new Result(recipe.label(), sizeMb, startSeconds, measured, peakMb, beforeMb);
    }

    /** Per job count: the service's request → RestoreCompleted, and the local file's pg_restore with as many jobs. */
    private static Map<Integer, double[]> jobsSeries(BenchStack stack, ServiceApi restoreService, TopicEvents restoreEvents,
                                                     BenchDatabases.Recipe tables, Map<String, String> backupIds) throws Exception {
        Map<Integer, double[]> byJobs = new LinkedHashMap<>();
        for (int jobs : JOBS) {
            String id = tables.id() + "j" + jobs;
            System.out.printf("Restoring %s with %d job(s) through the API…%n", tables.label(), jobs);
            PostgresCommand.settle(stack.postgres());
            byJobs.put(jobs, new double[]{restore(restoreService, restoreEvents, id, newDatabase(id, backupIds.get(id))).seconds(), 0});
            stack.postgres().execute("DROP DATABASE " + id + "_copy");
        }
        try (RestoreAnchors anchors = RestoreAnchors.of(stack, tables.id())) {
            for (int jobs : JOBS) {
                System.out.printf("Timing pg_restore --jobs=%d of a local file of %s…%n", jobs, tables.label());
                PostgresCommand.settle(stack.postgres());
                byJobs.get(jobs)[1] = anchors.local(jobs);
            }
        }
        return byJobs;
    }

    private static String newDatabase(String id, String backupId) {
        return "{\"databaseId\":\"" + id + "\",\"source\":{\"kind\":\"BACKUP_ID\",\"backupId\":\"" + backupId
                + "\"},\"target\":{\"kind\":\"NEW_DATABASE\",\"databaseName\":\"" + id + "_copy\"}}";
    }

    /** A restore as it finished: seconds from the request until its outcome on Kafka, its stored size, and its steps' seconds. */
    record Timed(double seconds, long storedBytes, Map<String, Double> steps, String breakdown) {
    }

    /** Posts a restore and waits for its outcome on Kafka; a restore that did not complete is an exception with its error. */
    static Timed restore(ServiceApi restoreService, TopicEvents restoreEvents, String database, String body) throws Exception {
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
        String way = "";
        for (JsonNode step : view.path("steps")) {
            steps.merge(step.path("step").asText(), step.path("durationMs").asLong() / 1000.0, Double::sum);
            if (step.path("step").asText().equals("PG_RESTORE")) {
                String details = step.path("details").asText();
                way = details.substring(details.lastIndexOf(';') + 1).strip();
            }
        }
        Instant started = Instant.parse(view.path("startedAt").asText());
        Instant finished = Instant.parse(view.path("finishedAt").asText());
        String breakdown = String.format("POST answered after %.2f s, job started %.2f s after the request, job %.2f s, "
                        + "RestoreCompleted seen %.2f s after the job finished; %s", answered, seconds(requested, started),
                seconds(started, finished), seconds(finished, seen), way);
        return new Timed(seconds, view.path("storedBytes").asLong(), steps, breakdown);
    }

    private static void print(List<Result> results, String tablesLabel, Map<Integer, double[]> byJobs, String inPlaceDatabase,
                              Timed inPlace) {
        System.out.println();
        System.out.println("The first restore after the restore service started (cold; nothing warmed up unmeasured), beside the same round's anchors:");
        System.out.printf("%-14s %7s %10s %8s %6s %8s %6s %12s %12s %9s%n", "database", "size MB", "lifeboat s", "pipe s", "ratio",
                "local2 s", "ratio", "pg_restore s", "validation s", "start s");
        for (Result r : results) {
            Round cold = r.cold();
            System.out.printf("%-14s %7d %10.2f %8.2f %6.2f %8.2f %6.2f %12.2f %12.2f %9.2f%n", r.database(), r.sizeMb(),
                    cold.serviceSeconds(), cold.pipeSeconds(), cold.serviceSeconds() / cold.pipeSeconds(), cold.twoJobsSeconds(),
                    cold.serviceSeconds() / cold.twoJobsSeconds(), step(cold.service().steps(), "PG_RESTORE"),
                    step(cold.service().steps(), "VALIDATION"), r.startSeconds());
        }
        System.out.printf("%nMedians of %d rounds up to 1 GB (one above), the first round included, each timed run after a checkpoint and sync:%n", ROUNDS);
        System.out.printf("%-14s %7s %9s %10s %8s %6s %8s %6s %9s %12s %12s %11s %14s%n", "database", "size MB", "stored MB", "lifeboat s",
                "pipe s", "ratio", "local2 s", "ratio", "bucket s", "pg_restore s", "validation s", "peak RSS MB", "RSS before MB");
        for (Result r : results) {
            Timed service = r.service();
            double pipe = r.median(Round::pipeSeconds);
            double twoJobs = r.median(Round::twoJobsSeconds);
            System.out.printf("%-14s %7d %9d %10.2f %8.2f %6.2f %8.2f %6.2f %9.2f %12.2f %12.2f %11d %14d%n", r.database(), r.sizeMb(),
                    service.storedBytes() / 1_048_576, service.seconds(), pipe, service.seconds() / pipe, twoJobs,
                    service.seconds() / twoJobs, r.median(Round::bucketSeconds), step(service.steps(), "PG_RESTORE"),
                    step(service.steps(), "VALIDATION"), r.peakRssMb(), r.beforeRssMb());
        }
        System.out.println("Every round (lifeboat / pipe / local2 / bucket s):");
        results.forEach(r -> System.out.printf("%-14s%s%n", r.database(), r.everyRound()));
        System.out.println("The service's first and median runs:");
        results.forEach(r -> System.out.printf("%-14s first: %s%n%-14s median: %s%n", r.database(), r.cold().service().breakdown(),
                "", r.service().breakdown()));
        System.out.println("\nlifeboat s:   POST /api/restores (NEW_DATABASE, by backup id) until RestoreCompleted arrives on Kafka: preflight,");
        System.out.println("              create database, GETs → SHA-256 + AES-256-GCM check → zstd → pg_restore (rows mostly in one table: streamed,");
        System.out.println("              each table's rows over the jobs' connections; else staged for pg_restore --jobs), validation (row");
        System.out.println("              counts, row digests, foreign keys, sequences), event. (The service's jobs: its cores, at most 4.)");
        System.out.println("pipe s:       createdb + zstd -dc of a local pg_dump -Fc -Z0 | zstd -1 file into pg_restore -d. ratio: lifeboat / pipe.");
        System.out.println("local2 s:     createdb + pg_restore --jobs=2 -d of a local pg_dump -Fc -Z0 file. ratio: lifeboat / local2.");
        System.out.println("bucket s:     the same compressed dump downloaded from the same bucket into zstd -dc | pg_restore -d (no encryption).");
        System.out.println("start s: the restore service's launch until ready (-Xmx256m); pg_restore s, validation s: its steps of that restore.");
        if (!byJobs.isEmpty()) {
            System.out.printf("%n%s, request → RestoreCompleted by the service's jobs, and the local file's pg_restore with as many:%n", tablesLabel);
        }
        byJobs.forEach((jobs, seconds) -> System.out.printf("  %d job(s): lifeboat %8.2f s   local file %8.2f s%n", jobs, seconds[0], seconds[1]));
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
