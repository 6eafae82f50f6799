package dev.lifeboat.changes.support;

import dev.lifeboat.archive.ArchiveEncryption;
import dev.lifeboat.archive.bucket.BucketObjects;
import dev.lifeboat.archive.bucket.BucketSettings;
import dev.lifeboat.archive.bucket.S3Clients;
import dev.lifeboat.changes.capture.CaptureObserver;
import dev.lifeboat.changes.capture.CaptureSettings;
import dev.lifeboat.changes.capture.ChangeCapture;
import dev.lifeboat.changes.model.Lsn;
import dev.lifeboat.changes.model.TableName;
import dev.lifeboat.changes.replay.ArchiveReplay;
import dev.lifeboat.changes.replay.ChangeReplay;
import dev.lifeboat.changes.replay.ReplayPlan;
import dev.lifeboat.changes.segment.ChangeArchive;
import dev.lifeboat.changes.slot.AlignedSnapshot;
import dev.lifeboat.events.backup.Compression;
import dev.lifeboat.postgres.connect.PgConnection;
import dev.lifeboat.realservers.postgres.PostgresServer;
import dev.lifeboat.realservers.s3.S3Server;

import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Predicate;

/**
 * A real PostgreSQL 15 ({@code wal_level=logical}) and S3Proxy, with what point-in-time tests do on them: capture a
 * database on a thread, take a backup aligned to the stream ({@code pg_dump} in the temporary slot's snapshot), restore
 * it with {@code pg_restore} and replay the archive to a moment.
 */
public final class PointInTimeRig implements AutoCloseable {

    public final PostgresServer postgres = PostgresServer.start();
    public final S3Server s3 = S3Server.start("lifeboat-changes");
    public final ArchiveEncryption key = new ArchiveEncryption("key-1", randomKey());
    public final ChangeArchive archive;
    private final PgConnection connection = new PgConnection(postgres.host(), postgres.port(), postgres.superuser(), postgres.superuserPassword());

    public PointInTimeRig() {
        BucketSettings settings = new BucketSettings() {
            public Optional<URI> endpoint() { return Optional.of(URI.create(s3.endpoint())); }
            public String region() { return S3Server.REGION; }
            public String bucket() { return s3.bucket(); }
            public boolean pathStyle() { return true; }
            public Optional<String> accessKeyId() { return Optional.of(s3.accessKey()); }
            public Optional<String> secretAccessKey() { return Optional.of(s3.secretKey()); }
        };
        archive = new ChangeArchive(new BucketObjects(S3Clients.create(settings), settings), Compression.ZSTD, 3,
                Optional.of(key), Clock.systemUTC());
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
        AtomicBoolean running = new AtomicBoolean(true);
        AtomicReference<Throwable> failure = new AtomicReference<>();
        ChangeCapture capture = new ChangeCapture(database, connection, database, archive, settings, observer, Clock.systemUTC());
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

    /** Restores the backup into a new database and replays the archive to {@code target}. */
    public ArchiveReplay.Reached restoreTo(AlignedBackup backup, String database, Instant target, String newDatabase,
                                           Predicate<TableName> tables) throws Exception {
        postgres.execute("CREATE DATABASE " + newDatabase);
        run("pg_restore", "--no-owner", "-d", newDatabase, backup.dump().toString());
        ReplayPlan plan = ReplayPlan.plan(backup.lsn(), target, archive.segments(database), archive.coverage(database),
                archive.gaps(database));
        try (Connection target2 = postgres.connect(newDatabase)) {
            return ArchiveReplay.run(plan, archive, id -> key.keyId().equals(id) ? key : null, new ChangeReplay(target2, tables));
        }
    }

    /** The source's clock, to the microsecond. */
    public Instant now(String database) throws Exception {
        try (Connection c = postgres.connect(database); Statement s = c.createStatement(); ResultSet r = s.executeQuery("SELECT clock_timestamp()")) {
            r.next();
            return r.getTimestamp(1).toInstant();
        }
    }

    private void run(String... command) throws Exception {
        ProcessBuilder builder = new ProcessBuilder(withConnection(command)).redirectErrorStream(true);
        builder.environment().put("PGPASSWORD", postgres.superuserPassword());
        Process process = builder.start();
        String output = new String(process.getInputStream().readAllBytes());
        if (process.waitFor() != 0) {
            throw new IllegalStateException(command[0] + " failed: " + output);
        }
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
