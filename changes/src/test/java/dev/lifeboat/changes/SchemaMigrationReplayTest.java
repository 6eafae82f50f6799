package dev.lifeboat.changes;

import dev.lifeboat.changes.capture.CaptureSettings;
import dev.lifeboat.changes.replay.NotCoveredException;
import dev.lifeboat.changes.segment.Gap;
import dev.lifeboat.changes.slot.CaptureNames;
import dev.lifeboat.changes.slot.PreflightReport;
import dev.lifeboat.changes.slot.SchemaChangeTrigger;
import dev.lifeboat.changes.support.Fingerprint;
import dev.lifeboat.changes.support.PointInTimeRig;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * A real migration, run while a load writes, captured with Lifeboat's event trigger: columns added, renamed, dropped and
 * retyped, an index, a CHECK constraint, a view, a function and a trigger, a table created with rows, a table dropped,
 * a partition detached and another attached, an index built CONCURRENTLY, a table renamed; some statements sent one by
 * one in a transaction, some as one query text. Restored to the second before the migration, to a second between its
 * steps, to the second after it and to a later one, the copy's {@code pg_dump --schema-only} equals the source's at that
 * second (the capture's own objects aside) and so does every table's rows. A command whose values depend on the moment
 * is a gap from its own commit: the second before it restores, the seconds after it are refused.
 */
class SchemaMigrationReplayTest {

    private static final String DB = "rental";
    private static final CaptureSettings SETTINGS = new CaptureSettings(256 << 10, Duration.ofMillis(500),
            Duration.ofMillis(300), Duration.ofSeconds(1));
    private static PointInTimeRig rig;

    @BeforeAll
    static void start() {
        rig = new PointInTimeRig();
        rig.postgres.execute("CREATE DATABASE " + DB);
        rig.postgres.execute(DB, """
                CREATE TABLE customer (id serial PRIMARY KEY, name text NOT NULL, email text);
                CREATE TABLE staff (id int PRIMARY KEY, first_name text NOT NULL, last_name text, active boolean DEFAULT true,
                    score int);
                CREATE TABLE payment (id bigserial PRIMARY KEY, customer_id int NOT NULL REFERENCES customer,
                    amount numeric(10,2) NOT NULL, paid_at timestamptz NOT NULL);
                CREATE TABLE measures (at date NOT NULL, v int, PRIMARY KEY (at)) PARTITION BY RANGE (at);
                CREATE TABLE measures_2025 PARTITION OF measures FOR VALUES FROM ('2025-01-01') TO ('2026-01-01');
                CREATE TABLE old_log (id int PRIMARY KEY, note text);
                INSERT INTO customer (name, email) SELECT 'customer ' || i, 'c' || i || '@example.com' FROM generate_series(1, 50) i;
                INSERT INTO staff SELECT i, 'First' || i, 'Last' || i, i % 2 = 0, i * 10 FROM generate_series(1, 8) i;
                INSERT INTO payment (customer_id, amount, paid_at)
                  SELECT 1 + i % 50, i * 1.25, timestamptz '2025-06-01 10:00+00' + i * interval '1 hour' FROM generate_series(1, 300) i;
                INSERT INTO measures SELECT date '2025-01-01' + i, i FROM generate_series(0, 99) i;
                INSERT INTO old_log VALUES (1, 'kept until dropped');
                """);
    }

    @AfterAll
    static void stop() {
        rig.close();
    }

    @Test
    void restoresToSecondsAroundAMigrationUnderLoadWithTheSchemaAndRowsOfEachSecond() throws Exception {
        CompletableFuture<PreflightReport> started = new CompletableFuture<>();
        CompletableFuture<Gap> gapFound = new CompletableFuture<>();
        try (PointInTimeRig.RunningCapture capture = rig.capture(DB, SETTINGS, PointInTimeRig.observer(started, gapFound)); Load load = new Load(DB)) {
            PreflightReport report = started.get(60, TimeUnit.SECONDS);
            assertThat(report.schemaChanges().mode()).isEqualTo("schema changes replayed");
            PointInTimeRig.AlignedBackup backup = rig.alignedBackup(DB, rig.workDir);
            load.start();
            Map<Instant, State> moments = new LinkedHashMap<>();
            load.awaitWrites(50);

            load.pauseAtNextSecond(moments);                                    // the second before the migration

            try (Connection migration = rig.postgres.connect(DB); Statement statement = migration.createStatement()) {
                migration.setAutoCommit(false);
                for (String step : new String[]{
                        "ALTER TABLE staff ADD COLUMN email text",
                        "ALTER TABLE staff RENAME COLUMN score TO rating",
                        "ALTER TABLE staff DROP COLUMN active",
                        "ALTER TABLE staff ALTER COLUMN rating TYPE bigint",
                        "UPDATE staff SET email = lower(first_name) || '@example.com'",
                        "CREATE INDEX staff_email ON staff (email)",
                        "ALTER TABLE payment ADD CONSTRAINT payment_positive CHECK (amount >= 0)",
                        "CREATE VIEW big_payments AS SELECT id, customer_id, amount FROM payment WHERE amount > 50",
                        "CREATE FUNCTION touch() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN NEW.note := NEW.note || '; touched'; RETURN NEW; END $$",
                        "CREATE TRIGGER old_log_touch BEFORE INSERT ON old_log FOR EACH ROW EXECUTE FUNCTION touch()",
                        "INSERT INTO old_log VALUES (2, 'after the trigger')",
                        "CREATE TABLE coupon (code text PRIMARY KEY, off numeric(5,2) NOT NULL)",
                        "INSERT INTO coupon VALUES ('SPRING', 5), ('SUMMER', 7.5)"}) {
                    statement.execute(step);
                }
                migration.commit();
            }
            load.pauseAtNextSecond(moments);                                    // between two steps

            rig.psql(DB, "DROP TABLE old_log; DROP FUNCTION touch(); ALTER TABLE measures DETACH PARTITION measures_2025;"
                    + " CREATE TABLE measures_2026 (at date NOT NULL, v int, PRIMARY KEY (at));"
                    + " ALTER TABLE measures ATTACH PARTITION measures_2026 FOR VALUES FROM ('2026-01-01') TO ('2027-01-01');"
                    + " DROP INDEX staff_email; ALTER TABLE staff RENAME TO employee");
            rig.sql(DB, "CREATE INDEX CONCURRENTLY payment_paid_at ON payment (paid_at)");
            rig.sql(DB, "INSERT INTO measures VALUES ('2026-03-01', 7); INSERT INTO coupon VALUES ('AUTUMN', 3);"
                    + " UPDATE measures_2025 SET v = v + 1000 WHERE at < '2025-01-05'; UPDATE employee SET rating = rating * 2");
            load.pauseAtNextSecond(moments);                                    // the second after it

            load.awaitWrites(load.writes() + 50);
            rig.sql(DB, "DELETE FROM coupon WHERE code = 'SPRING'; INSERT INTO measures VALUES ('2026-04-01', 8)");
            load.pauseAtNextSecond(moments);                                    // later, under load again

            Map<Instant, State> beforeNow = new LinkedHashMap<>();
            Instant beforeMoment = load.pauseAtNextSecond(beforeNow);
            rig.sql(DB, "ALTER TABLE coupon ADD COLUMN created timestamptz NOT NULL DEFAULT now()");
            Gap gap = gapFound.get(30, TimeUnit.SECONDS);
            Instant afterMoment = load.pauseAtNextSecond(new LinkedHashMap<>());
            load.close();
            rig.waitForCoverage(DB, afterMoment);
            assertThat(capture.failure().get()).isNull();

            int n = 0;
            for (Map.Entry<Instant, State> moment : moments.entrySet()) {
                assertRestoresTo(backup, DB, moment.getKey(), moment.getValue(), DB + "_at_" + n++);
            }
            assertThat(gap.table()).isEqualTo("public.coupon");
            assertThat(gap.reason()).contains("ALTER TABLE computes values from now");
            assertThat(gap.from()).isAfter(beforeMoment);
            assertRestoresTo(backup, DB, beforeMoment, beforeNow.get(beforeMoment), DB + "_before_now");
            assertThatThrownBy(() -> rig.restoreTo(backup, DB, afterMoment, DB + "_after_now"))
                    .isInstanceOf(NotCoveredException.class).hasMessageContaining("computes values from now");
        }
    }

    /**
     * A migration sent as one query that mixes DDL and rows, in two transactions (as Prisma Migrate and {@code psql -c}
     * send a script): each DDL statement is replayed at its place among the rows the stream carries, so the seconds
     * before, between its transactions' commits and after it restore with their schema and rows, with no gap and no
     * backup needed.
     */
    @Test
    void aMigrationSentAsOneQueryMixingDdlAndRowsRestoresBeforeBetweenAndAfterItsTransactions() throws Exception {
        String db = "rental_prisma";
        rig.createDatabase(db, """
                CREATE TABLE customer (id serial PRIMARY KEY, name text NOT NULL, email text);
                CREATE TABLE staff (id int PRIMARY KEY, first_name text NOT NULL);
                CREATE TABLE payment (id bigserial PRIMARY KEY, customer_id int NOT NULL REFERENCES customer,
                    amount numeric(10,2) NOT NULL, paid_at timestamptz NOT NULL);
                CREATE TABLE old_log (id int PRIMARY KEY, note text);
                CREATE TABLE gate (id int PRIMARY KEY, opened int NOT NULL);
                INSERT INTO gate VALUES (1, 0);
                INSERT INTO customer (name, email) SELECT 'customer ' || i, 'c' || i || '@example.com' FROM generate_series(1, 50) i;
                INSERT INTO staff SELECT i, 'First' || i FROM generate_series(1, 8) i;
                INSERT INTO old_log VALUES (1, 'before');
                """);
        CompletableFuture<PreflightReport> started = new CompletableFuture<>();
        CompletableFuture<Gap> gapFound = new CompletableFuture<>();
        try (PointInTimeRig.RunningCapture capture = rig.capture(db, SETTINGS, PointInTimeRig.observer(started, gapFound));
             Load load = new Load(db)) {
            assertThat(started.get(60, TimeUnit.SECONDS).schemaChanges().mode()).isEqualTo("schema changes replayed");
            PointInTimeRig.AlignedBackup backup = rig.alignedBackup(db, rig.workDir);
            load.start();
            load.awaitWrites(30);
            Map<Instant, State> moments = new LinkedHashMap<>();
            load.pauseAtNextSecond(moments);                                    // the second before the migration

            // the test holds a row of gate, so the text's second transaction waits at its first statement while the state
            // between its two is read (a row lock: reading the state, pg_dump included, does not wait for it)
            Connection holder = rig.postgres.connect(db);
            holder.setAutoCommit(false);
            try (Statement hold = holder.createStatement()) {
                hold.execute("SELECT * FROM gate WHERE id = 1 FOR UPDATE");
            }
            CompletableFuture<Void> migration = CompletableFuture.runAsync(() -> {
                try {
                    rig.psql(db, """
                            BEGIN;
                            ALTER TABLE staff ADD COLUMN nickname text;
                            UPDATE staff SET nickname = lower(first_name);
                            ALTER TABLE staff ALTER COLUMN nickname SET NOT NULL;
                            CREATE UNIQUE INDEX staff_nickname ON staff (nickname);
                            INSERT INTO staff (id, first_name, nickname) VALUES (100, 'New', 'new');
                            COMMIT;
                            BEGIN;
                            UPDATE gate SET opened = opened + 1 WHERE id = 1;
                            ALTER TABLE old_log ADD COLUMN kind text;
                            UPDATE old_log SET kind = 'migrated';
                            COMMIT;""");
                } catch (Exception e) {
                    throw new java.util.concurrent.CompletionException(e);
                }
            });
            org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(50))
                    .until(() -> columns(db, "staff", "nickname") == 1);
            load.pauseAtNextSecond(moments);                                    // between its two transactions
            assertThat(columns(db, "old_log", "kind")).as("the second transaction still waits").isZero();
            holder.rollback();
            holder.close();
            migration.get(30, TimeUnit.SECONDS);
            load.pauseAtNextSecond(moments);                                    // the second after it
            load.awaitWrites(load.writes() + 30);
            Instant later = load.pauseAtNextSecond(moments);                    // later, under load again
            load.close();
            rig.waitForCoverage(db, later);
            assertThat(capture.failure().get()).isNull();
            assertThat(gapFound).as("no gap: every DDL statement was replayed at its place").isNotDone();

            int n = 0;
            for (Map.Entry<Instant, State> moment : moments.entrySet()) {
                assertRestoresTo(backup, db, moment.getKey(), moment.getValue(), db + "_at_" + n++);
            }
        }
    }

    private static long columns(String database, String table, String column) throws Exception {
        try (Connection connection = rig.postgres.connect(database); Statement statement = connection.createStatement();
             java.sql.ResultSet result = statement.executeQuery("SELECT count(*) FROM information_schema.columns WHERE table_name = '"
                     + table + "' AND column_name = '" + column + "'")) {
            result.next();
            return result.getLong(1);
        }
    }

    private static void assertRestoresTo(PointInTimeRig.AlignedBackup backup, String database, Instant moment, State expected,
                                         String copy) throws Exception {
        rig.restoreTo(backup, database, moment, copy);
        State actual = State.of(copy);
        assertThat(actual.schema()).as("pg_dump --schema-only at %s", moment).isEqualTo(expected.schema());
        assertThat(actual.rows().rows()).as("rows at %s", moment).isEqualTo(expected.rows().rows());
        expected.rows().sequences().forEach((sequence, value) ->
                assertThat(actual.rows().sequences().get(sequence)).as("sequence %s", sequence).isGreaterThanOrEqualTo(value));
    }

    /** The whole database at a second: its schema as pg_dump prints it, and every table's rows. */
    private record State(String schema, Fingerprint rows) {
        static State of(String database) throws Exception {
            return new State(rig.schema(database), rig.fingerprint(database, Set.of()));
        }
    }

    /**
     * Payments inserted and customers updated, one small transaction after another, on a thread of its own; paused at
     * a whole second of the source's clock, so the state at that second can be read whole.
     */
    /**
     * Someone drops Lifeboat's event trigger while the capture runs (a superuser, or a migration tool that drops what it
     * does not know): an index made then is not in the stream. The catalog look finds the trigger gone: the seconds
     * since its last look are a gap of the whole schema (a restore there is refused, never completed without the
     * index), and the trigger is installed again.
     */
    @Test
    void anEventTriggerDroppedWhileCapturingMakesAGapAndIsInstalledAgain() throws Exception {
        String db = "kiosk";
        CompletableFuture<Gap> gapFound = new CompletableFuture<>();
        try (PointInTimeRig.RunningCapture capture = capturedItems(db, gapFound)) {
            CaptureNames names = CaptureNames.of(db);
            rig.postgres.execute(db, "DROP EVENT TRIGGER " + names.ddl());
            rig.postgres.execute(db, "CREATE INDEX item_label ON item (label)");

            Gap gap = gapFound.get(60, TimeUnit.SECONDS);
            assertThat(gap.table()).isNull();
            assertThat(gap.reason()).contains("event trigger").contains("dropped or disabled");
            // the gap is recorded first, then the trigger installed: wait for it, not for the gap alone
            org.awaitility.Awaitility.await("installed again").atMost(Duration.ofSeconds(30)).until(() -> {
                try (Connection connection = rig.postgres.connect(db)) {
                    return SchemaChangeTrigger.intact(connection, names);
                }
            });
        }
    }

    /**
     * Issue 51: where the event trigger does not fire (a role a managed service exempts it for, as Supabase's reserved
     * roles; here the trigger switched off and on again in the migration's own transaction, which fires nothing and leaves
     * it intact for the next look), the look cross-checks the schema's digest against the DDL the stream carried: the index
     * the stream lacks is a gap of the schema, never a restore silently without it, and so is a second one in a later
     * window. What changes the catalog with its DDL recorded is none: an index, a temporary table that outlives a look and
     * goes with its session, an index built concurrently over several looks.
     */
    @Test
    void indexesTheEventTriggerDidNotRecordMakeGapsAndRecordedTemporaryOrConcurrentChangesNone() throws Exception {
        String db = "kiosk_unrecorded";
        CompletableFuture<Gap> gapFound = new CompletableFuture<>();
        try (PointInTimeRig.RunningCapture capture = capturedItems(db, gapFound)) {
            rig.postgres.execute(db, "CREATE INDEX item_label ON item (label)");
            try (Connection session = rig.postgres.connect(db); Statement statement = session.createStatement()) {
                statement.execute("CREATE TEMP TABLE scratch (id int PRIMARY KEY)");
                // a look comes every 5 s where the trigger records DDL, and is judged once the stream reaches it
                noGapFor(gapFound, "a recorded index and a temporary table");
            } // the temporary table goes with its session, with no DDL command
            noGapFor(gapFound, "a temporary table gone with its session");
            try (Connection writer = rig.postgres.connect(db); Statement holding = writer.createStatement()) {
                writer.setAutoCommit(false);
                holding.execute("INSERT INTO item VALUES (100, 'held open')"); // the concurrent build waits for this writer
                CompletableFuture<Void> build = CompletableFuture.runAsync(() -> rig.postgres.execute(db,
                        "CREATE INDEX CONCURRENTLY item_label_concurrently ON item (label)"));
                noGapFor(gapFound, "an index built concurrently: its catalog rows commit before its DDL command");
                writer.commit();
                build.get(60, TimeUnit.SECONDS);
            }
            noGapFor(gapFound, "the concurrent build's DDL command");

            CaptureNames names = CaptureNames.of(db);
            String off = "ALTER EVENT TRIGGER " + names.ddl() + " DISABLE;";
            String on = "ALTER EVENT TRIGGER " + names.ddl() + " ENABLE ALWAYS;";
            rig.postgres.execute(db, "BEGIN; " + off + " CREATE INDEX item_id_label ON item (id, label); " + on + " COMMIT;");
            Gap gap = gapFound.get(60, TimeUnit.SECONDS);
            assertThat(gap.kind()).isEqualTo(Gap.Kind.SCHEMA_CHANGE);
            assertThat(gap.table()).isNull();
            assertThat(gap.reason()).contains("the stream carried no DDL command").contains("event trigger did not fire");
            try (Connection connection = rig.postgres.connect(db)) {
                assertThat(SchemaChangeTrigger.intact(connection, names)).as("the trigger looked intact all along").isTrue();
            }
            // the window after the cross-check's own gap is judged too
            rig.postgres.execute(db, "BEGIN; " + off + " CREATE INDEX item_label_id ON item (label, id); " + on + " COMMIT;");
            org.awaitility.Awaitility.await("a second gap").atMost(Duration.ofSeconds(60)).until(() -> rig.archive.gaps(db).stream()
                    .filter(stored -> stored.reason().contains("the stream carried no DDL command")).count() == 2);
        }
    }

    /** No gap is found while two looks come and are judged. */
    private static void noGapFor(CompletableFuture<Gap> gapFound, String what) {
        org.awaitility.Awaitility.await("no gap for " + what).during(Duration.ofSeconds(8)).atMost(Duration.ofSeconds(10))
                .until(() -> !gapFound.isDone());
    }

    /** A database of 20 items, captured with Lifeboat's event trigger recording its DDL; its first gap completes {@code gapFound}. */
    private static PointInTimeRig.RunningCapture capturedItems(String db, CompletableFuture<Gap> gapFound) throws Exception {
        rig.createDatabase(db, "CREATE TABLE item (id int PRIMARY KEY, label text NOT NULL);"
                + " INSERT INTO item SELECT i, 'item ' || i FROM generate_series(1, 20) i");
        CompletableFuture<PreflightReport> started = new CompletableFuture<>();
        PointInTimeRig.RunningCapture capture = rig.capture(db, SETTINGS, PointInTimeRig.observer(started, gapFound));
        try {
            assertThat(started.get(60, TimeUnit.SECONDS).schemaChanges().replayed()).isTrue();
            return capture;
        } catch (Exception | AssertionError e) {
            capture.close();
            throw e;
        }
    }

    private static final class Load implements AutoCloseable {
        private final Object lock = new Object();
        private final AtomicBoolean running = new AtomicBoolean(true);
        private final AtomicLong writes = new AtomicLong();
        private final AtomicReference<Throwable> failure = new AtomicReference<>();
        private final Thread thread = new Thread(this::run, "load");
        private final String database;

        Load(String database) {
            this.database = database;
        }

        void start() {
            thread.start();
        }

        private void run() {
            try (Connection connection = rig.postgres.connect(database); Statement statement = connection.createStatement()) {
                while (running.get()) {
                    synchronized (lock) {
                        long i = writes.incrementAndGet();
                        statement.execute("INSERT INTO payment (customer_id, amount, paid_at) VALUES (" + (1 + i % 50) + ", "
                                + (i % 90) + ".5, clock_timestamp()); UPDATE customer SET email = 'v" + i + "@example.com'"
                                + " WHERE id = " + (1 + i % 50));
                    }
                    Thread.sleep(15);
                }
            } catch (SQLException | InterruptedException e) {
                failure.set(e);
            }
        }

        long writes() {
            return writes.get();
        }

        void awaitWrites(long count) {
            org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(30)).until(() -> writes.get() >= count || failure.get() != null);
            assertThat(failure.get()).isNull();
        }

        /** Holds the load at the next whole second of the source's clock, reads the state then into {@code states}, goes on. */
        Instant pauseAtNextSecond(Map<Instant, State> states) throws Exception {
            synchronized (lock) {
                Instant second = rig.nextSecond(database);
                states.put(second, State.of(database));
                return second;
            }
        }

        @Override
        public void close() throws InterruptedException {
            running.set(false);
            thread.join(10_000);
            assertThat(failure.get()).isNull();
        }
    }
}
