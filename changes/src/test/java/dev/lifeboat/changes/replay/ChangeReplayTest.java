package dev.lifeboat.changes.replay;

import dev.lifeboat.changes.model.RowChange;
import dev.lifeboat.changes.model.TableName;
import dev.lifeboat.realservers.postgres.PostgresServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;

import static dev.lifeboat.changes.replay.Stream.row;
import static dev.lifeboat.changes.replay.Stream.transaction;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Replay's rules on a real PostgreSQL 15: one row per UPDATE or DELETE, and the source's order where triggers run. */
class ChangeReplayTest {

    private static final TableName PARENT = new TableName("public", "parent");
    private static final TableName CHILD = new TableName("public", "child");
    private static PostgresServer postgres;

    @BeforeAll
    static void start() {
        postgres = PostgresServer.start();
        postgres.execute("CREATE ROLE plain LOGIN PASSWORD 'plain-pw'");
        for (String db : List.of("missing_row", "ordered", "triggered", "runs", "run_missing_row", "together")) {
            postgres.execute("CREATE DATABASE " + db + " OWNER plain");
            postgres.execute(db, """
                    SET ROLE plain;
                    CREATE TABLE parent (id int PRIMARY KEY, name text);
                    CREATE TABLE child (id int PRIMARY KEY, parent_id int NOT NULL REFERENCES parent (id), note text);
                    INSERT INTO parent VALUES (1, 'one');
                    """);
        }
    }

    @AfterAll
    static void stop() {
        postgres.close();
    }

    @Test
    void anUpdateThatFindsNoRowFailsNamingTheTransactionAndTheTable() throws Exception {
        try (Connection target = postgres.connect("missing_row")) {
            ChangeReplay replay = new ChangeReplay(target);
            replay.apply(transaction(7, RowChange.update(PARENT, row("id", "2", "name", "two"), row("id", "2"))));

            assertThatThrownBy(replay::finish).isInstanceOf(ReplayException.class)
                    .hasMessageContaining("transaction 7 (committed 2026-11-23T10:00:07Z")
                    .hasMessageContaining("UPDATE of public.parent by [id] touched 0 rows where the source touched one");
        }
    }

    @Test
    void runsOfInsertsUpdatesAndDeletesEndAsTheSourceDidWithTheLastUpdateOfEachRowWinning() throws Exception {
        List<RowChange> changes = new ArrayList<>();
        for (int id = 100; id < 160; id++) {
            changes.add(RowChange.insert(PARENT, row("id", String.valueOf(id), "name", "new " + id)));
        }
        for (int round = 1; round <= 3; round++) {
            for (int id = 100; id < 160; id += 2) {
                changes.add(RowChange.update(PARENT, row("id", String.valueOf(id), "name", "round " + round + " of " + id), row("id", String.valueOf(id))));
            }
        }
        for (int id = 101; id < 160; id += 10) {
            changes.add(RowChange.delete(PARENT, row("id", String.valueOf(id))));
        }
        changes.add(RowChange.update(PARENT, row("id", "100", "name", null), row("id", "100")));
        try (Connection target = postgres.connect("runs")) {
            ChangeReplay replay = new ChangeReplay(target);
            assertThat(replay.triggersOff()).isTrue();
            for (int i = 0; i < changes.size(); i += 25) {
                replay.apply(transaction(20 + i, changes.subList(i, Math.min(changes.size(), i + 25)).toArray(RowChange[]::new)));
            }
            replay.finish();

            try (Statement statement = target.createStatement(); ResultSet rows = statement.executeQuery(
                    "SELECT count(*), string_agg(id || '=' || coalesce(name, 'NULL'), ',' ORDER BY id) FROM parent WHERE id IN (100, 101, 102, 103, 158)")) {
                rows.next();
                assertThat(rows.getString(2)).isEqualTo("100=NULL,102=round 3 of 102,103=new 103,158=round 3 of 158");
            }
            try (Statement statement = target.createStatement(); ResultSet rows = statement.executeQuery("SELECT count(*) FROM parent")) {
                rows.next();
                assertThat(rows.getLong(1)).isEqualTo(1 + 60 - 6);
            }
            assertThat(replay.counts().rowChanges()).isEqualTo(changes.size());
            assertThat(replay.counts().net("public.parent")).isEqualTo(60 - 6);
        }
    }

    @Test
    void aRunOfSameShapedChangesIsAppliedInOneStatementUnlessARowIsMissingThenRowByRow() throws Exception {
        try (Connection target = postgres.connect("together")) {
            target.setAutoCommit(false);
            ReplayCounts counts = new ReplayCounts();
            TargetTables tables = new TargetTables(target);
            SetApply sets = new SetApply(target, new PreparedBatches(target, counts), counts);
            List<RowStatement> inserts = new ArrayList<>();
            for (int id = 2; id < 12; id++) {
                inserts.add(RowStatement.of(transaction(id, new RowChange[0]), RowChange.insert(PARENT, row("id", String.valueOf(id), "name", "n")),
                        tables.of(PARENT)));
            }
            assertThat(sets.run(inserts)).isEqualTo(10);

            List<RowStatement> updates = new ArrayList<>();
            for (int id = 2; id < 12; id++) {
                updates.add(RowStatement.of(transaction(id, new RowChange[0]), RowChange.update(PARENT, row("id", String.valueOf(id), "name", "u"),
                        row("id", String.valueOf(id))), tables.of(PARENT)));
            }
            updates.add(RowStatement.of(transaction(99, new RowChange[0]), RowChange.update(PARENT, row("id", "99", "name", "u"),
                    row("id", "99")), tables.of(PARENT)));
            assertThatThrownBy(() -> sets.run(updates)).isInstanceOf(ReplayException.class).hasMessageContaining("transaction 99");
        }
    }

    @Test
    void anUpdateThatFindsNoRowInARunOfManyStillFailsNamingItsOwnTransaction() throws Exception {
        try (Connection target = postgres.connect("run_missing_row")) {
            ChangeReplay replay = new ChangeReplay(target);
            for (int id = 1; id <= 10; id++) {
                int row = id == 7 ? 70 : 1; // transaction 7 updates a row the restored table does not have
                replay.apply(transaction(id, RowChange.update(PARENT, row("id", String.valueOf(row), "name", "v" + id), row("id", String.valueOf(row)))));
            }

            assertThatThrownBy(replay::finish).isInstanceOf(ReplayException.class)
                    .hasMessageContaining("transaction 7 (committed 2026-11-23T10:00:07Z")
                    .hasMessageContaining("UPDATE of public.parent by [id] touched 0 rows where the source touched one");
        }
    }

    @Test
    void aRoleThatMayNotTurnTriggersOffIsRefusedWhereAReplayedTableHasOne() throws Exception {
        postgres.execute("triggered", """
                SET ROLE plain;
                CREATE FUNCTION stamp() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN NEW.name := NEW.name || ' (stamped)'; RETURN NEW; END $$;
                CREATE TRIGGER stamp BEFORE INSERT OR UPDATE ON parent FOR EACH ROW EXECUTE FUNCTION stamp();
                """);
        try (Connection target = DriverManager.getConnection(postgres.jdbcUrl("triggered"), "plain", "plain-pw")) {
            assertThatThrownBy(() -> new ChangeReplay(target)).isInstanceOf(ReplayException.class)
                    .hasMessageContaining("public.parent (stamp)").hasMessageContaining("would fire again on replayed rows");
            assertThat(new ChangeReplay(target, java.util.Set.of(CHILD.qualified()), ReplayLanes.one()).triggersOff()).as("a table restore of the other table may replay").isFalse();
        }
    }

    @Test
    void whereTriggersRunAParentAndItsChildAreReplayedInTheSourcesOrder() throws Exception {
        try (Connection target = DriverManager.getConnection(postgres.jdbcUrl("ordered"), "plain", "plain-pw")) {
            ChangeReplay replay = new ChangeReplay(target);
            assertThat(replay.triggersOff()).as("a role that is not a superuser keeps triggers and foreign keys").isFalse();
            replay.apply(transaction(8,
                    RowChange.insert(CHILD, row("id", "10", "parent_id", "1", "note", "first")),
                    RowChange.insert(PARENT, row("id", "2", "name", "two")),
                    RowChange.insert(CHILD, row("id", "11", "parent_id", "2", "note", "needs parent 2")),
                    RowChange.delete(CHILD, row("id", "10")),
                    RowChange.update(PARENT, row("id", "1", "name", "uno"), row("id", "1"))));
            replay.finish();

            try (Statement statement = target.createStatement();
                 ResultSet rows = statement.executeQuery("SELECT string_agg(id || ':' || parent_id, ',' ORDER BY id) FROM child")) {
                rows.next();
                assertThat(rows.getString(1)).isEqualTo("11:2");
            }
            assertThat(replay.counts().rowChanges()).isEqualTo(5);
        }
    }
}
