package dev.lifeboat.changes.capture;

import dev.lifeboat.changes.model.Lsn;
import dev.lifeboat.changes.model.RowChange;
import dev.lifeboat.changes.model.SchemaChange;
import dev.lifeboat.changes.model.TableDefinition;
import dev.lifeboat.changes.model.TableDefinition.Column;
import dev.lifeboat.changes.model.TableName;
import dev.lifeboat.changes.model.Transaction;
import dev.lifeboat.changes.segment.Coverage;
import dev.lifeboat.changes.segment.SegmentManifest;
import dev.lifeboat.events.backup.Compression;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

class KnownDefinitionsTest {

    private static final Instant T0 = Instant.parse("2026-11-25T10:00:00Z");
    private static final TableName ORDERS = new TableName("public", "orders");
    private static final TableName LINES = new TableName("public", "order_lines");
    private static final List<Column> ORDER_COLUMNS = List.of(new Column("id", 23, -1, true), new Column("note", 25, -1, false));
    private static final TableDefinition ORDERS_TABLE = new TableDefinition(ORDERS, 16384, 'd', ORDER_COLUMNS);
    private static final TableDefinition ORDERS_WITH_AMOUNT = new TableDefinition(ORDERS, 16384, 'd', List.of(
            new Column("id", 23, -1, true), new Column("note", 25, -1, false), new Column("amount", 1700, 655366, false)));
    private static final TableDefinition LINES_TABLE = new TableDefinition(LINES, 16390, 'd', List.of(new Column("id", 23, -1, true)));

    private static Instant at(int second) {
        return T0.plusSeconds(second);
    }

    /** A stored segment from {@code from} to {@code to}, its last commit just before {@code to}. */
    private static SegmentManifest segment(long from, long to, int firstCommit, int coveredUntil, Map<String, Long> rowChanges,
                                           TableDefinition... definitions) {
        return new SegmentManifest(SegmentManifest.FORMAT_VERSION, "db", "s" + from, "key" + from, new Lsn(from), new Lsn(to),
                new Lsn(from + 1), new Lsn(to - 1), at(firstCommit), at(coveredUntil), at(coveredUntil), 1, rowChanges,
                List.of(definitions), Map.of(), Map.of(), 10, "sha", Compression.NONE, 0, null, at(coveredUntil), null);
    }

    @Test
    void loadingSaysUntilWhenTheArchiveWasComplete() {
        List<SegmentManifest> stored = List.of(segment(100, 200, 1, 9, Map.of()), segment(200, 300, 11, 19, Map.of()));

        assertThat(new KnownDefinitions().load(List.of(), Optional.empty())).isEqualTo(Instant.EPOCH);
        assertThat(new KnownDefinitions().load(stored, Optional.empty())).isEqualTo(at(19));
        assertThat(new KnownDefinitions().load(stored, Optional.of(new Coverage("db", new Lsn(300), at(40)))))
                .as("an idle stream's coverage past the last commit").isEqualTo(at(40));
        assertThat(new KnownDefinitions().load(stored, Optional.of(new Coverage("db", new Lsn(299), at(40)))))
                .as("a coverage no later than the last commit is superseded").isEqualTo(at(19));
        assertThat(new KnownDefinitions().load(List.of(), Optional.of(new Coverage("db", new Lsn(50), at(5))))).isEqualTo(at(5));
    }

    @Test
    void aChangedDefinitionMayHaveHappenedAsEarlyAsTheTablesLastChangeInTheArchive() {
        KnownDefinitions known = new KnownDefinitions();
        known.load(List.of(segment(100, 200, 1, 9, Map.of("public.orders", 3L), ORDERS_TABLE),
                segment(200, 300, 11, 19, Map.of("public.orders", 1L, "public.order_lines", 2L), LINES_TABLE)), Optional.empty());

        assertThat(known.changed(null, ORDERS_WITH_AMOUNT)).as("the later segment's first commit").contains(at(11));
        assertThat(known.changed(ORDERS_TABLE, ORDERS_WITH_AMOUNT)).as("now known as it is").isEmpty();
    }

    @Test
    void theSameColumnsUnderAnotherKeyOrReplicaIdentityAreNoChange() {
        KnownDefinitions known = new KnownDefinitions();
        known.load(List.of(segment(100, 200, 1, 9, Map.of("public.orders", 3L), ORDERS_TABLE)), Optional.empty());
        TableDefinition fullIdentity = new TableDefinition(ORDERS, 16384, 'f',
                List.of(new Column("id", 23, -1, false), new Column("note", 25, -1, false)));

        assertThat(known.changed(null, fullIdentity)).isEmpty();
        assertThat(KnownDefinitions.sameTable(ORDERS_TABLE, fullIdentity)).isTrue();
    }

    @Test
    void aTableIsTheSameAsLongAsItsOidColumnNamesTypesAndModifiersAre() {
        TableDefinition withoutOid = new TableDefinition(ORDERS, 0, 'd', ORDER_COLUMNS);
        TableDefinition otherOid = new TableDefinition(ORDERS, 20000, 'd', ORDER_COLUMNS);
        TableDefinition renamedColumn = new TableDefinition(ORDERS, 16384, 'd',
                List.of(new Column("id", 23, -1, true), new Column("remark", 25, -1, false)));
        TableDefinition otherType = new TableDefinition(ORDERS, 16384, 'd',
                List.of(new Column("id", 20, -1, true), new Column("note", 25, -1, false)));
        TableDefinition otherModifier = new TableDefinition(ORDERS, 16384, 'd',
                List.of(new Column("id", 23, -1, true), new Column("note", 25, 104, false)));

        assertThat(KnownDefinitions.sameTable(ORDERS_TABLE, withoutOid)).as("an oid of 0 is not compared").isTrue();
        assertThat(KnownDefinitions.sameTable(withoutOid, otherOid)).isTrue();
        assertThat(KnownDefinitions.sameTable(ORDERS_TABLE, otherOid)).isFalse();
        assertThat(KnownDefinitions.sameTable(ORDERS_TABLE, ORDERS_WITH_AMOUNT)).isFalse();
        assertThat(KnownDefinitions.sameTable(ORDERS_TABLE, renamedColumn)).isFalse();
        assertThat(KnownDefinitions.sameTable(ORDERS_TABLE, otherType)).isFalse();
        assertThat(KnownDefinitions.sameTable(ORDERS_TABLE, otherModifier)).isFalse();
    }

    @Test
    void aRenamedTableShowsByItsOidAndChangedAsEarlyAsItsLastChangeUnderItsOldName() {
        KnownDefinitions known = new KnownDefinitions();
        known.load(List.of(segment(100, 200, 1, 9, Map.of("public.orders", 3L), ORDERS_TABLE)), Optional.empty());

        assertThat(known.changed(null, new TableDefinition(new TableName("public", "orders_2025"), 16384, 'd', ORDER_COLUMNS)))
                .contains(at(1));
    }

    @Test
    void anotherTableInATablesPlaceIsAChangeEvenWithTheSameColumns() {
        KnownDefinitions known = new KnownDefinitions();
        known.load(List.of(segment(100, 200, 1, 9, Map.of("public.orders", 3L), ORDERS_TABLE)), Optional.empty());

        assertThat(known.changed(null, new TableDefinition(ORDERS, 20000, 'd', ORDER_COLUMNS))).contains(at(1));
    }

    @Test
    void withoutAKnownDefinitionAFirstOneIsNoChangeAndTheStreamsEarlierOneIsCompared() {
        assertThat(new KnownDefinitions().changed(null, ORDERS_TABLE)).isEmpty();

        KnownDefinitions known = new KnownDefinitions();
        known.touched(Set.of(ORDERS), at(7));
        assertThat(known.changed(ORDERS_TABLE, ORDERS_WITH_AMOUNT)).contains(at(7));
    }

    @Test
    void whatIsKnownIsComparedRatherThanWhatTheStreamSaidBefore() {
        KnownDefinitions known = new KnownDefinitions();
        known.load(List.of(segment(100, 200, 1, 9, Map.of("public.orders", 3L), ORDERS_WITH_AMOUNT)), Optional.empty());

        assertThat(known.changed(ORDERS_TABLE, ORDERS_WITH_AMOUNT)).isEmpty();
    }

    @Test
    void touchedNotesWhenATransactionsTablesChangedAndReturnsTheirKnownDefinitions() {
        KnownDefinitions known = new KnownDefinitions();
        known.load(List.of(segment(100, 200, 1, 9, Map.of(), ORDERS_TABLE, LINES_TABLE)), Optional.empty());
        TableName unknown = new TableName("public", "audit");
        Transaction transaction = new Transaction(5, new Lsn(250), new Lsn(260), at(30), List.of(
                RowChange.insert(LINES, Map.of("id", "1")),
                RowChange.truncate(List.of(ORDERS, unknown), false, false),
                RowChange.schema(new SchemaChange("CREATE INDEX", "CREATE INDEX ON orders (note)", null, "public",
                        List.of("public.orders"), List.of(), 0, null, null)),
                RowChange.delete(LINES, Map.of("id", "1"))));

        assertThat(known.touched(transaction)).containsExactly(LINES_TABLE, ORDERS_TABLE);
        assertThat(known.changed(null, ORDERS_WITH_AMOUNT)).contains(at(30));
    }

    @Test
    void aCatalogLookThatSawTheTableUnchangedMovesItsEarliestChangeLater() {
        KnownDefinitions known = new KnownDefinitions();
        known.load(List.of(segment(100, 200, 1, 9, Map.of("public.orders", 3L), ORDERS_TABLE)), Optional.empty());
        TableDefinition catalog = new TableDefinition(ORDERS, 16384, 'n', ORDER_COLUMNS);

        assertThat(known.polled(catalog, at(20), at(10))).isEmpty();
        assertThat(known.changed(null, ORDERS_WITH_AMOUNT)).as("the look at 20 saw it unchanged").contains(at(20));
    }

    @Test
    void aCatalogLookThatFindsAChangeDatesItNoEarlierThanThePollBeforeNorTheLastChange() {
        KnownDefinitions polledLater = new KnownDefinitions();
        polledLater.load(List.of(segment(100, 200, 1, 9, Map.of("public.orders", 3L), ORDERS_TABLE)), Optional.empty());
        assertThat(polledLater.polled(ORDERS_WITH_AMOUNT, at(20), at(10))).contains(at(10));
        assertThat(polledLater.changed(ORDERS_TABLE, ORDERS_WITH_AMOUNT)).as("the stream's word of it is known already").isEmpty();

        KnownDefinitions changedLater = new KnownDefinitions();
        changedLater.load(List.of(segment(100, 200, 15, 19, Map.of("public.orders", 3L), ORDERS_TABLE)), Optional.empty());
        assertThat(changedLater.polled(ORDERS_WITH_AMOUNT, at(20), at(10))).contains(at(15));
    }

    @Test
    void thePollBeforeCountsOnlyAtATablesFirstLook() {
        KnownDefinitions known = new KnownDefinitions();
        known.load(List.of(segment(100, 200, 1, 9, Map.of("public.orders", 3L), ORDERS_TABLE)), Optional.empty());

        assertThat(known.polled(ORDERS_TABLE, at(20), at(10))).isEmpty();
        assertThat(known.polled(ORDERS_WITH_AMOUNT, at(30), at(5))).as("the look at 20 saw it unchanged").contains(at(20));
    }

    @Test
    void clearForgetsEveryDefinitionAndChange() {
        KnownDefinitions known = new KnownDefinitions();
        known.load(List.of(segment(100, 200, 1, 9, Map.of("public.orders", 3L), ORDERS_TABLE)), Optional.empty());

        known.clear();

        assertThat(known.changed(null, ORDERS_TABLE)).as("a first definition again").isEmpty();
        assertThat(known.changed(null, ORDERS_WITH_AMOUNT)).as("no change is known of it").contains(Instant.EPOCH);
    }
}
