package dev.lifeboat.changes;

import dev.lifeboat.changes.capture.CaptureObserver;
import dev.lifeboat.changes.capture.CaptureSettings;
import dev.lifeboat.changes.replay.NotCoveredException;
import dev.lifeboat.changes.segment.Gap;
import dev.lifeboat.changes.segment.InPlaceRestore;
import dev.lifeboat.changes.slot.CaptureNames;
import dev.lifeboat.changes.slot.PreflightReport;
import dev.lifeboat.changes.slot.SchemaChangeTrigger;
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
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * A database restored in place (its copy restored beside it, the live one renamed aside, the copy renamed in, as the
 * restore service's swap does) keeps being captured: the capture that starts again finds its slot on the database set
 * aside, drops it (the server keeps no WAL for it, and the aside database can be dropped), starts a new slot on the new
 * live database and records the seconds in between as a gap naming the replacement. A second before the restore
 * restores from the old line, a second after the next backup from the new one (the backup the gap asks for, however soon
 * it is taken); the seconds between are refused.
 */
class CaptureFollowsDatabaseTest {

    private static final String DB = "shopfloor";
    private static final CaptureSettings SETTINGS = PointInTimeRig.QUICK;
    private static PointInTimeRig rig;

    @BeforeAll
    static void start() {
        rig = new PointInTimeRig();
        rig.postgres.execute("CREATE DATABASE " + DB);
        rig.postgres.execute(DB, "CREATE TABLE orders (id int PRIMARY KEY, state text NOT NULL);"
                + " INSERT INTO orders SELECT i, 'new' FROM generate_series(1, 100) i");
    }

    @AfterAll
    static void stop() {
        rig.close();
    }

    @Test
    void aDatabaseRestoredInPlaceIsCapturedOnFromANewSlotWithTheSecondsBetweenAGap() throws Exception {
        PointInTimeRig.AlignedBackup before;
        Instant beforeRestore;
        Fingerprint atBeforeRestore;
        CompletableFuture<PreflightReport> started = new CompletableFuture<>();
        try (PointInTimeRig.RunningCapture capture = rig.capture(DB, SETTINGS, PointInTimeRig.observer(started, new CompletableFuture<>()))) {
            started.get(60, TimeUnit.SECONDS);
            before = rig.alignedBackup(DB, rig.workDir);
            rig.sql(DB, "UPDATE orders SET state = 'paid' WHERE id <= 40; DELETE FROM orders WHERE id > 90");
            beforeRestore = rig.nextSecond(DB);
            atBeforeRestore = rig.fingerprint(DB, Set.of());
            rig.waitForCoverage(DB, beforeRestore.plusSeconds(1));

            // the restore service's swap: the copy restored beside the live database, then both renamed at once
            rig.postgres.execute("CREATE DATABASE " + DB + "_staging");
            rig.postgres.execute(DB + "_staging", "CREATE TABLE orders (id int PRIMARY KEY, state text NOT NULL);"
                    + " INSERT INTO orders SELECT i, 'restored' FROM generate_series(1, 10) i");
            try (Connection copy = rig.postgres.connect(DB + "_staging")) {
                SchemaChangeTrigger.removeFromCopy(copy);
            }
            // word the restore service leaves before its swap, naming the restore
            rig.archive.recordInPlaceRestore(new InPlaceRestore(DB, "restore-42", "backup-7", DB + "_pre_restore", Instant.now()));
            rig.postgres.execute("ALTER DATABASE " + DB + " WITH ALLOW_CONNECTIONS false");
            rig.postgres.execute("SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = '" + DB + "'");
            org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(30)).until(() -> capture.failure().get() != null);
            rig.postgres.execute("ALTER DATABASE " + DB + " RENAME TO " + DB + "_pre_restore");
            rig.postgres.execute("ALTER DATABASE " + DB + "_staging RENAME TO " + DB);
            rig.postgres.execute("ALTER DATABASE " + DB + "_pre_restore WITH ALLOW_CONNECTIONS true");
        }

        CompletableFuture<Gap> gapFound = new CompletableFuture<>();
        CompletableFuture<PointInTimeRig.AlignedBackup> backupAsked = new CompletableFuture<>();
        CaptureObserver backupAtOnce = new CaptureObserver() {
            @Override
            public void gap(Gap gap) {
                // the backup the gap asks for, taken at once: the service's may start before the capture goes on
                try {
                    backupAsked.complete(rig.alignedBackup(DB, rig.workDir));
                } catch (Exception e) {
                    backupAsked.completeExceptionally(e);
                }
                gapFound.complete(gap);
            }
        };
        try (PointInTimeRig.RunningCapture capture = rig.capture(DB, SETTINGS, backupAtOnce)) {
            Gap gap = gapFound.get(60, TimeUnit.SECONDS);
            assertThat(gap.reason()).startsWith("restored in place by restore-42 (backup backup-7)")
                    .contains("now " + DB + "_pre_restore");
            assertThat(gap.restoreId()).isEqualTo("restore-42");
            // the gap is recorded before the old slot is dropped and the new one made (a crash between leaves it said)
            org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(30))
                    .untilAsserted(() -> assertThat(slots()).as("one slot, on the live database").containsExactly(DB));
            org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(captureObjects(DB + "_pre_restore"))
                    .as("the capture's publication and event trigger on the database set aside").isZero());
            rig.postgres.execute("DROP DATABASE " + DB + "_pre_restore"); // no slot holds it any more

            Instant between = rig.nextSecond(DB);
            PointInTimeRig.AlignedBackup after = backupAsked.get(); // the new line replays from it
            rig.sql(DB, "INSERT INTO orders VALUES (11, 'after'); UPDATE orders SET state = 'shipped' WHERE id = 1");
            Instant afterRestore = rig.nextSecond(DB);
            Fingerprint atAfterRestore = rig.fingerprint(DB, Set.of());
            rig.waitForCoverage(DB, afterRestore);

            rig.restoreTo(before, DB, beforeRestore, DB + "_old_line");
            assertThat(rig.fingerprint(DB + "_old_line", Set.of())).isEqualTo(atBeforeRestore);
            rig.restoreTo(after, DB, afterRestore, DB + "_new_line");
            assertThat(rig.fingerprint(DB + "_new_line", Set.of())).isEqualTo(atAfterRestore);
            assertThatThrownBy(() -> rig.restoreTo(before, DB, between, DB + "_between"))
                    .isInstanceOf(NotCoveredException.class).hasMessageContaining("restored in place by restore-42");
            assertThat(capture.failure().get()).isNull();
        }
    }

    /**
     * The hand-over killed at its two steps that touch the server: with the gap recorded and the old slot still on the
     * database set aside (the new publication waits for a lock), and with the old slot dropped and the new one not yet
     * made (its creation waits for an open transaction). Each capture started again ends it: exactly one slot, on the
     * live database, the seconds between a gap, and a second after the next backup restorable from the new line.
     */
    @Test
    void aHandOverKilledAtEitherOfItsStepsEndsWithOneSlotOnTheLiveDatabase() throws Exception {
        String db = "assembly";
        rig.createDatabase(db, "CREATE TABLE parts (id int PRIMARY KEY, state text NOT NULL);"
                + " INSERT INTO parts SELECT i, 'new' FROM generate_series(1, 50) i");
        ChildJvm capture = rig.captureProcess(db, SETTINGS);
        try {
            rig.sql(db, "UPDATE parts SET state = 'used' WHERE id <= 10");
            rig.waitForCoverage(db, rig.nextSecond(db));
            capture.kill(); // the swap happens while nothing captures; each capture below is started by the test
            rig.postgres.execute("CREATE DATABASE " + db + "_staging");
            rig.postgres.execute(db + "_staging", "CREATE TABLE parts (id int PRIMARY KEY, state text NOT NULL);"
                    + " INSERT INTO parts SELECT i, 'restored' FROM generate_series(1, 5) i");
            rig.postgres.execute("ALTER DATABASE " + db + " RENAME TO " + db + "_pre_restore");
            rig.postgres.execute("ALTER DATABASE " + db + "_staging RENAME TO " + db);
            try (Connection lockHolder = rig.postgres.connect(db); Statement lock = lockHolder.createStatement()) {
                // the copy's table is locked: the capture's publication of it waits, after the gap, before the slot moves
                lockHolder.setAutoCommit(false);
                lock.execute("LOCK TABLE parts IN ACCESS EXCLUSIVE MODE");
                capture = rig.captureProcess(db, SETTINGS, false);
                // ignoreExceptions: S3Proxy's file store lists an object while it is being written, under a temporary name
                org.awaitility.Awaitility.await("the gap recorded, the publication waiting").atMost(Duration.ofSeconds(60)).ignoreExceptions()
                        .until(() -> !rig.archive.gaps(db).isEmpty() && waitingForALock(db));
                capture.kill();
                assertThat(slots(db)).as("killed before the slot moved").containsExactly(db + "_pre_restore");

                try (Connection open = rig.postgres.connect("postgres"); Statement xid = open.createStatement()) {
                    // a transaction with an id: a new slot waits for it to end before it is made (meanwhile it shows,
                    // not yet persistent, on the live database)
                    open.setAutoCommit(false);
                    xid.execute("SELECT txid_current()");
                    lockHolder.rollback();
                    capture = rig.captureProcess(db, SETTINGS, false);
                    org.awaitility.Awaitility.await("the old slot dropped, the new one waiting").atMost(Duration.ofSeconds(60))
                            .until(() -> creatingSlot(db));
                    capture.kill();
                    assertThat(slots(db)).as("killed between the old slot's drop and the new one's creation")
                            .doesNotContain(db + "_pre_restore");
                    open.rollback(); // the killed capture's session ends its slot's creation (or its slot goes with it)
                }
            }
            capture = rig.captureProcess(db, SETTINGS);
            assertThat(slots(db)).as("one slot, on the live database").containsExactly(db);
            assertThat(rig.archive.gaps(db)).isNotEmpty().allSatisfy(gap -> assertThat(gap.table()).isNull());
            rig.postgres.execute("DROP DATABASE " + db + "_pre_restore"); // no slot holds it

            PointInTimeRig.AlignedBackup after = rig.alignedBackup(db, rig.workDir);
            rig.sql(db, "INSERT INTO parts VALUES (6, 'after'); DELETE FROM parts WHERE id = 1");
            Instant afterRestore = rig.nextSecond(db);
            Fingerprint atAfterRestore = rig.fingerprint(db, Set.of());
            rig.waitForCoverage(db, afterRestore);
            rig.restoreTo(after, db, afterRestore, db + "_new_line");
            assertThat(rig.fingerprint(db + "_new_line", Set.of())).isEqualTo(atAfterRestore);
        } finally {
            capture.kill();
        }
    }

    /**
     * A capture that starts again after a hand-over, before the new line stored anything (an idle database, a service
     * restarted), tells the gap again: the capture before may have been cut off between making the new slot and telling,
     * and the backup the gap asks for (whose request id is the gap's, so it is asked for once) would never be taken.
     */
    @Test
    void aCaptureStartedAgainBeforeTheNewLineStoredAnythingTellsTheHandOverGapAgain() throws Exception {
        String db = "depot";
        rig.createDatabase(db, "CREATE TABLE crates (id int PRIMARY KEY, state text NOT NULL);"
                + " INSERT INTO crates SELECT i, 'new' FROM generate_series(1, 20) i");
        try (PointInTimeRig.RunningCapture capture = rig.streamingCapture(db, SETTINGS)) {
            rig.sql(db, "UPDATE crates SET state = 'packed' WHERE id <= 5");
            rig.waitForCoverage(db, rig.nextSecond(db));
        }
        rig.postgres.execute("CREATE DATABASE " + db + "_staging");
        rig.postgres.execute(db + "_staging", "CREATE TABLE crates (id int PRIMARY KEY, state text NOT NULL)");
        rig.archive.recordInPlaceRestore(new InPlaceRestore(db, "restore-9", "backup-3", db + "_pre_restore", Instant.now()));
        rig.postgres.execute("ALTER DATABASE " + db + " RENAME TO " + db + "_pre_restore");
        rig.postgres.execute("ALTER DATABASE " + db + "_staging RENAME TO " + db);

        CompletableFuture<Gap> told = new CompletableFuture<>();
        try (PointInTimeRig.RunningCapture capture = rig.capture(db, SETTINGS, PointInTimeRig.observer(new CompletableFuture<>(), told))) {
            assertThat(told.get(60, TimeUnit.SECONDS).reason()).startsWith("restored in place by restore-9");
        }
        CompletableFuture<Gap> toldAgain = new CompletableFuture<>();
        CompletableFuture<PreflightReport> streams = new CompletableFuture<>();
        try (PointInTimeRig.RunningCapture capture = rig.capture(db, SETTINGS, PointInTimeRig.observer(streams, toldAgain))) {
            assertThat(toldAgain.get(60, TimeUnit.SECONDS)).as("the same gap, so the same request").isEqualTo(told.get());
            streams.get(60, TimeUnit.SECONDS);
            assertThat(rig.archive.gaps(db)).as("recorded once").singleElement().isEqualTo(told.get());
            assertThat(capture.failure().get()).isNull();
        }
        rig.postgres.execute("DROP DATABASE " + db + "_pre_restore");
    }

    /** How many publications and event triggers a database holds. */
    private static int captureObjects(String database) throws Exception {
        try (Connection connection = rig.postgres.connect(database); Statement statement = connection.createStatement();
             ResultSet rows = statement.executeQuery("SELECT (SELECT count(*) FROM pg_publication) + (SELECT count(*) FROM pg_event_trigger)")) {
            rows.next();
            return rows.getInt(1);
        }
    }

    /** Whether a session of the database is making a logical slot and waiting for transactions to end to do so. */
    private static boolean creatingSlot(String database) throws Exception {
        try (Connection connection = rig.postgres.connect("postgres"); Statement statement = connection.createStatement();
             ResultSet rows = statement.executeQuery("SELECT count(*) FROM pg_stat_activity WHERE datname = '" + database
                     + "' AND query LIKE '%pg_create_logical_replication_slot%' AND wait_event_type = 'Lock'")) {
            rows.next();
            return rows.getInt(1) > 0;
        }
    }

    private static boolean waitingForALock(String database) throws Exception {
        try (Connection connection = rig.postgres.connect("postgres"); Statement statement = connection.createStatement();
             ResultSet rows = statement.executeQuery("SELECT count(*) FROM pg_stat_activity WHERE datname = '" + database
                     + "' AND wait_event_type = 'Lock'")) {
            rows.next();
            return rows.getInt(1) > 0;
        }
    }

    /** The databases that hold a slot of the capture. */
    private static List<String> slots() throws Exception {
        return slots(DB);
    }

    private static List<String> slots(String database) throws Exception {
        List<String> databases = new ArrayList<>();
        try (Connection connection = rig.postgres.connect("postgres"); Statement statement = connection.createStatement();
             ResultSet rows = statement.executeQuery("SELECT database FROM pg_replication_slots WHERE slot_name = '"
                     + CaptureNames.of(database).slot() + "'")) {
            while (rows.next()) {
                databases.add(rows.getString(1));
            }
        }
        return databases;
    }
}
