package dev.lifeboat.bench;

import dev.lifeboat.d1.D1Location;
import dev.lifeboat.d1.query.D1Queries;
import dev.lifeboat.d1.wrangler.Wrangler;
import dev.lifeboat.d1.wrangler.WranglerFailure;
import dev.lifeboat.events.Topics;
import dev.lifeboat.realservers.kafka.TopicEvents;
import dev.lifeboat.realservers.wrangler.InstalledWrangler;
import dev.lifeboat.runtime.secret.DatabaseSecrets;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * The D1 benchmark ({@code bench/benchmark d1 [MB,...]}; not a test). Generates local D1 databases (workerd's SQLite,
 * through wrangler {@code --local}) of about 100 MB of export each asked size, then, in the same run: a backup through
 * backup-service (request → {@code BackupCompleted}) beside the anchor {@code wrangler d1 export --local} into
 * {@code zstd -1} (through a pipe), and a restore through restore-service into a new local database (request →
 * {@code RestoreCompleted}, its checks included) beside the anchor {@code wrangler d1 execute --local --file} of the
 * export into a fresh database; with each service's peak resident memory (its JVM; wrangler's node and workerd are
 * children of their own, the same in both columns).
 */
public final class D1Benchmark {

    private static final Duration WAIT = Duration.ofMinutes(60);
    /** Rows of events per megabyte of export: each row is about 270 bytes of SQL. */
    private static final int EVENTS_PER_MB = 3_800;

    private record Result(int askedMb, long exportMb, long rows, double backup, double exportAnchor, long backupRssMb,
                          double restore, String restoreAnchor, long restoreRssMb) {
    }

    private D1Benchmark() {
    }

    public static void main(String[] args) throws Exception {
        BenchLogging.quiet();
        BenchStack.requireTools("zstd", "mkfifo");
        Path root = Path.of(args.length > 0 ? args[0] : ".").toAbsolutePath().normalize();
        List<Integer> sizes = args.length > 1 ? List.of(args[1].split(",")).stream().map(Integer::parseInt).toList() : List.of(100);
        String executable = InstalledWrangler.executable();
        Wrangler wrangler = new Wrangler(executable, WAIT, DatabaseSecrets.defaults());
        Path folder = root.resolve(".lifeboat/bench/d1");
        removeTree(folder);
        Files.createDirectories(folder);
        try (BenchStack stack = BenchStack.start(root)) {
            for (int mb : sizes) {
                System.out.printf("Generating a local D1 database of about %d MB of export…%n", mb);
                generate(new D1Queries(wrangler), new D1Location("bench" + mb, null, null, folder, null), mb);
            }
            Map<String, String> settings = Map.of("lifeboat.d1.wrangler", executable);
            List<Result> results = new ArrayList<>();
            try (ServiceApi backupService = stack.startService("backup-service", settings);
                 ServiceApi restoreService = stack.startService("restore-service", settings);
                 BackupStopwatch backups = new BackupStopwatch(stack.kafkaBootstrapServers())) {
                TopicEvents restoreEvents = new TopicEvents(stack.kafka(), Topics.RESTORE_EVENTS);
                for (int mb : sizes) {
                    results.add(measure(wrangler, folder, backupService, restoreService, backups, restoreEvents, mb));
                }
            }
            print(results);
        }
    }

    private static Result measure(Wrangler wrangler, Path folder, ServiceApi backupService, ServiceApi restoreService,
                                  BackupStopwatch backups, TopicEvents restoreEvents, int mb) throws Exception {
        String name = "bench" + mb;
        D1Location source = new D1Location(name, null, null, folder, null);
        backupService.post("/api/databases", "{\"id\":\"d1-" + mb + "\",\"engine\":\"d1\",\"database\":\"" + name
                + "\",\"d1\":{\"localFolder\":\"" + folder + "\"},\"schedule\":\"0 0 1 1 *\"}");
        System.out.printf("Backing up %s through backup-service…%n", name);
        BackupStopwatch.Lap lap;
        long backupRss;
        try (ResidentMemory memory = ResidentMemory.watch(backupService.pid())) {
            lap = backups.time(backupService, "d1-" + mb, WAIT);
            backupRss = memory.peakMb();
        }
        long rows = lap.completed().tableRowCounts().values().stream().mapToLong(Long::longValue).sum();
        System.out.printf("Timing the anchor: wrangler d1 export %s --local into zstd -1…%n", name);
        Path export = folder.resolve(name + ".sql");
        double exportAnchor = exportAnchor(wrangler, source, folder, export);
        System.out.printf("Restoring %s into a new local database through restore-service…%n", name);
        RestoreBenchmark.Timed restored;
        long restoreRss;
        try (ResidentMemory memory = ResidentMemory.watch(restoreService.pid())) {
            restored = RestoreBenchmark.restore(restoreService, restoreEvents, "d1-" + mb, "{\"databaseId\":\"d1-" + mb
                    + "\",\"source\":{\"kind\":\"BACKUP_ID\",\"backupId\":\"" + lap.completed().backupId()
                    + "\"},\"target\":{\"kind\":\"NEW_DATABASE\",\"databaseName\":\"" + name + "_copy\"}}");
            restoreRss = memory.peakMb();
        }
        System.out.printf("Timing the anchor: wrangler d1 execute %s_anchor --local --file %s…%n", name, export.getFileName());
        String restoreAnchor = executeAnchor(wrangler, source.sibling(name + "_anchor", null), export);
        return new Result(mb, Files.size(export) / 1_048_576, rows, lap.seconds(), exportAnchor, backupRss,
                restored.seconds(), restoreAnchor, restoreRss);
    }

    /** {@code accounts} and {@code events} (a foreign key to accounts), random payloads: about {@code mb} MB of export. */
    private static void generate(D1Queries queries, D1Location database, int mb) throws WranglerFailure {
        queries.execute(database, "CREATE TABLE accounts (id INTEGER PRIMARY KEY, name TEXT NOT NULL, created TEXT NOT NULL);"
                + "CREATE TABLE events (id INTEGER PRIMARY KEY, account INTEGER NOT NULL REFERENCES accounts(id), kind TEXT, payload TEXT);"
                + "CREATE INDEX events_account ON events(account);");
        int accounts = Math.max(100, mb * 40);
        queries.execute(database, "WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < " + accounts + ") "
                + "INSERT INTO accounts SELECT i, 'account ' || i, datetime(1700000000 + i * 60, 'unixepoch') FROM n;");
        long events = (long) mb * EVENTS_PER_MB;
        for (long from = 0; from < events; from += 100_000) {
            queries.execute(database, "WITH RECURSIVE n(i) AS (SELECT " + (from + 1) + " UNION ALL SELECT i + 1 FROM n WHERE i < "
                    + Math.min(events, from + 100_000) + ") INSERT INTO events SELECT i, 1 + i % " + accounts
                    + ", 'kind ' || (i % 7), hex(randomblob(110)) FROM n;");
        }
    }

    /** {@code wrangler d1 export --local} into a pipe read by {@code zstd -1}, as a user would script it; seconds. */
    private static double exportAnchor(Wrangler wrangler, D1Location source, Path folder, Path keep) throws Exception {
        Path pipe = folder.resolve("anchor.pipe");
        Files.deleteIfExists(pipe);
        run(List.of("mkfifo", pipe.toString()));
        long start = System.nanoTime();
        Process zstd = new ProcessBuilder("zstd", "-1", "-q", "-f", pipe.toString(), "-o", folder.resolve("anchor.sql.zst").toString())
                .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        wrangler.run(source, List.of("export", source.name(), "--output", pipe.toString()));
        if (!zstd.waitFor(WAIT.toSeconds(), TimeUnit.SECONDS) || zstd.exitValue() != 0) {
            throw new IllegalStateException("zstd of the anchor's export failed");
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        Files.delete(pipe);
        wrangler.run(source, List.of("export", source.name(), "--output", keep.toString())); // the restore anchor's file
        return seconds;
    }

    /** {@code wrangler d1 execute --local --file} of the export into a fresh database: seconds, or how it failed. */
    private static String executeAnchor(Wrangler wrangler, D1Location fresh, Path export) {
        long start = System.nanoTime();
        try {
            wrangler.run(fresh, List.of("execute", fresh.name(), "--yes", "--file", export.toString()));
            return String.format("%.2f", (System.nanoTime() - start) / 1e9);
        } catch (WranglerFailure e) {
            String reason = e.getMessage().contains("HashIndex") ? "workerd crashed" : e.reason().name();
            return String.format("failed after %.2f s (%s)", (System.nanoTime() - start) / 1e9, reason);
        }
    }

    private static void print(List<Result> results) {
        System.out.println();
        System.out.printf("%-8s %9s %10s | %9s %9s %6s %8s | %10s %-34s %8s%n", "database", "export MB", "rows", "backup s",
                "anchor s", "ratio", "RSS MB", "restore s", "anchor s", "RSS MB");
        for (Result r : results) {
            System.out.printf("%-8s %9d %10d | %9.2f %9.2f %6.2f %8d | %10.2f %-34s %8d%n", "bench" + r.askedMb(), r.exportMb(), r.rows(),
                    r.backup(), r.exportAnchor(), r.backup() / r.exportAnchor(), r.backupRssMb(), r.restore(), r.restoreAnchor(),
                    r.restoreRssMb());
        }
        System.out.println("\nbackup s:  POST /api/backups until BackupCompleted arrives on Kafka: wrangler d1 export --local through a pipe,");
        System.out.println("           each table's rows counted from it, zstd, AES-256-GCM, SHA-256, upload, manifest, catalog, event.");
        System.out.println("anchor s:  wrangler d1 export --local --output <fifo> read by zstd -1 (no upload, no encryption). ratio: backup / anchor.");
        System.out.println("restore s: POST /api/restores (NEW_DATABASE) until RestoreCompleted: staged through its checksum, loaded (rows merged");
        System.out.println("           into multi-row INSERTs, batches of 1 MiB), checked (rows, quick_check, foreign_key_check, schema).");
        System.out.println("anchor s:  wrangler d1 execute --local --file <the export> into a fresh database (one batch, one INSERT per row).");
        System.out.println("RSS MB:    the service JVM's peak resident memory during the run (wrangler's node and workerd not counted).");
    }

    private static void run(List<String> command) throws IOException, InterruptedException {
        Process process = new ProcessBuilder(command).inheritIO().start();
        if (process.waitFor() != 0) {
            throw new IllegalStateException(String.join(" ", command) + " failed");
        }
    }

    private static void removeTree(Path folder) throws IOException {
        if (Files.exists(folder)) {
            try (var files = Files.walk(folder)) {
                for (Path file : files.sorted(java.util.Comparator.reverseOrder()).toList()) {
                    Files.delete(file);
                }
            }
        }
    }
}
