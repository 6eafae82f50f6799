package dev.lifeboat.changes.capture;

import dev.lifeboat.changes.model.Lsn;
import dev.lifeboat.changes.model.RowChange;
import dev.lifeboat.changes.model.SchemaChange;
import dev.lifeboat.changes.model.TableName;
import dev.lifeboat.changes.model.Transaction;
import dev.lifeboat.changes.segment.Gap;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** The gaps capture records, as far as no archive is needed to tell them. */
class CaptureGapsTest {

    private static final Instant T0 = Instant.parse("2026-11-25T10:00:00Z");
    private static final TableName ORDERS = new TableName("public", "orders");

    private static SchemaChange command(String tag, List<String> tables) {
        return new SchemaChange(tag, tag + " …", "2026-11-25 10:00:30+00", "public", tables, List.of(), 0, null, null);
    }

    @Test
    void aDefinitionChangeNamesItsTable() {
        assertThat(CaptureGaps.definitionChanged(ORDERS)).isEqualTo("the definition of public.orders changed (the stream carries"
                + " no DDL, so its changes cannot be replayed across the change until a backup is taken after it)");
    }

    @Test
    void eachCommandThatCannotBeReplayedOpensAGapAtItsCommitAndTheGapsFoundBeforeEndThere() {
        SchemaChange replayable = command("ALTER TABLE", List.of("public.orders")).replaying("ALTER TABLE orders ADD c int");
        SchemaChange inADoBlock = command("ALTER TABLE", List.of("public.orders", "public.lines")).notReplayable("DDL inside a DO block");
        SchemaChange noTable = command("CREATE FUNCTION", List.of()).notReplayable("a function's body cannot be matched");
        Transaction transaction = new Transaction(7, new Lsn(500), new Lsn(520), T0.plusSeconds(30), List.of(
                RowChange.insert(ORDERS, Map.of("id", "1")), RowChange.schema(replayable), RowChange.schema(inADoBlock),
                RowChange.schema(noTable)));
        Gap unresolved = new Gap("db", "public.lines", "the definition of public.lines changed", T0.plusSeconds(12), null, null);

        assertThat(CaptureGaps.foundAt("db", transaction, List.of(unresolved))).containsExactly(
                new Gap("db", "public.orders", "DDL inside a DO block", T0.plusSeconds(30), new Lsn(500), T0.plusSeconds(30)),
                new Gap("db", null, "a function's body cannot be matched", T0.plusSeconds(30), new Lsn(500), T0.plusSeconds(30)),
                new Gap("db", "public.lines", "the definition of public.lines changed", T0.plusSeconds(12), new Lsn(500),
                        T0.plusSeconds(30)));
    }

    @Test
    void aTransactionOfReplayableChangesWithNothingUnresolvedHasNoGap() {
        Transaction transaction = new Transaction(8, new Lsn(600), new Lsn(620), T0, List.of(
                RowChange.delete(ORDERS, Map.of("id", "1")), RowChange.schema(command("CREATE INDEX", List.of("public.orders"))
                        .replaying("CREATE INDEX ON orders (id)"))));

        assertThat(CaptureGaps.foundAt("db", transaction, List.of())).isEmpty();
    }

    @Test
    void aLostSlotsGapRunsFromWhereTheOldLineWasCompleteToTheNewSlotsStart() {
        Gap gap = CaptureGaps.lostSlot("db", Lsn.parse("16/B3748000"), T0, T0.plusSeconds(90));

        assertThat(gap).isEqualTo(new Gap("db", null, "capture lost its replication slot (dropped, or its WAL was removed);"
                + " a new one starts at 16/B3748000", T0, Lsn.parse("16/B3748000"), T0.plusSeconds(90)));
        assertThat(gap.restoreId()).isNull();
    }

    @Test
    void withNoSegmentStoredNoHandOverFollowsIt() throws Exception {
        assertThat(CaptureGaps.handOverAfter(null, "db", List.of())).as("the archive is not consulted").isEmpty();
    }
}
