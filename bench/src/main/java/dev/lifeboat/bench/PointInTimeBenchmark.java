package dev.lifeboat.bench;

import dev.lifeboat.archive.ArchiveEncryption;
import dev.lifeboat.archive.bucket.BucketObjects;
import dev.lifeboat.archive.bucket.BucketSettings;
import dev.lifeboat.archive.bucket.S3Clients;
import dev.lifeboat.changes.capture.CaptureObserver;
import dev.lifeboat.changes.capture.CaptureSettings;
import dev.lifeboat.changes.capture.ChangeCapture;
import dev.lifeboat.changes.model.Lsn;
import dev.lifeboat.changes.model.Transaction;
import dev.lifeboat.changes.replay.ArchiveReplay;
import dev.lifeboat.changes.replay.ChangeReplay;
import dev.lifeboat.changes.replay.ReplayLanes;
import dev.lifeboat.changes.replay.ReplayPlan;
import dev.lifeboat.changes.segment.ChangeArchive;
import dev.lifeboat.changes.segment.SegmentManifest;
import dev.lifeboat.changes.slot.AlignedSnapshot;
import dev.lifeboat.events.backup.Compression;
import dev.lifeboat.postgres.connect.PgConnection;
import dev.lifeboat.realservers.postgres.PostgresServer;
import dev.lifeboat.realservers.s3.S3Server;

import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Point-in-time restore under a pgbench write load (TPC-B-like, its history table given a key so it is captured):
 * capture lag (commit → received) and the RPO achieved (commit → its segment stored) at p50/p99 with the default segment
 * limits; then a restore of the aligned backup with the whole load replayed onto it, against the plain restore of the
 * same backup (the anchor), and the replay's rate in row changes per second. Scale, load seconds and clients are the
 * arguments after the repository root (defaults 10, 60, 4; scale 70 makes the 1 GB backup), then the lane counts each
 * round replays over, the rounds (default 3) and the server's {@code shared_buffers} (default 1GB: a server sized for
 * a 1 GB database, as managed services size it at a quarter of memory; PostgreSQL's own default is 128MB).
 */
public final class PointInTimeBenchmark {

    private static final String DB = "pitr_bench";
    static final ArchiveEncryption KEY = new ArchiveEncryption("bench", randomKey());

    private static byte[] randomKey() {
        byte[] key = new byte[ArchiveEncryption.KEY_BYTES];
        new SecureRandom().nextBytes(key);
        return key;
    }

    public static void main(String[] args) throws Exception {
        BenchLogging.quiet();
        int scale = args.length > 1 ? Integer.parseInt(args[1]) : 10;
        int seconds = args.length > 2 ? Integer.parseInt(args[2]) : 60;
        int clients = args.length > 3 ? Integer.parseInt(args[3]) : 4;
        // each round replays over each of these lanes in turn (default: one, then the services' default), so that the
        // figures compare on the same machine in the same minutes
        List<Integer> laneCounts = args.length > 4 ? java.util.Arrays.stream(args[4].split(",")).map(Integer::valueOf).toList()
                : java.util.stream.Stream.of(1, ReplayLanes.defaultCount()).distinct().toList();
        int rounds = args.length > 5 ? Integer.parseInt(args[5]) : 3;
        String sharedBuffers = args.length > 6 ? args[6] : "1GB";
        System.out.printf("pgbench scale %d, %d s of load by %d clients; replay over %s lane(s), %d round(s); shared_buffers %s%n",
                scale, seconds, clients, laneCounts, rounds, sharedBuffers);
        Path work = Files.createTempDirectory("pitr-bench-");
        try (PostgresServer postgres = PostgresServer.start(java.util.Map.of("shared_buffers", sharedBuffers)); S3Server s3 = S3Server.start("bench-changes")) {
            String connection = PostgresCommand.connection(postgres);
            postgres.execute("CREATE DATABASE " + DB);
            PostgresCommand.run(postgres, "sh", "-c", "pgbench -q -i -s " + scale + " " + connection + " " + DB + " > /dev/null 2>&1");
            postgres.execute(DB, "ALTER TABLE pgbench_history ADD COLUMN id bigserial PRIMARY KEY");
            ChangeArchive archive = archive(s3);
            PgConnection source = new PgConnection(postgres.host(), postgres.port(), postgres.superuser(), postgres.superuserPassword());

            List<Long> lagMicros = Collections.synchronizedList(new ArrayList<>());
            CountDownLatch started = new CountDownLatch(1);
            AtomicBoolean running = new AtomicBoolean(true);
            Thread capture = new Thread(() -> {
                try {
                    new ChangeCapture(DB, source, DB, archive, CaptureSettings.DEFAULTS, new CaptureObserver() {
                        @Override
                        public void started(dev.lifeboat.changes.slot.PreflightReport preflight) {
                            started.countDown();
                        }

                        @Override
                        public void received(Transaction transaction, Instant receivedAt) {
                            lagMicros.add(Duration.between(transaction.commitTime(), receivedAt).toNanos() / 1000);
                        }
                    }, Clock.systemUTC()).run(running::get);
                } catch (Exception e) {
                    e.printStackTrace();
                }
            }, "capture");
            capture.start();
            started.await(60, TimeUnit.SECONDS);

            Path dump = work.resolve("backup.dump");
            Lsn base;
            double backupSeconds;
            try (AlignedSnapshot snapshot = AlignedSnapshot.create(source.openReplication(DB, "bench backup"))) {
                backupSeconds = PostgresCommand.run(postgres, "pg_dump", "-h", postgres.host(), "-p", String.valueOf(postgres.port()),
                        "-U", postgres.superuser(), "-Fc", "-Z0", "--snapshot=" + snapshot.snapshotName(), "-f", dump.toString(), DB);
                base = snapshot.lsn();
            }
            System.out.printf("aligned backup of pgbench scale %d: %.1f s, %d MB dump, at %s%n", scale, backupSeconds,
                    Files.size(dump) >> 20, base);

            PostgresCommand.run(postgres, "sh", "-c", "pgbench -n -c " + clients + " -j 2 -T " + seconds + " " + connection + " " + DB
                    + " | grep -E '^(number of transactions actually processed|tps)'");
            Instant end = now(postgres).plusSeconds(1);
            Thread.sleep(1100);
            awaitCoverage(archive, end);
            running.set(false);
            capture.join(60_000);

            List<SegmentManifest> segments = archive.segments(DB);
            List<Long> rpoMillis = new ArrayList<>();
            long reading = System.nanoTime();
            for (SegmentManifest segment : segments) {
                archive.read(segment, id -> KEY, transaction -> rpoMillis.add(Duration.between(transaction.commitTime(), segment.storedAt()).toMillis()));
            }
            double readSeconds = (System.nanoTime() - reading) / 1e9;
            System.out.println("each segment: transactions, first commit → stored, last commit → stored");
            for (SegmentManifest segment : segments) {
                System.out.printf("  %s: %d, %.1f s, %.1f s%n", segment.segmentId(), segment.transactions(),
                        Duration.between(segment.firstCommitTime(), segment.storedAt()).toMillis() / 1000.0,
                        Duration.between(segment.lastCommitTime(), segment.storedAt()).toMillis() / 1000.0);
            }
            long bytes = segments.stream().mapToLong(SegmentManifest::sizeBytes).sum();
            System.out.printf("capture: %d transactions in %d segments (%d KB stored); lag commit → received p50 %.1f ms, p99 %.1f ms;"
                            + " RPO commit → segment stored p50 %.1f s, p99 %.1f s (segments close at 10 s or 16 MB)%n",
                    lagMicros.size(), segments.size(), bytes >> 10, percentile(lagMicros, 50) / 1000.0, percentile(lagMicros, 99) / 1000.0,
                    percentile(rpoMillis, 50) / 1000.0, percentile(rpoMillis, 99) / 1000.0);

            ReplayPlan plan = ReplayPlan.plan(base, end, segments.stream().map(SegmentManifest::span).toList(), archive.coverage(DB), archive.gaps(DB));
            System.out.printf("reading the archive alone (fetch, check, decrypt, decompress, decode): %.1f s%n", readSeconds);
            // three rounds, each the anchor (pg_restore -j2 of the dump) then the same restore with the load replayed
            List<Double> plains = new ArrayList<>();
            java.util.Map<Integer, List<Double>> restores = new java.util.TreeMap<>();
            java.util.Map<Integer, List<Double>> replays = new java.util.TreeMap<>();
            ArchiveReplay.Reached reached = null;
            for (int round = 1; round <= rounds; round++) {
                plains.add(pgRestore(postgres, dump, "plain_restore"));
                postgres.execute("DROP DATABASE plain_restore");
                System.out.printf("round %d: anchor pg_restore -j2 %.1f s%n", round, plains.get(round - 1));
                for (int lanes : laneCounts) {
                    double restored = pgRestore(postgres, dump, "pitr_restore");
                    long began = System.nanoTime();
                    try (Connection target = postgres.connect("pitr_restore")) {
                        reached = ArchiveReplay.run(plan, archive, id -> KEY, new ChangeReplay(target, null,
                                new ReplayLanes(lanes, () -> postgres.connect("pitr_restore"))));
                    }
                    double replayed = (System.nanoTime() - began) / 1e9;
                    restores.computeIfAbsent(lanes, l -> new ArrayList<>()).add(restored);
                    replays.computeIfAbsent(lanes, l -> new ArrayList<>()).add(replayed);
                    boolean equal = digest(postgres, DB).equals(digest(postgres, "pitr_restore"));
                    postgres.execute("DROP DATABASE pitr_restore");
                    System.out.printf("  pg_restore %.1f s + replay over %d lane(s) %.1f s (%.0f row changes/s); the restored copy equals"
                            + " the source: %b%n", restored, lanes, replayed, reached.rowChanges() / replayed, equal);
                }
            }
            double plain = median(plains);
            System.out.printf("restore of the backup (anchor: pg_restore -j2 of the same dump), median of %d: %.1f s%n", rounds, plain);
            for (int lanes : laneCounts) {
                double restored = median(restores.get(lanes));
                double replay = median(replays.get(lanes));
                System.out.printf("restore to %s, %d s of load after the backup, over %d lane(s), medians of %d: pg_restore %.1f s"
                                + " + replay %.1f s = %.1f s (%d transactions, %d row changes: %.0f row changes/s)%n", end, seconds,
                        lanes, rounds, restored, replay, restored + replay, reached.transactions(), reached.rowChanges(),
                        reached.rowChanges() / replay);
            }
        }
    }

    private static double pgRestore(PostgresServer postgres, Path dump, String database) throws Exception {
        postgres.execute("CREATE DATABASE " + database);
        return PostgresCommand.run(postgres, "pg_restore", "-h", postgres.host(), "-p", String.valueOf(postgres.port()),
                "-U", postgres.superuser(), "-j", "2", "-d", database, dump.toString());
    }

    private static double median(List<Double> values) {
        List<Double> sorted = new ArrayList<>(values);
        Collections.sort(sorted);
        return sorted.get(sorted.size() / 2);
    }

    /** The change archive in the benchmark's S3Proxy bucket, sealed as the services seal it (zstd, encrypted). */
    static ChangeArchive archive(S3Server s3) {
        BucketSettings settings = BucketSettings.pathStyle(s3.endpoint(), S3Server.REGION, s3.bucket(), s3.accessKey(), s3.secretKey());
        return new ChangeArchive(new BucketObjects(S3Clients.create(settings), settings), Compression.ZSTD, 3, Optional.of(KEY),
                Clock.systemUTC());
    }

    private static Instant now(PostgresServer postgres) throws Exception {
        try (Connection c = postgres.connect(DB); Statement s = c.createStatement(); ResultSet r = s.executeQuery("SELECT clock_timestamp()")) {
            r.next();
            return r.getTimestamp(1).toInstant();
        }
    }

    private static void awaitCoverage(ChangeArchive archive, Instant moment) throws Exception {
        while (archive.segments(DB).stream().noneMatch(s -> !s.coveredUntil().isBefore(moment))
                && archive.coverage(DB).map(c -> c.until().isBefore(moment)).orElse(true)) {
            Thread.sleep(500);
        }
    }

    private static long percentile(List<Long> values, int percent) {
        List<Long> sorted = new ArrayList<>(values);
        Collections.sort(sorted);
        return sorted.isEmpty() ? 0 : sorted.get(Math.min(sorted.size() - 1, (int) Math.ceil(percent / 100.0 * sorted.size()) - 1));
    }

    private static String digest(PostgresServer postgres, String database) throws Exception {
        StringBuilder digest = new StringBuilder();
        try (Connection c = postgres.connect(database); Statement s = c.createStatement()) {
            for (String table : List.of("pgbench_accounts", "pgbench_branches", "pgbench_tellers", "pgbench_history")) {
                // each row's md5, not its text: the text of every row of a 1 GB table passes string_agg's 1 GB limit
                try (ResultSet r = s.executeQuery("SELECT count(*) || ':' || md5(string_agg(h, ',' ORDER BY h))"
                        + " FROM (SELECT md5(t::text) h FROM " + table + " t) rows")) {
                    r.next();
                    digest.append(table).append('=').append(r.getString(1)).append(' ');
                }
            }
        }
        return digest.toString();
    }
}
