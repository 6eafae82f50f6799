package dev.lifeboat.changes;

import dev.lifeboat.changes.capture.CaptureObserver;
import dev.lifeboat.changes.capture.CaptureSettings;
import dev.lifeboat.changes.replay.ArchiveReplay;
import dev.lifeboat.changes.slot.PreflightReport;
import dev.lifeboat.changes.support.Fingerprint;
import dev.lifeboat.changes.support.PointInTimeRig;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Point-in-time restore end to end on real servers: a database captured while a workload of inserts, updates, deletes
 * and truncates runs over many types (jsonb, bytea, arrays, numeric, timestamptz, an enum, a partitioned table, large
 * TOASTed text, identity columns, a table with REPLICA IDENTITY FULL, a partition's own TRUNCATE), an aligned backup,
 * and restores to five whole
 * seconds (one just after the backup, one inside a burst of small transactions), each equal to the source as it was then.
 */
class PointInTimeRestoreTest {

    private static final String DB = "shop";
    private static final Set<String> NOT_CAPTURED = Set.of("loose");
    private static PointInTimeRig rig;
    private static PointInTimeRig.RunningCapture capture;
    private static final CompletableFuture<PreflightReport> preflight = new CompletableFuture<>();

    @TempDir
    static Path dumps;

    @BeforeAll
    static void start() {
        rig = new PointInTimeRig();
        rig.postgres.execute("CREATE DATABASE " + DB);
        rig.postgres.execute(DB, """
                CREATE TYPE mood AS ENUM ('sad', 'ok', 'happy');
                CREATE TABLE items (id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY, name text NOT NULL,
                    price numeric(14,4), tags text[], attrs jsonb, blob bytea, seen timestamptz, mood mood, big text);
                CREATE TABLE events (id serial, at date NOT NULL, payload jsonb, PRIMARY KEY (id, at)) PARTITION BY RANGE (at);
                CREATE TABLE events_2025 PARTITION OF events FOR VALUES FROM ('2025-01-01') TO ('2026-01-01');
                CREATE TABLE events_2026 PARTITION OF events FOR VALUES FROM ('2026-01-01') TO ('2027-01-01');
                CREATE TABLE counters (name text PRIMARY KEY, n bigint NOT NULL);
                CREATE TABLE scratch (id int PRIMARY KEY, v text);
                CREATE TABLE notes_full (a int, b text);
                ALTER TABLE notes_full REPLICA IDENTITY FULL;
                CREATE TABLE loose (note text);
                CREATE TABLE tagged (id uuid PRIMARY KEY DEFAULT gen_random_uuid(), seq bigint GENERATED ALWAYS AS IDENTITY,
                    label varchar(20), code char(3), flags bit(4));
                INSERT INTO tagged (label, code, flags) SELECT 'tag ' || i, 'c' || i, B'1010' FROM generate_series(1, 10) i;
                CREATE SEQUENCE tickets;
                INSERT INTO counters SELECT 'c' || i, 0 FROM generate_series(1, 20) i;
                INSERT INTO items (name, price, tags, attrs, seen, mood)
                  SELECT 'item ' || i, i * 1.5, ARRAY['a', 'b' || i], jsonb_build_object('i', i), now(), 'ok' FROM generate_series(1, 50) i;
                INSERT INTO events (at, payload) SELECT date '2025-06-01' + i, '{"k": 1}' FROM generate_series(1, 30) i;
                INSERT INTO loose VALUES ('before');
                """);
    }

    @AfterAll
    static void stop() throws Exception {
        if (capture != null) {
            capture.close();
        }
        rig.close();
    }

    @Test
    void restoresToFiveSecondsEachEqualToTheSourceAtThatSecond() throws Exception {
        capture = rig.capture(DB, new CaptureSettings(256 << 10, Duration.ofMillis(700), Duration.ofMillis(300), Duration.ofMinutes(5)),
                new CaptureObserver() {
                    @Override
                    public void started(PreflightReport report) {
                        preflight.complete(report);
                    }
                });
        PreflightReport report = preflight.get(60, TimeUnit.SECONDS);
        assertThat(report.excluded()).singleElement().satisfies(excluded -> assertThat(excluded.reason())
                .contains("public.loose has no primary key or replica identity").contains("REPLICA IDENTITY FULL"));

        PointInTimeRig.AlignedBackup backup = rig.alignedBackup(DB, dumps);
        Map<Instant, Fingerprint> moments = new LinkedHashMap<>();

        sql("UPDATE counters SET n = n + 1 WHERE name = 'c1'");
        moments.put(nextSecond(), fingerprint());                                          // just after the backup

        sql("""
                INSERT INTO items (name, price, tags, attrs, blob, seen, mood, big)
                  SELECT 'new ' || i, 1e9 + i / 7.0, ARRAY[NULL, 'x''y', '{z}'], jsonb_build_object('nested', jsonb_build_array(i, 'é', null)),
                         decode(md5(i::text), 'hex'), timestamptz '2026-03-29 01:30:00+01' + i * interval '1 hour', 'happy',
                         (SELECT string_agg(md5((i * 1000 + j)::text), '') FROM generate_series(1, 400) j)
                    FROM generate_series(1, 40) i;
                DELETE FROM items WHERE id % 7 = 0;
                INSERT INTO scratch SELECT i, 'v' || i FROM generate_series(1, 100) i;
                INSERT INTO notes_full VALUES (1, 'one'), (2, NULL), (3, 'three');
                INSERT INTO tagged (label, code, flags) VALUES ('new tag', 'abc', B'0110');
                UPDATE tagged SET label = label || '!' WHERE seq % 3 = 0;
                SELECT nextval('tickets') FROM generate_series(1, 5);
                """);
        moments.put(nextSecond(), fingerprint());

        for (int i = 0; i < 150; i++) {
            sql("UPDATE counters SET n = n + " + i + " WHERE name = 'c" + (i % 20 + 1) + "'; INSERT INTO events (at, payload) VALUES (date '2026-01-01' + " + i + ", '{\"burst\": " + i + "}')");
        }
        moments.put(nextSecond(), fingerprint());                                          // inside a burst
        for (int i = 150; i < 300; i++) {
            sql("UPDATE counters SET n = n + " + i + " WHERE name = 'c" + (i % 20 + 1) + "'; DELETE FROM events WHERE id = " + (i - 140));
        }

        sql("""
                TRUNCATE scratch;
                INSERT INTO scratch VALUES (7, 'after truncate');
                UPDATE items SET price = price * 2, mood = 'sad' WHERE big IS NOT NULL;
                UPDATE events SET at = date '2026-02-02' WHERE id BETWEEN 1 AND 10;
                UPDATE notes_full SET b = 'two' WHERE a = 2;
                DELETE FROM notes_full WHERE a = 3;
                INSERT INTO loose VALUES ('not captured');
                """);
        moments.put(nextSecond(), fingerprint());

        sql("INSERT INTO items (name, seen) VALUES ('last', clock_timestamp()); SELECT nextval('tickets');"
                + " DELETE FROM events WHERE at < '2025-07-01'; TRUNCATE events_2025");
        moments.put(nextSecond(), fingerprint());

        rig.waitForCoverage(DB, moments.keySet().stream().max(Instant::compareTo).orElseThrow());
        int n = 0;
        long replayed = 0;
        for (Map.Entry<Instant, Fingerprint> moment : moments.entrySet()) {
            String restored = "shop_at_" + n++;
            ArchiveReplay.Reached reached = rig.restoreTo(backup, DB, moment.getKey(), restored);
            Fingerprint actual;
            try (Connection connection = rig.postgres.connect(restored)) {
                actual = Fingerprint.of(connection, NOT_CAPTURED);
            }
            assertThat(actual.schema()).isEqualTo(moment.getValue().schema());
            assertThat(actual.rows()).as("rows at %s (replayed %s transactions)", moment.getKey(), reached.transactions())
                    .isEqualTo(moment.getValue().rows());
            moment.getValue().sequences().forEach((sequence, value) ->
                    assertThat(actual.sequences().get(sequence)).as("sequence %s", sequence).isGreaterThanOrEqualTo(value));
            assertThat(reached.reachedTime()).isBeforeOrEqualTo(moment.getKey());
            assertThat(reached.transactions()).isGreaterThan(replayed);
            replayed = reached.transactions();
            System.out.printf("restored to %s: %d transactions, %d row changes replayed%n", moment.getKey(), reached.transactions(), reached.rowChanges());
        }
        assertThat(capture.failure().get()).isNull();
    }

    private static Instant nextSecond() throws Exception {
        return rig.nextSecond(DB);
    }

    private static Fingerprint fingerprint() throws SQLException {
        return rig.fingerprint(DB, NOT_CAPTURED);
    }

    private static void sql(String sql) throws SQLException {
        rig.sql(DB, sql);
    }
}
