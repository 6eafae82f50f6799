package dev.lifeboat.changes.ddl;

import dev.lifeboat.changes.model.Lsn;
import dev.lifeboat.changes.model.RowChange;
import dev.lifeboat.changes.model.SchemaChange;
import dev.lifeboat.changes.model.TableName;
import dev.lifeboat.changes.model.Transaction;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class CommandStatementsTest {

    private static final String AT = "2026-11-24 10:00:00.123456+00";

    @Test
    void eachCommandOfAQueryTextOfSeveralStatementsReplaysItsOwnStatement() {
        String text = "DROP TABLE old; ALTER TABLE t RENAME TO u; CREATE INDEX u_a ON u (a)";
        List<SchemaChange> resolved = resolve(command("DROP TABLE", text, AT), command("ALTER TABLE", text, AT),
                command("CREATE INDEX", text, AT));
        assertThat(resolved).extracting(SchemaChange::statement)
                .containsExactly("DROP TABLE old", "ALTER TABLE t RENAME TO u", "CREATE INDEX u_a ON u (a)");
        assertThat(resolved).extracting(SchemaChange::notReplayable).containsOnlyNulls();
    }

    @Test
    void theSameTextRunTwiceIsTwoCommandsEachReplayed() {
        String text = "GRANT SELECT ON t TO reader";
        assertThat(resolve(command("GRANT", text, AT), command("GRANT", text, "2026-11-24 10:00:01+00")))
                .extracting(SchemaChange::statement).containsExactly(text, text);
    }

    @Test
    void ddlThatAFunctionOrADoBlockRanCannotBeReplayedFromItsText() {
        assertThat(resolve(command("CREATE TABLE", "SELECT make_tables()", AT), command("CREATE INDEX", "SELECT make_tables()", AT)))
                .allSatisfy(c -> assertThat(c.notReplayable()).contains("cannot be split"));
        assertThat(resolve(command("CREATE TABLE", "DO $$ BEGIN EXECUTE 'CREATE TABLE x (id int)'; END $$", AT)).get(0)
                .notReplayable()).contains("cannot be split");
    }

    @Test
    void aMigrationSentAsOneQueryReplaysEachDdlStatementAtItsPlaceAndLeavesItsRowsToTheStream() {
        String prisma = "BEGIN;\nALTER TABLE orders ADD COLUMN status text;\nUPDATE orders SET status = 'open';\n"
                + "ALTER TABLE orders ALTER COLUMN status SET NOT NULL;\nCREATE UNIQUE INDEX orders_ref ON orders (ref);\nCOMMIT;";
        List<SchemaChange> resolved = resolve(command("ALTER TABLE", prisma, AT, "public.orders"),
                command("ALTER TABLE", prisma, AT, "public.orders"), command("CREATE INDEX", prisma, AT, "public.orders"));
        assertThat(resolved).extracting(SchemaChange::statement).containsExactly("ALTER TABLE orders ADD COLUMN status text",
                "ALTER TABLE orders ALTER COLUMN status SET NOT NULL", "CREATE UNIQUE INDEX orders_ref ON orders (ref)");
        assertThat(resolved).extracting(SchemaChange::notReplayable).containsOnlyNulls();
        String plain = "SET lock_timeout = '5s'; ALTER TABLE t ADD c int; UPDATE t SET c = 1";
        assertThat(resolve(command("ALTER TABLE", plain, AT)).get(0).statement()).isEqualTo("ALTER TABLE t ADD c int");
    }

    @Test
    void aTextOfSeveralTransactionsGivesEachItsOwnBlocksStatementsTellingEqualTagsApartByTheirTables() {
        String text = "BEGIN; ALTER TABLE a ADD x int; UPDATE a SET x = 1; COMMIT; BEGIN; ALTER TABLE b ADD y int; COMMIT;";
        assertThat(resolve(command("ALTER TABLE", text, AT, "public.a")).get(0).statement()).isEqualTo("ALTER TABLE a ADD x int");
        assertThat(resolve(command("ALTER TABLE", text, AT, "public.b")).get(0).statement()).isEqualTo("ALTER TABLE b ADD y int");
        // two blocks that both match and name no table apart: which ran cannot be told
        String twice = "BEGIN; CREATE INDEX ON a (x); COMMIT; BEGIN; CREATE INDEX ON b (y); COMMIT;";
        assertThat(resolve(command("CREATE INDEX", twice, AT)).get(0).notReplayable()).contains("cannot be split");
    }

    @Test
    void ddlAFunctionATriggerOrADoBlockRanBesideOtherStatementsStaysAGap() {
        // a DO block may run DDL of its own
        String doBlock = "ALTER TABLE t ADD c int; DO $$ BEGIN EXECUTE 'CREATE INDEX ON t (c)'; END $$";
        assertThat(resolve(command("ALTER TABLE", doBlock, AT), command("CREATE INDEX", doBlock, AT)))
                .allSatisfy(c -> assertThat(c.notReplayable()).contains("cannot be split"));
        // an INSERT whose trigger ran DDL: more commands than DDL statements
        String insert = "ALTER TABLE t ADD c int; INSERT INTO t_log VALUES (1)";
        assertThat(resolve(command("ALTER TABLE", insert, AT), command("CREATE TABLE", insert, AT)))
                .allSatisfy(c -> assertThat(c.notReplayable()).contains("cannot be split"));
        // a statement that fires no event trigger (a role's) does not stand in for the command a function ran
        String role = "ALTER ROLE app SET search_path = app; SELECT make_table()";
        assertThat(resolve(command("ALTER TABLE", role, AT)).get(0).notReplayable()).contains("cannot be split");
        String grant = "GRANT reporting TO bob; UPDATE t SET c = 1";
        assertThat(resolve(command("GRANT", grant, AT)).get(0).notReplayable()).contains("cannot be split");
        // a function in another block of the text may have run it: the other block's CREATE TABLE does not stand in
        String partition = "BEGIN; SELECT create_partition('events', '2025_01'); COMMIT; BEGIN; CREATE TABLE audit_log (id int); COMMIT;";
        assertThat(resolve(command("CREATE TABLE", partition, AT, "public.events_2025_01")).get(0).notReplayable())
                .contains("cannot be split");
        // nor a statement naming another table than the one the command changed
        String other = "BEGIN; UPDATE t SET c = 1; COMMIT; BEGIN; ALTER TABLE audit_log ADD note text; COMMIT;";
        assertThat(resolve(command("ALTER TABLE", other, AT, "public.orders")).get(0).notReplayable()).contains("cannot be split");
    }

    @Test
    void aStatementMatchesItsTagWithTheWordsBetweenPassedOver() {
        assertThat(StatementMatch.tagMatches("CREATE VIEW", List.of("create", "or", "replace", "view", "v"))).isTrue();
        assertThat(StatementMatch.tagMatches("CREATE INDEX", List.of("create", "unique", "index", "i"))).isTrue();
        assertThat(StatementMatch.tagMatches("CREATE TABLE", List.of("create", "temp", "table", "x"))).isTrue();
        assertThat(StatementMatch.tagMatches("ALTER DEFAULT PRIVILEGES", List.of("alter", "default", "privileges"))).isTrue();
        assertThat(StatementMatch.tagMatches("ALTER TABLE", List.of("alter", "role", "app"))).isFalse();
        assertThat(StatementMatch.tagMatches("CREATE TABLE", List.of("create", "index", "on", "t"))).isFalse();
    }

    @Test
    void aCommandWhoseValuesDependOnTheMomentOrChanceIsNotReplayable() {
        assertThat(resolve(command("ALTER TABLE", "ALTER TABLE t ADD COLUMN at timestamptz DEFAULT now()", AT)).get(0)
                .notReplayable()).contains("computes values from now");
        assertThat(resolve(command("ALTER TABLE", "ALTER TABLE t ALTER c TYPE int USING (random() * 10)::int", AT)).get(0)
                .notReplayable()).contains("random");
        assertThat(resolve(command("ALTER TABLE", "ALTER TABLE t ADD COLUMN note text DEFAULT 'now'", AT)).get(0)
                .notReplayable()).as("a string that reads 'now' is a constant").isNull();
    }

    @Test
    void aRewriteThatFillsANewColumnFromAVolatileDefaultIsNotReplayableButAStoredGeneratedColumnIs() {
        SchemaChange volatileDefault = new SchemaChange("ALTER TABLE", "ALTER TABLE t ADD COLUMN c int DEFAULT my_counter()", AT,
                "public", List.of("public.t"), List.of(), SchemaChange.REWRITE_DEFAULT_VALUE, null, null);
        assertThat(resolve(volatileDefault).get(0).notReplayable()).contains("rewrote public.t");
        SchemaChange generated = new SchemaChange("ALTER TABLE", "ALTER TABLE t ADD COLUMN d int GENERATED ALWAYS AS (a * 2) STORED",
                AT, "public", List.of("public.t"), List.of(), SchemaChange.REWRITE_DEFAULT_VALUE, null, null);
        assertThat(resolve(generated).get(0).notReplayable()).isNull();
    }

    @Test
    void aSubscriptionIsNeverReplayedOntoACopy() {
        assertThat(resolve(command("CREATE SUBSCRIPTION", "CREATE SUBSCRIPTION s CONNECTION 'host=x' PUBLICATION p", AT)).get(0)
                .notReplayable()).contains("subscribes to nothing");
    }

    @Test
    void rowChangesKeepTheirPlaceAroundTheCommands() {
        RowChange insert = RowChange.insert(new TableName("public", "t"), Map.of("id", "1"));
        Transaction transaction = new Transaction(7, new Lsn(100), new Lsn(200), Instant.EPOCH,
                List.of(insert, RowChange.schema(command("CREATE INDEX", "CREATE INDEX ON t (id)", AT)), insert));
        assertThat(CommandStatements.resolve(transaction).changes()).extracting(RowChange::kind)
                .containsExactly(RowChange.Kind.INSERT, RowChange.Kind.SCHEMA, RowChange.Kind.INSERT);
    }

    private static SchemaChange command(String tag, String query, String startedAt, String... tables) {
        return new SchemaChange(tag, query, startedAt, "\"$user\", public", List.of(tables), List.of(), 0, null, null);
    }

    private static List<SchemaChange> resolve(SchemaChange... commands) {
        List<RowChange> changes = new ArrayList<>();
        for (SchemaChange command : commands) {
            changes.add(RowChange.schema(command));
        }
        Transaction resolved = CommandStatements.resolve(new Transaction(1, new Lsn(1), new Lsn(2), Instant.EPOCH, changes));
        return resolved.changes().stream().map(RowChange::schemaChange).toList();
    }
}
