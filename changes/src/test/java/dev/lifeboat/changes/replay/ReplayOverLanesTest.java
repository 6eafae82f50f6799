package dev.lifeboat.changes.replay;

import dev.lifeboat.changes.model.RowChange;
import dev.lifeboat.changes.model.SchemaChange;
import dev.lifeboat.changes.model.TableName;
import dev.lifeboat.changes.model.Transaction;
import dev.lifeboat.realservers.postgres.PostgresServer;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

import static dev.lifeboat.changes.replay.Stream.row;
import static dev.lifeboat.changes.replay.Stream.transaction;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * A replay over several connections at once (a table to each) on a real PostgreSQL 15: the copy ends as one connection
 * leaves it, through a DDL command and a TRUNCATE, a lane's failure fails the replay and leaves no session behind, and
 * where triggers run there is one connection only.
 */
@Timeout(60) // a lane waiting for a lock the replay's own connection holds would wait for ever
class ReplayOverLanesTest {

    private static final TableName PARENT = new TableName("public", "parent");
    private static final TableName CHILD = new TableName("public", "child");
    private static final TableName NOTES = new TableName("public", "notes");
    private static final TableName TAGS = new TableName("public", "tags");
    private static PostgresServer postgres;

    @BeforeAll
    static void start() {
        postgres = PostgresServer.start();
        postgres.execute("CREATE ROLE plain LOGIN PASSWORD 'plain-pw'");
        for (String db : List.of("one_lane", "three_lanes", "failing_lane", "plain_lanes", "no_snapshot")) {
            postgres.execute("CREATE DATABASE " + db + " OWNER plain");
            postgres.execute(db, """
                    SET ROLE plain;
                    CREATE TABLE parent (id int PRIMARY KEY, name text);
                    CREATE TABLE child (id int PRIMARY KEY, parent_id int NOT NULL REFERENCES parent (id), note text);
                    CREATE TABLE notes (id int PRIMARY KEY, body text);
                    CREATE TABLE tags (id int PRIMARY KEY, label text NOT NULL UNIQUE);
                    INSERT INTO parent VALUES (1, 'one');
                    """);
        }
    }

    @AfterAll
    static void stop() {
        postgres.close();
    }

    @Test
    void overThreeLanesTheCopyEndsAsOneConnectionLeavesItThroughADdlCommandAndATruncate() throws Exception {
        List<Transaction> stream = stream();
        ReplayCounts alone = replay("one_lane", ReplayLanes.one(), stream, new AtomicInteger());
        AtomicInteger opened = new AtomicInteger();
        ReplayCounts together = replay("three_lanes", null, stream, opened);

        assertThat(opened).as("connections the lanes opened").hasValue(3);
        for (String table : List.of("parent", "child", "notes", "tags")) {
            assertThat(rows("three_lanes", table)).as(table).isEqualTo(rows("one_lane", table));
        }
        assertThat(rows("three_lanes", "child")).contains("5,5,note 5,extra 5", "2,2,moved 2,;").doesNotContain(";3,");
        assertThat(rows("three_lanes", "notes")).isEqualTo("900,after the truncate");
        assertThat(rows("three_lanes", "parent")).contains("4,round 3 of 4", "41,moved from 40").doesNotContain(";40,");
        assertThat(rows("three_lanes", "tags")).as("each label passed on to the next row, as the source did in turn")
                .startsWith("1,label 2;2,label 3;").endsWith(";199,label 200;200,label 1");
        assertThat(together.rowChanges()).isEqualTo(alone.rowChanges());
        assertThat(together.expectedRows(Map.of("public.parent", 1L, "public.notes", 0L, "public.child", 0L)))
                .isEqualTo(alone.expectedRows(Map.of("public.parent", 1L, "public.notes", 0L, "public.child", 0L)));
        assertNoSessionOn("three_lanes"); // the lanes' sessions end with the replay
    }

    @Test
    void aLanesFailureFailsTheReplayNamingItsTransactionAndLeavesNoSessionBehind() throws Exception {
        AtomicInteger opened = new AtomicInteger();
        try (Connection target = postgres.connect("failing_lane")) {
            ChangeReplay replay = new ChangeReplay(target, null, lanes("failing_lane", opened));
            assertThat(opened).as("connections the lanes opened").hasValue(3);
            for (int id = 2; id < 50; id++) {
                replay.apply(transaction(id, RowChange.insert(PARENT, row("id", String.valueOf(id), "name", "p")),
                        RowChange.insert(NOTES, row("id", String.valueOf(id), "body", "n"))));
            }
            replay.apply(transaction(77, RowChange.update(CHILD, row("id", "70", "parent_id", "1", "note", "x"), row("id", "70"))));

            assertThatThrownBy(replay::finish).isInstanceOf(ReplayException.class)
                    .hasMessageContaining("transaction 77 (committed ")
                    .hasMessageContaining("UPDATE of public.child by [id] touched 0 rows where the source touched one");
            replay.close();
        }
        assertNoSessionOn("failing_lane");
    }

    @Test
    void whileTheLanesApplyTheReplaysOwnConnectionKeepsNoSnapshotThatWouldKeepTheirDeadRowVersions() throws Exception {
        try (Connection target = postgres.connect("no_snapshot")) {
            long pid;
            try (Statement statement = target.createStatement(); ResultSet rows = statement.executeQuery("SELECT pg_backend_pid()")) {
                rows.next();
                pid = rows.getLong(1);
            }
            ChangeReplay replay = new ChangeReplay(target, null, lanes("no_snapshot", new AtomicInteger()));
            for (int id = 2; id < 12_002; id++) { // more than a window: it has been handed to the lanes
                replay.apply(transaction(id, RowChange.insert(PARENT, row("id", String.valueOf(id), "name", "p")),
                        RowChange.insert(NOTES, row("id", String.valueOf(id), "body", "n"))));
            }
            try (Connection look = postgres.connect("postgres"); Statement statement = look.createStatement();
                 ResultSet rows = statement.executeQuery("SELECT backend_xmin FROM pg_stat_activity WHERE pid = " + pid)) {
                assertThat(rows.next()).isTrue();
                assertThat(rows.getString(1)).as("the oldest snapshot the replay's own connection holds").isNull();
            }
            replay.finish();
            replay.close();
        }
        assertThat(rows("no_snapshot", "notes")).startsWith("2,n;3,n;").endsWith(";12001,n");
    }

    @Test
    void whereTriggersRunTheReplayOpensNoLaneAndKeepsToItsOneConnection() throws Exception {
        AtomicInteger opened = new AtomicInteger();
        try (Connection target = DriverManager.getConnection(postgres.jdbcUrl("plain_lanes"), "plain", "plain-pw")) {
            ChangeReplay replay = new ChangeReplay(target, null, lanes("plain_lanes", opened));
            assertThat(replay.triggersOff()).isFalse();
            replay.apply(transaction(8, RowChange.insert(PARENT, row("id", "2", "name", "two")),
                    RowChange.insert(CHILD, row("id", "11", "parent_id", "2", "note", "needs parent 2"))));
            replay.finish();
            replay.close();
        }
        assertThat(opened).hasValue(0);
        assertThat(rows("plain_lanes", "child")).isEqualTo("11,2,needs parent 2");
    }

    /** Inserts, updates (several of one row), deletes over three tables, a column added, then notes emptied. */
    private static List<Transaction> stream() {
        List<Transaction> stream = new ArrayList<>();
        long xid = 10;
        for (int id = 2; id <= 40; id++) {
            stream.add(transaction(xid++,
                    RowChange.insert(PARENT, row("id", String.valueOf(id), "name", "parent " + id)),
                    RowChange.insert(CHILD, row("id", String.valueOf(id), "parent_id", String.valueOf(id), "note", "note " + id)),
                    RowChange.insert(NOTES, row("id", String.valueOf(id), "body", "body " + id))));
        }
        for (int round = 1; round <= 3; round++) {
            for (int id = 2; id <= 40; id += 2) {
                stream.add(transaction(xid++,
                        RowChange.update(PARENT, row("id", String.valueOf(id), "name", "round " + round + " of " + id), row("id", String.valueOf(id))),
                        RowChange.update(NOTES, row("id", String.valueOf(id), "body", "round " + round), row("id", String.valueOf(id)))));
            }
        }
        // a second unique index: a label moves from row to row, each free only once the row before has let it go
        for (int id = 1; id <= 200; id++) {
            stream.add(transaction(xid++, RowChange.insert(TAGS, row("id", String.valueOf(id), "label", "label " + id))));
        }
        stream.add(transaction(xid++, RowChange.update(TAGS, row("id", "1", "label", "spare"), row("id", "1"))));
        for (int id = 2; id <= 200; id++) {
            stream.add(transaction(xid++, RowChange.update(TAGS, row("id", String.valueOf(id), "label", "held " + id),
                    row("id", String.valueOf(id))), RowChange.update(TAGS, row("id", String.valueOf(id - 1), "label", "label " + id),
                    row("id", String.valueOf(id - 1)))));
        }
        stream.add(transaction(xid++, RowChange.update(TAGS, row("id", "200", "label", "label 1"), row("id", "200"))));
        // a row that moves to another key: applied alone, its earlier and later changes on whichever lanes
        stream.add(transaction(xid++, RowChange.update(PARENT, row("id", "41", "name", "moving"), row("id", "40"))));
        stream.add(transaction(xid++, RowChange.update(PARENT, row("id", "41", "name", "moved from 40"), row("id", "41"))));
        stream.add(transaction(xid++, RowChange.delete(CHILD, row("id", "3")), RowChange.update(CHILD,
                row("id", "2", "parent_id", "2", "note", "moved 2"), row("id", "2"))));
        stream.add(transaction(xid++, RowChange.schema(new SchemaChange("ALTER TABLE", "ALTER TABLE child ADD COLUMN extra text",
                "2026-11-26 01:00:00+00", "\"$user\", public", List.of("public.child"), List.of(), 0,
                "ALTER TABLE child ADD COLUMN extra text", null))));
        for (int id = 4; id <= 40; id++) {
            if (id != 5) {
                stream.add(transaction(xid++, RowChange.update(CHILD, row("id", String.valueOf(id), "parent_id", String.valueOf(id),
                        "note", "note " + id, "extra", null), row("id", String.valueOf(id)))));
            }
        }
        stream.add(transaction(xid++, RowChange.update(CHILD, row("id", "5", "parent_id", "5", "note", "note 5", "extra", "extra 5"),
                row("id", "5"))));
        stream.add(transaction(xid++, RowChange.truncate(List.of(NOTES), false, false)));
        stream.add(transaction(xid, RowChange.insert(NOTES, row("id", "900", "body", "after the truncate"))));
        return stream;
    }

    /** @param lanes null: three lanes, counting the connections they open in {@code opened} */
    private static ReplayCounts replay(String database, ReplayLanes lanes, List<Transaction> stream, AtomicInteger opened) throws Exception {
        try (Connection target = postgres.connect(database)) {
            ChangeReplay replay = new ChangeReplay(target, null, lanes != null ? lanes : lanes(database, opened));
            for (Transaction transaction : stream) {
                replay.apply(transaction);
            }
            replay.finish();
            replay.close();
            return replay.counts();
        }
    }

    private static ReplayLanes lanes(String database, AtomicInteger opened) {
        return new ReplayLanes(3, () -> {
            opened.incrementAndGet();
            return postgres.connect(database);
        });
    }

    private static String rows(String database, String table) throws Exception {
        try (Connection connection = postgres.connect(database); Statement statement = connection.createStatement();
             ResultSet rows = statement.executeQuery("SELECT string_agg(regexp_replace(t::text, '[()\"]', '', 'g'), ';' ORDER BY t.id)"
                     + " FROM " + table + " t")) {
            rows.next();
            return rows.getString(1);
        }
    }

    /** Sessions on the database: none once those just closed have ended (a backend exits a moment after its connection). */
    private static void assertNoSessionOn(String database) {
        Awaitility.await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
            try (Connection connection = postgres.connect("postgres"); Statement statement = connection.createStatement();
                 ResultSet rows = statement.executeQuery("SELECT count(*) FROM pg_stat_activity WHERE datname = '" + database + "'")) {
                rows.next();
                assertThat(rows.getLong(1)).as("sessions left on " + database).isZero();
            }
        });
    }
}
