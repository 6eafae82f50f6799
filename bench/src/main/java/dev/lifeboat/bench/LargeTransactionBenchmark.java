package dev.lifeboat.bench;

import dev.lifeboat.changes.capture.CaptureObserver;
import dev.lifeboat.changes.capture.CaptureSettings;
import dev.lifeboat.changes.capture.ChangeCapture;
import dev.lifeboat.changes.model.Lsn;
import dev.lifeboat.changes.replay.ArchiveReplay;
import dev.lifeboat.changes.replay.ChangeReplay;
import dev.lifeboat.changes.replay.ReplayPlan;
import dev.lifeboat.changes.segment.ChangeArchive;
import dev.lifeboat.changes.segment.SegmentManifest;
import dev.lifeboat.changes.slot.AlignedSnapshot;
import dev.lifeboat.postgres.connect.PgConnection;
import dev.lifeboat.realservers.postgres.PostgresServer;
import dev.lifeboat.realservers.s3.S3Server;

import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

/**
 * One transaction that updates every row of a wide table (about 1 KB a row; the argument after the repository root is
 * the rows, default 4,000,000: about 5 GB of WAL), captured with the default transaction memory (32 MB, the rest spilled
 * to disk) in a JVM whose heap is capped (bench/benchmark runs it with -Xmx256m), then replayed onto the aligned backup
 * taken before it: the WAL it wrote, the capture's time and peak heap, the replay's time, and whether the copy equals the
 * source. The table is filled in a transaction of its own after the backup, so the fill is captured and replayed too.
 */
public final class LargeTransactionBenchmark {

    private static final String DB = "bigtx_bench";

    public static void main(String[] args) throws Exception {
        BenchLogging.quiet();
        long rows = args.length > 1 ? Long.parseLong(args[1]) : 4_000_000L;
        Path work = Files.createTempDirectory("bigtx-bench-");
        try (PostgresServer postgres = PostgresServer.start(); S3Server s3 = S3Server.start("bench-changes")) {
            postgres.execute("CREATE DATABASE " + DB);
            postgres.execute(DB, "CREATE TABLE wide (id int PRIMARY KEY, n int NOT NULL, body text NOT NULL)");
            ChangeArchive archive = PointInTimeBenchmark.archive(s3);
            PgConnection source = new PgConnection(postgres.host(), postgres.port(), postgres.superuser(), postgres.superuserPassword());
            HeapPeak heap = new HeapPeak();
            CountDownLatch started = new CountDownLatch(1);
            AtomicBoolean running = new AtomicBoolean(true);
            AtomicLong spilledSegments = new AtomicLong();
            CaptureSettings settings = new CaptureSettings(16L << 20, Duration.ofSeconds(10), Duration.ofSeconds(10),
                    Duration.ofSeconds(1), 32L << 20, work.resolve("spill"));
            Thread capture = new Thread(() -> {
                try {
                    new ChangeCapture(DB, source, DB, archive, settings, new CaptureObserver() {
                        @Override
                        public void started(dev.lifeboat.changes.slot.PreflightReport preflight) {
                            started.countDown();
                        }

                        @Override
                        public void stored(SegmentManifest segment) {
                            if (segment.rowChanges().getOrDefault("public.wide", 0L) >= rows) {
                                spilledSegments.incrementAndGet();
                            }
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
            try (AlignedSnapshot snapshot = AlignedSnapshot.create(source.openReplication(DB, "bench backup"))) {
                PostgresCommand.run(postgres, "pg_dump", "-h", postgres.host(), "-p", String.valueOf(postgres.port()),
                        "-U", postgres.superuser(), "-Fc", "--snapshot=" + snapshot.snapshotName(), "-f", dump.toString(), DB);
                base = snapshot.lsn();
            }

            heap.start();
            long fillStart = System.nanoTime();
            long fillWal = walOf(postgres, "INSERT INTO wide SELECT n, n % 1000, repeat(md5(n::text), 30) FROM generate_series(1, " + rows + ") n");
            double fill = (System.nanoTime() - fillStart) / 1e9;
            long updateStart = System.nanoTime();
            long updateWal = walOf(postgres, "UPDATE wide SET n = n + 1, body = md5(body) || body");
            double update = (System.nanoTime() - updateStart) / 1e9;
            Instant end = now(postgres).plusSeconds(1);
            Thread.sleep(1100);
            long captureStart = System.nanoTime();
            while (archive.segments(DB).stream().noneMatch(s -> !s.coveredUntil().isBefore(end))
                    && archive.coverage(DB).map(c -> c.until().isBefore(end)).orElse(true)) {
                Thread.sleep(500);
            }
            double captured = (System.nanoTime() - captureStart) / 1e9;
            running.set(false);
            capture.join(120_000);
            String captureHeap = heap.takePeak();
            System.out.printf("%,d rows: fill %.1f s (%,d MB of WAL), one UPDATE of every row %.1f s (%,d MB of WAL)%n",
                    rows, fill, fillWal >> 20, update, updateWal >> 20);
            System.out.printf("capture: both stored %.1f s after the UPDATE committed, as %d segments of their own;"
                            + " peak heap %s, of %d MB allowed (-Xmx)%n", captured, spilledSegments.get(), captureHeap,
                    Runtime.getRuntime().maxMemory() >> 20);

            postgres.execute("CREATE DATABASE bigtx_restore");
            PostgresCommand.run(postgres, "pg_restore", "-h", postgres.host(), "-p", String.valueOf(postgres.port()),
                    "-U", postgres.superuser(), "-d", "bigtx_restore", dump.toString());
            ReplayPlan plan = ReplayPlan.plan(base, end, archive.spans(DB), archive.coverage(DB), archive.gaps(DB));
            long began = System.nanoTime();
            ArchiveReplay.Reached reached;
            try (Connection target = postgres.connect("bigtx_restore")) {
                reached = ArchiveReplay.run(plan, archive, id -> PointInTimeBenchmark.KEY, new ChangeReplay(target));
            }
            double replay = (System.nanoTime() - began) / 1e9;
            System.out.printf("replay of the fill and the UPDATE onto the backup: %.1f s (%d transactions, %,d row changes:"
                            + " %.0f row changes/s); peak heap %s%n", replay, reached.transactions(), reached.rowChanges(),
                    reached.rowChanges() / replay, heap.takePeak());
            System.out.printf("the restored copy equals the source: %b%n", digest(postgres, DB).equals(digest(postgres, "bigtx_restore")));
            try (var left = Files.list(work.resolve("spill"))) {
                System.out.printf("files left in the spill directory: %d%n", left.count());
            }
            heap.stop();
        }
    }

    /** Runs one statement as its own transaction; returns the WAL it wrote. */
    private static long walOf(PostgresServer postgres, String sql) throws Exception {
        try (Connection c = postgres.connect(DB); Statement s = c.createStatement()) {
            Lsn before = lsn(s);
            s.execute(sql);
            return lsn(s).value() - before.value();
        }
    }

    private static Lsn lsn(Statement s) throws Exception {
        try (ResultSet r = s.executeQuery("SELECT pg_current_wal_lsn()")) {
            r.next();
            return Lsn.parse(r.getString(1));
        }
    }

    private static Instant now(PostgresServer postgres) throws Exception {
        try (Connection c = postgres.connect(DB); Statement s = c.createStatement(); ResultSet r = s.executeQuery("SELECT clock_timestamp()")) {
            r.next();
            return r.getTimestamp(1).toInstant();
        }
    }

    private static String digest(PostgresServer postgres, String database) throws Exception {
        try (Connection c = postgres.connect(database); Statement s = c.createStatement();
             ResultSet r = s.executeQuery("SELECT count(*) || ':' || md5(string_agg(h, ',' ORDER BY h)) FROM (SELECT md5(t::text) h FROM wide t) rows")) {
            r.next();
            return r.getString(1);
        }
    }

    /**
     * The highest heap in use, sampled every 50 ms, and the highest left in use right after a collection (what is live:
     * the sampled figure holds garbage not yet collected too).
     */
    private static final class HeapPeak {
        private final AtomicLong peak = new AtomicLong();
        private final AtomicLong live = new AtomicLong();
        private final AtomicBoolean sampling = new AtomicBoolean(true);
        private final Thread thread = new Thread(() -> {
            while (sampling.get()) {
                peak.accumulateAndGet(ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed(), Math::max);
                long afterCollection = 0;
                for (var pool : ManagementFactory.getMemoryPoolMXBeans()) {
                    if (pool.getType() == java.lang.management.MemoryType.HEAP && pool.getCollectionUsage() != null) {
                        afterCollection += pool.getCollectionUsage().getUsed();
                    }
                }
                live.accumulateAndGet(afterCollection, Math::max);
                try {
                    Thread.sleep(50);
                } catch (InterruptedException e) {
                    return;
                }
            }
        }, "heap-peak");

        void start() {
            thread.setDaemon(true);
            thread.start();
        }

        /** "sampled / after a collection", in MB, since the last call. */
        String takePeak() {
            return (peak.getAndSet(0) >> 20) + " MB sampled, " + (live.getAndSet(0) >> 20) + " MB after a collection";
        }

        void stop() {
            sampling.set(false);
        }
    }
}
