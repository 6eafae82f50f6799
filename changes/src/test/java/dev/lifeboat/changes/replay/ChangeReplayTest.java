package dev.lifeboat.changes.replay;

import dev.lifeboat.changes.model.Lsn;
import dev.lifeboat.changes.model.RowChange;
import dev.lifeboat.changes.model.TableName;
import dev.lifeboat.changes.model.Transaction;
import dev.lifeboat.realservers.postgres.PostgresServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

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
        for (String db : List.of("missing_row", "ordered", "triggered")) {
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

    private static Transaction transaction(long xid, RowChange... changes) {
        return new Transaction(xid, new Lsn(100 + xid), new Lsn(101 + xid), Instant.parse("2026-11-23T10:00:00Z").plusSeconds(xid), List.of(changes));
    }

    private static Map<String, String> row(String... pairs) {
        Map<String, String> row = new LinkedHashMap<>();
        for (int i = 0; i < pairs.length; i += 2) {
            row.put(pairs[i], pairs[i + 1]);
        }
        return row;
    }

    @Test
    void anUpdateThatFindsNoRowFailsNamingTheTransactionAndTheTable() throws Exception {
        try (Connection target = postgres.connect("missing_row")) {
            ChangeReplay replay = new ChangeReplay(target, table -> true);
            replay.apply(transaction(7, RowChange.update(PARENT, row("id", "2", "name", "two"), row("id", "2"))));

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
            assertThatThrownBy(() -> new ChangeReplay(target, table -> true)).isInstanceOf(ReplayException.class)
                    .hasMessageContaining("public.parent (stamp)").hasMessageContaining("would fire again on replayed rows");
            assertThat(new ChangeReplay(target, CHILD::equals).triggersOff()).as("a table restore of the other table may replay").isFalse();
        }
    }

    @Test
    void whereTriggersRunAParentAndItsChildAreReplayedInTheSourcesOrder() throws Exception {
        try (Connection target = DriverManager.getConnection(postgres.jdbcUrl("ordered"), "plain", "plain-pw")) {
            ChangeReplay replay = new ChangeReplay(target, table -> true);
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
