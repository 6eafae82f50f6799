package dev.lifeboat.changes;

import dev.lifeboat.changes.capture.CaptureSettings;
import dev.lifeboat.changes.slot.CaptureNames;
import dev.lifeboat.changes.support.Fingerprint;
import dev.lifeboat.changes.support.PointInTimeRig;
import dev.lifeboat.realservers.process.ChildJvm;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.Set;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A capture killed with SIGKILL in the middle of a stream of small transactions, while it stores a segment (the bucket
 * hangs), then started again: the archive holds
 * every transaction once (the restore equals the source; a doubled insert would break the primary key, a lost one the
 * fingerprint), and the source's slot retains no more WAL than a segment's worth once capture has caught up.
 */
class CaptureCrashTest {

    private static final String DB = "ledger";
    private static final CaptureSettings SMALL_SEGMENTS = new CaptureSettings(64 << 10, Duration.ofMillis(300),
            Duration.ofMillis(200), Duration.ofMinutes(5));
    /** What the slot may retain once capture has caught up: one WAL file beyond the open segment's commits. */
    private static final long RETAINED_WAL_BOUND = 16L << 20;
    private static PointInTimeRig rig;

    @BeforeAll
    static void start() {
        rig = new PointInTimeRig();
        rig.postgres.execute("CREATE DATABASE " + DB);
        rig.postgres.execute(DB, """
                CREATE TABLE ledger (n bigint PRIMARY KEY, at timestamptz NOT NULL DEFAULT clock_timestamp(), note text);
                CREATE TABLE totals (k int PRIMARY KEY, sum bigint NOT NULL);
                INSERT INTO totals SELECT k, 0 FROM generate_series(0, 9) k;
                """);
    }

    @AfterAll
    static void stop() {
        rig.close();
    }

    @Test
    void aCaptureKilledMidStreamResumesWithoutLosingOrDoublingATransaction() throws Exception {
        ChildJvm capture = rig.captureProcess(DB, SMALL_SEGMENTS);
        PointInTimeRig.AlignedBackup backup = rig.alignedBackup(DB, rig.workDir);
        AtomicBoolean writing = new AtomicBoolean(true);
        AtomicLong written = new AtomicLong();
        AtomicReference<Throwable> writeFailure = new AtomicReference<>();
        Thread writer = new Thread(() -> write(writing, written, writeFailure), "ledger-writer");
        writer.start();
        try {
            awaitSegments(3);
            long beforeKill = written.get();
            // the bucket hangs, so the capture is killed while it stores a segment it has not confirmed
            try (AutoCloseable hung = rig.s3.freeze()) {
                Thread.sleep(1000);
                capture.kill();
            }
            Thread.sleep(1500); // the source goes on committing while nothing captures
            assertThat(written.get()).as("transactions committed while capture was dead").isGreaterThan(beforeKill);
            capture = rig.captureProcess(DB, SMALL_SEGMENTS);
            int segments = rig.archive.segments(DB).size();
            awaitSegments(segments + 3);
        } finally {
            writing.set(false);
            writer.join();
        }
        assertThat(writeFailure.get()).isNull();
        Instant end = rig.nextSecond(DB);
        Fingerprint source = rig.fingerprint(DB, Set.of());
        rig.waitForCoverage(DB, end);

        rig.restoreTo(backup, DB, end, "ledger_restored");
        assertThat(rig.fingerprint("ledger_restored", Set.of())).isEqualTo(source);
        assertThat(source.rows().get("ledger")).startsWith(written.get() + ":");

        long retained = retainedWal();
        System.out.printf("%d transactions written; the slot retains %d bytes of WAL after catching up%n", written.get(), retained);
        assertThat(retained).isLessThanOrEqualTo(RETAINED_WAL_BOUND);
        capture.close();
    }

    private static void write(AtomicBoolean writing, AtomicLong written, AtomicReference<Throwable> failure) {
        try (Connection connection = rig.postgres.connect(DB); Statement statement = connection.createStatement()) {
            connection.setAutoCommit(false);
            for (long n = 1; writing.get(); n++) {
                statement.execute("INSERT INTO ledger (n, note) VALUES (" + n + ", repeat('x', " + (n % 50) + "))");
                statement.execute("UPDATE totals SET sum = sum + " + n + " WHERE k = " + (n % 10));
                connection.commit();
                written.set(n);
                Thread.sleep(2);
            }
        } catch (Throwable e) {
            failure.set(e);
        }
    }

    private static void awaitSegments(int count) {
        org.awaitility.Awaitility.await(count + " segments stored").atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(100))
                .until(() -> rig.archive.segments(DB).size() >= count);
    }

    private static long retainedWal() throws Exception {
        Thread.sleep(1000); // a heartbeat or two confirms the idle stream
        try (Connection connection = rig.postgres.connect(DB); Statement statement = connection.createStatement();
             ResultSet result = statement.executeQuery("SELECT pg_wal_lsn_diff(pg_current_wal_lsn(), restart_lsn)::bigint"
                     + " FROM pg_replication_slots WHERE slot_name = '" + CaptureNames.of(DB).slot() + "'")) {
            result.next();
            return result.getLong(1);
        }
    }
}
