package dev.lifeboat.changes;

import dev.lifeboat.changes.capture.CaptureObserver;
import dev.lifeboat.changes.capture.CaptureSettings;
import dev.lifeboat.changes.replay.NotCoveredException;
import dev.lifeboat.changes.segment.Gap;
import dev.lifeboat.changes.slot.PreflightReport;
import dev.lifeboat.changes.support.Fingerprint;
import dev.lifeboat.changes.support.PointInTimeRig;
import dev.lifeboat.postgres.connect.PgConnection;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * A capture whose role may not create event triggers (a role with REPLICATION that owns its database, as on a managed
 * service without a superuser): the stream carries no DDL, so a changed table definition, a table that appears, or any
 * other schema change (an index, a constraint, a view) is found in the catalog (looked at every {@code tablePoll}) or in
 * the stream, recorded as a gap from the earliest moment it can have happened, and told to the service (which takes a
 * backup at once). A restore into the gap is refused with its reason; moments before it, and after the next backup,
 * restore exactly. The preflight says which mode the database gets, and the grant that would give the better one.
 */
class SchemaChangeGapTest {

    private static final CaptureSettings FAST = new CaptureSettings(1 << 20, Duration.ofMillis(300), Duration.ofMillis(200),
            Duration.ofMillis(500));
    private static final String ROLE = "capturer";
    private static PointInTimeRig rig;
    private static PgConnection capturer;
    private static final CompletableFuture<PreflightReport> firstPreflight = new CompletableFuture<>();

    @BeforeAll
    static void start() {
        rig = new PointInTimeRig();
        rig.postgres.execute("CREATE ROLE " + ROLE + " LOGIN REPLICATION PASSWORD 'capture-secret'");
        capturer = new PgConnection(rig.postgres.host(), rig.postgres.port(), ROLE, "capture-secret");
    }

    /** A database the capture's role owns, its tables made by that role. */
    private static void database(String db, String ddl) {
        rig.postgres.execute("CREATE DATABASE " + db + " OWNER " + ROLE);
        rig.postgres.execute(db, "SET ROLE " + ROLE + "; " + ddl);
    }

    @AfterAll
    static void stop() {
        rig.close();
    }

    @Test
    void aChangedTableDefinitionIsAGapUntilTheNextBackupAndARestoreIntoItIsRefused() throws Exception {
        String db = "catalog";
        database(db, "CREATE TABLE products (id int PRIMARY KEY, name text NOT NULL)");
        CompletableFuture<Gap> gapFound = new CompletableFuture<>();
        try (PointInTimeRig.RunningCapture capture = rig.capture(db, FAST, capturer, observer(gapFound))) {
            PointInTimeRig.AlignedBackup before = awaitStartedThenBackUp(db);
            rig.sql(db, "INSERT INTO products VALUES (1, 'kettle'), (2, 'toaster')");
            Instant beforeChange = rig.nextSecond(db);
            Fingerprint atBeforeChange = rig.fingerprint(db, Set.of());
            Thread.sleep(1000); // the catalog is looked at twice a second here: the last look before the change bounds the gap

            rig.sql(db, "ALTER TABLE products ADD COLUMN color text NOT NULL DEFAULT 'red'");
            rig.sql(db, "INSERT INTO products VALUES (3, 'lamp', 'blue')");
            Gap gap = gapFound.get(30, TimeUnit.SECONDS);
            Instant inGap = rig.nextSecond(db);
            assertThat(gap.table()).isEqualTo("public.products");
            assertThat(gap.reason()).contains("the definition of public.products changed");
            assertThat(gap.from()).as("the last look before the change, at most a look's time before it").isBefore(inGap)
                    .isAfter(beforeChange.plusMillis(400));
            assertThat(firstPreflight.get().schemaChanges().mode()).isEqualTo("gaps at schema changes");
            assertThat(firstPreflight.get().schemaChanges().why()).contains("may not create event triggers")
                    .contains("rds_superuser");

            PointInTimeRig.AlignedBackup after = rig.alignedBackup(db, rig.workDir);
            rig.sql(db, "UPDATE products SET color = 'green' WHERE id = 1");
            Instant afterBackup = rig.nextSecond(db);
            Fingerprint atAfterBackup = rig.fingerprint(db, Set.of());
            rig.waitForCoverage(db, afterBackup);
            assertThat(rig.archive.gaps(db)).as("found by the catalog or the stream, none from before the change").contains(gap)
                    .allSatisfy(found -> assertThat(found.from()).isAfter(beforeChange));

            assertThatThrownBy(() -> rig.restoreTo(before, db, inGap, "catalog_in_gap"))
                    .isInstanceOf(NotCoveredException.class)
                    .hasMessageContaining("the definition of public.products changed")
                    .hasMessageContaining("until the first backup after " + gap.foundAt());
            rig.restoreTo(before, db, beforeChange, "catalog_before");
            assertThat(rig.fingerprint("catalog_before", Set.of())).isEqualTo(atBeforeChange);
            rig.restoreTo(after, db, afterBackup, "catalog_after");
            assertThat(rig.fingerprint("catalog_after", Set.of())).isEqualTo(atAfterBackup);
            assertThat(capture.failure().get()).isNull();
        }
    }

    @Test
    void aTableCreatedWhileCapturingJoinsThePublicationAndIsAGapUntilTheNextBackup() throws Exception {
        String db = "growing";
        database(db, "CREATE TABLE first (id int PRIMARY KEY)");
        CompletableFuture<Gap> gapFound = new CompletableFuture<>();
        try (PointInTimeRig.RunningCapture capture = rig.capture(db, FAST, capturer, observer(gapFound))) {
            awaitStartedThenBackUp(db);
            rig.sql(db, "SET ROLE " + ROLE + "; CREATE TABLE second (id int PRIMARY KEY, v text); INSERT INTO second VALUES (1, 'early')");

            Gap gap = gapFound.get(30, TimeUnit.SECONDS);
            assertThat(gap.table()).isEqualTo("public.second");
            assertThat(gap.reason()).contains("table public.second appeared and was not captured before");
            PointInTimeRig.AlignedBackup after = rig.alignedBackup(db, rig.workDir);
            rig.sql(db, "UPDATE second SET v = 'captured' WHERE id = 1; INSERT INTO second VALUES (2, 'new')");
            Instant moment = rig.nextSecond(db);
            Fingerprint expected = rig.fingerprint(db, Set.of());
            rig.waitForCoverage(db, moment);

            rig.restoreTo(after, db, moment, "growing_after");
            assertThat(rig.fingerprint("growing_after", Set.of())).isEqualTo(expected);
            assertThat(capture.failure().get()).isNull();
        }
    }

    @Test
    void aSlotLostWhileCaptureWasDownIsAGapAndCaptureStartsAgainFromANewOne() throws Exception {
        String db = "slotless";
        database(db, "CREATE TABLE t (id int PRIMARY KEY, v text)");
        PointInTimeRig.AlignedBackup before;
        try (PointInTimeRig.RunningCapture capture = rig.capture(db, FAST, capturer, observer(new CompletableFuture<>()))) {
            before = awaitStartedThenBackUp(db);
            rig.sql(db, "INSERT INTO t VALUES (1, 'kept')");
            rig.waitForCoverage(db, rig.nextSecond(db));
        }
        rig.sql(db, "SELECT pg_drop_replication_slot('" + dev.lifeboat.changes.slot.CaptureNames.of(db).slot() + "')");
        rig.sql(db, "INSERT INTO t VALUES (2, 'while no slot kept the changes')");
        CompletableFuture<Gap> gapFound = new CompletableFuture<>();
        try (PointInTimeRig.RunningCapture capture = rig.capture(db, FAST, capturer, observer(gapFound))) {
            Gap gap = gapFound.get(30, TimeUnit.SECONDS);
            assertThat(gap.reason()).contains("capture lost its replication slot");
            rig.sql(db, "INSERT INTO t VALUES (3, 'captured again')");
            Instant after = rig.nextSecond(db);
            rig.waitForCoverage(db, after);

            assertThatThrownBy(() -> rig.restoreTo(before, db, after, "slotless_after"))
                    .isInstanceOf(NotCoveredException.class).hasMessageContaining("capture lost its replication slot");
            assertThat(capture.failure().get()).isNull();
        }
    }

    @Test
    void anIndexOrAConstraintThatLeavesEveryColumnAsItWasIsAGapNotARestoreWithoutIt() throws Exception {
        String db = "indexed";
        database(db, "CREATE TABLE orders (id int PRIMARY KEY, total numeric NOT NULL)");
        CompletableFuture<Gap> gapFound = new CompletableFuture<>();
        try (PointInTimeRig.RunningCapture capture = rig.capture(db, FAST, capturer, observer(gapFound))) {
            PointInTimeRig.AlignedBackup before = awaitStartedThenBackUp(db);
            rig.sql(db, "INSERT INTO orders SELECT i, i * 2 FROM generate_series(1, 20) i");
            Instant beforeIndex = rig.nextSecond(db);
            Fingerprint atBeforeIndex = rig.fingerprint(db, Set.of());
            Thread.sleep(1000); // a look or two sees the schema unchanged after that second

            rig.sql(db, "SET ROLE " + ROLE + "; CREATE INDEX orders_total ON orders (total);"
                    + " ALTER TABLE orders ADD CONSTRAINT orders_positive CHECK (total > 0)");
            Gap gap = gapFound.get(30, TimeUnit.SECONDS);
            Instant afterIndex = rig.nextSecond(db);
            rig.waitForCoverage(db, afterIndex);
            assertThat(gap.reason()).contains("the schema changed");
            assertThat(gap.from()).isAfter(beforeIndex);

            assertThatThrownBy(() -> rig.restoreTo(before, db, afterIndex, "indexed_after"))
                    .isInstanceOf(NotCoveredException.class).hasMessageContaining("the schema changed");
            rig.restoreTo(before, db, beforeIndex, "indexed_before");
            assertThat(rig.fingerprint("indexed_before", Set.of())).isEqualTo(atBeforeIndex);
            assertThat(capture.failure().get()).isNull();
        }
    }

    /** Tells the gaps the capture finds; {@link #awaitStartedThenBackUp} waits for its start. */
    private static CaptureObserver observer(CompletableFuture<Gap> gapFound) {
        CompletableFuture<PreflightReport> started = new CompletableFuture<>();
        startedNow = started;
        return new CaptureObserver() {
            @Override
            public void started(PreflightReport preflight) {
                started.complete(preflight);
                firstPreflight.complete(preflight);
            }

            @Override
            public void gap(Gap gap) {
                gapFound.complete(gap);
            }
        };
    }

    private static CompletableFuture<PreflightReport> startedNow = new CompletableFuture<>();

    private static PointInTimeRig.AlignedBackup awaitStartedThenBackUp(String db) throws Exception {
        startedNow.get(60, TimeUnit.SECONDS);
        return rig.alignedBackup(db, rig.workDir);
    }
}
