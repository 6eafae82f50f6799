package dev.lifeboat.changes.support;

import dev.lifeboat.archive.ArchiveEncryption;
import dev.lifeboat.archive.bucket.BucketObjects;
import dev.lifeboat.archive.bucket.BucketSettings;
import dev.lifeboat.archive.bucket.S3Clients;
import dev.lifeboat.changes.capture.CaptureObserver;
import dev.lifeboat.changes.capture.CaptureSettings;
import dev.lifeboat.changes.capture.ChangeCapture;
import dev.lifeboat.changes.model.Lsn;
import dev.lifeboat.changes.replay.ArchiveReplay;
import dev.lifeboat.changes.replay.ChangeReplay;
import dev.lifeboat.changes.replay.ReplayLanes;
import dev.lifeboat.changes.replay.ReplayPlan;
import dev.lifeboat.changes.segment.ChangeArchive;
import dev.lifeboat.changes.segment.Gap;
import dev.lifeboat.changes.slot.AlignedSnapshot;
import dev.lifeboat.changes.slot.PreflightReport;
import dev.lifeboat.changes.slot.SchemaChangeTrigger;
import dev.lifeboat.events.backup.Compression;
import dev.lifeboat.postgres.connect.PgConnection;
import dev.lifeboat.realservers.postgres.PostgresServer;
import dev.lifeboat.realservers.s3.S3Server;

import dev.lifeboat.realservers.process.ChildJvm;

import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;

/**
 * A real PostgreSQL 15 ({@code wal_level=logical}) and S3Proxy, with what point-in-time tests do on them: capture a
 * database on a thread, take a backup aligned to the stream ({@code pg_dump} in the temporary slot's snapshot), restore
 * it with {@code pg_restore} and replay the archive to a moment.
 */
public final class PointInTimeRig implements AutoCloseable {

    /** Small segments closed every 300 ms, a heartbeat every 200 ms, a catalog look every second: a test's seconds. */
    public static final CaptureSettings QUICK = new CaptureSettings(256 << 10, java.time.Duration.ofMillis(300),
            java.time.Duration.ofMillis(200), java.time.Duration.ofSeconds(1));

    public final PostgresServer postgres = PostgresServer.start();
    public final S3Server s3 = S3Server.start("lifeboat-changes");
    public final byte[] keyBytes = randomKey();
    public final ArchiveEncryption key = new ArchiveEncryption("key-1", keyBytes);
    public final ChangeArchive archive;
    public final Path workDir;
    private final PgConnection connection = new PgConnection(postgres.host(), postgres.port(), postgres.superuser(), postgres.superuserPassword());

    public PointInTimeRig() {
        try {
            workDir = Files.createTempDirectory("lifeboat-pitr-");
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        archive = archive(s3.endpoint(), s3.bucket(), s3.accessKey(), s3.secretKey(), key);
    }

    /** An observer that completes {@code started} with the capture's preflight and {@code gapFound} with its first gap. */
    public static CaptureObserver observer(CompletableFuture<PreflightReport> started, CompletableFuture<Gap> gapFound) {
        return new CaptureObserver() {
            @Override
            public void started(PreflightReport report) {
                started.complete(report);
            }

            @Override
            public void gap(Gap gap) {
                gapFound.complete(gap);
            }
        };
    }

    /** The change archive in S3Proxy's bucket, as the rig and a capture in a child process open it. */
    public static ChangeArchive archive(String endpoint, String bucket, String accessKey, String secretKey, ArchiveEncryption key) {
        BucketSettings settings = bucketSettings(endpoint, bucket, accessKey, secretKey);
        return new ChangeArchive(new BucketObjects(S3Clients.create(settings), settings), Compression.ZSTD, 3,
                Optional.of(key), Clock.systemUTC());
    }

    /** S3Proxy's bucket, path-style. */
    public static BucketSettings bucketSettings(String endpoint, String bucket, String accessKey, String secretKey) {
        return BucketSettings.pathStyle(endpoint, S3Server.REGION, bucket, accessKey, secretKey);
    }

    private static byte[] randomKey() {
        byte[] key = new byte[ArchiveEncryption.KEY_BYTES];
        new SecureRandom().nextBytes(key);
        return key;
    }

    public PgConnection connection() {
        return connection;
    }

    /** A capture of {@code database} on a thread of its own, until the handle is closed. */
    public RunningCapture capture(String database, CaptureSettings settings, CaptureObserver observer) {
        return capture(database, settings, connection, observer);
    }

    /** As {@link #capture(String, CaptureSettings, CaptureObserver)}, connecting as {@code role}. */
    public RunningCapture capture(String database, CaptureSettings settings, PgConnection role, CaptureObserver observer) {
        AtomicBoolean running = new AtomicBoolean(true);
        AtomicReference<Throwable> failure = new AtomicReference<>();
        ChangeCapture capture = new ChangeCapture(database, role, database, archive, settings, observer, Clock.systemUTC());
        Thread thread = new Thread(() -> {
            try {
                capture.run(running::get);
            } catch (Throwable e) {
                failure.set(e);
            }
        }, "capture-" + database);
        thread.start();
        return new RunningCapture(running, thread, failure);
    }

    public record RunningCapture(AtomicBoolean running, Thread thread, AtomicReference<Throwable> failure) implements AutoCloseable {
        @Override
        public void close() throws InterruptedException {
            running.set(false);
            thread.join(Duration.ofSeconds(30).toMillis());
        }
    }

    /** A backup at an exact stream position: {@code pg_dump --snapshot} in a temporary slot's exported snapshot. */
    public record AlignedBackup(Path dump, Lsn lsn) {
    }

    public AlignedBackup alignedBackup(String database, Path dir) throws Exception {
        Path dump = Files.createTempFile(dir, database, ".dump");
        try (AlignedSnapshot snapshot = AlignedSnapshot.create(connection.openReplication(database, "test backup"))) {
            run("pg_dump", "-Fc", "--snapshot=" + snapshot.snapshotName(), "-f", dump.toString(), database);
            return new AlignedBackup(dump, snapshot.lsn());
        }
    }

    /**
     * Restores the backup into a new database as the restore service does (the backup's capture objects removed from
     * the copy) and replays the archive to {@code target} over two lanes, as the services do on two cores.
     */
    public ArchiveReplay.Reached restoreTo(AlignedBackup backup, String database, Instant target, String newDatabase) throws Exception {
        postgres.execute("CREATE DATABASE " + newDatabase);
        run("pg_restore", "--no-owner", "-d", newDatabase, backup.dump().toString());
        ReplayPlan plan = ReplayPlan.plan(backup.lsn(), target, archive.spans(database), archive.coverage(database),
                archive.gaps(database));
        try (Connection target2 = postgres.connect(newDatabase)) {
            SchemaChangeTrigger.removeFromCopy(target2);
            return ArchiveReplay.run(plan, archive, id -> key.keyId().equals(id) ? key : null, new ChangeReplay(target2, null,
                    new ReplayLanes(2, () -> postgres.connect(newDatabase))));
        }
    }

    /**
     * A capture of {@code database} in a process of its own ({@link CaptureProcess}), which a test can kill as a crash
     * would; it says "capturing" in its log once its slot exists.
     */
    public ChildJvm captureProcess(String database, CaptureSettings settings) {
        return captureProcess(database, settings, true);
    }

    /** As {@link #captureProcess(String, CaptureSettings)}; without waiting for it to capture when {@code awaitCapturing} is false. */
    public ChildJvm captureProcess(String database, CaptureSettings settings, boolean awaitCapturing) {
        Map<String, String> environment = Map.of(
                "PGHOST", postgres.host(), "PGPORT", String.valueOf(postgres.port()), "PGUSER", postgres.superuser(),
                "PGPASSWORD", postgres.superuserPassword(), "PGDATABASE", database,
                "S3_ENDPOINT", s3.endpoint(), "S3_BUCKET", s3.bucket(), "S3_ACCESS_KEY", s3.accessKey(), "S3_SECRET_KEY", s3.secretKey(),
                "ARCHIVE_KEY", HexFormat.of().formatHex(keyBytes));
        List<String> arguments = List.of(String.valueOf(settings.segmentBytes()), String.valueOf(settings.segmentAge().toMillis()),
                String.valueOf(settings.heartbeat().toMillis()));
        Path log = workDir.resolve("capture-" + database + ".log");
        return ChildJvm.start("capture-" + database, List.of(System.getProperty("java.class.path").split(java.io.File.pathSeparator)),
                List.of("-Xmx256m", "-XX:+UseSerialGC"), environment, CaptureProcess.class.getName(), arguments, workDir,
                Duration.ofSeconds(60), () -> !awaitCapturing || ChildJvm.logContains(log, "capturing"));
    }

    /** Waits for the next whole second of the source's clock, which then holds every commit before it and none after. */
    public Instant nextSecond(String database) throws Exception {
        Instant now = now(database);
        Instant second = now.truncatedTo(java.time.temporal.ChronoUnit.SECONDS).plusSeconds(1);
        Thread.sleep(Duration.between(now, second).toMillis() + 20);
        return second;
    }

    public Fingerprint fingerprint(String database, java.util.Set<String> leftOut) throws java.sql.SQLException {
        try (Connection connection = postgres.connect(database)) {
            return Fingerprint.of(connection, leftOut);
        }
    }

    /** A capture of {@code database} that streams already (its start seen), telling nothing. */
    public RunningCapture streamingCapture(String database, CaptureSettings settings) throws Exception {
        CompletableFuture<PreflightReport> started = new CompletableFuture<>();
        RunningCapture capture = capture(database, settings, observer(started, new CompletableFuture<>()));
        started.get(60, TimeUnit.SECONDS);
        return capture;
    }

    /** A new database, made by running {@code sql} in it (its tables and their rows). */
    public void createDatabase(String database, String sql) {
        postgres.execute("CREATE DATABASE " + database);
        postgres.execute(database, sql);
    }

    public void sql(String database, String sql) throws java.sql.SQLException {
        try (Connection connection = postgres.connect(database); Statement statement = connection.createStatement()) {
            statement.execute(sql);
        }
    }

    /**
     * The database's schema as {@code pg_dump --schema-only} prints it, less what is not the customer's: the capture's
     * own objects (publication, event triggers, their function) and the lines that differ from dump to dump.
     */
    public String schema(String database) throws Exception {
        String dump = run("pg_dump", "--schema-only", "--no-owner", database);
        StringBuilder kept = new StringBuilder();
        for (String block : dump.split("\n(?=--\n-- (Name: |PostgreSQL database dump complete))")) {
            if (!block.startsWith("--\n-- Name: lifeboat_")) {
                kept.append(block).append('\n');
            }
        }
        // a session setting lands in whichever block precedes it: compared without them
        return kept.toString().lines().filter(line -> !line.isBlank() && !line.startsWith("SET ")
                && !line.startsWith("\\restrict") && !line.startsWith("\\unrestrict") && !line.startsWith("-- Dumped"))
                .collect(java.util.stream.Collectors.joining("\n"));
    }

    /** Runs {@code sql} through psql as one query text (several statements in one message, as {@code psql -c} sends them). */
    public void psql(String database, String sql) throws Exception {
        run("psql", "-v", "ON_ERROR_STOP=1", "-d", database, "-c", sql);
    }

    /** Waits until the archive holds every commit up to {@code moment} (a stored segment or an idle heartbeat says so). */
    public void waitForCoverage(String database, Instant moment) {
        waitForCoverage(archive, database, moment);
    }

    /** As {@link #waitForCoverage(String, Instant)}, for any change archive (the restore service's tests use it too). */
    public static void waitForCoverage(ChangeArchive archive, String database, Instant moment) {
        org.awaitility.Awaitility.await("the archive covers " + moment).atMost(Duration.ofSeconds(60))
                .pollInterval(Duration.ofMillis(200))
                .until(() -> archive.segments(database).stream().anyMatch(s -> !s.coveredUntil().isBefore(moment))
                        || archive.coverage(database).map(c -> !c.until().isBefore(moment)).orElse(false));
    }

    /** The source's clock, to the microsecond. */
    public Instant now(String database) throws Exception {
        try (Connection c = postgres.connect(database); Statement s = c.createStatement(); ResultSet r = s.executeQuery("SELECT clock_timestamp()")) {
            r.next();
            return r.getTimestamp(1).toInstant();
        }
    }

    private String run(String... command) throws Exception {
        ProcessBuilder builder = new ProcessBuilder(withConnection(command)).redirectErrorStream(true);
        builder.environment().put("PGPASSWORD", postgres.superuserPassword());
        Process process = builder.start();
        String output = new String(process.getInputStream().readAllBytes());
        if (process.waitFor() != 0) {
            throw new IllegalStateException(command[0] + " failed: " + output);
        }
        return output;
    }

    private String[] withConnection(String[] command) {
        String[] full = new String[command.length + 5];
        full[0] = command[0];
        full[1] = "-h";
        full[2] = postgres.host();
        full[3] = "-p";
        full[4] = String.valueOf(postgres.port());
        full[5] = "-U" + postgres.superuser();
        System.arraycopy(command, 1, full, 6, command.length - 1);
        return full;
    }

    @Override
    public void close() {
        s3.close();
        postgres.close();
    }
}
