package dev.lifeboat.changes.replay;

import dev.lifeboat.changes.model.Lsn;
import dev.lifeboat.changes.model.RowChange;
import dev.lifeboat.changes.model.TableName;
import dev.lifeboat.changes.model.Transaction;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

/** How a run of same-shaped row changes becomes one statement over arrays, and which of a row's updates it keeps. */
class SetApplyTest {

    private static final TableName T = new TableName("public", "t");
    private static final TargetTables.Table TABLE = new TargetTables.Table("\"public\".\"t\"", false,
            new LinkedHashMap<>(Map.of("id", "integer")) {{
                put("name", "text");
                put("at", "timestamp with time zone");
            }}, Set.of(), Set.of(), List.of(Set.of("id")), new java.util.HashMap<>(), null);
    private static final Transaction TX = new Transaction(1, new Lsn(1), new Lsn(2), Instant.EPOCH, List.of());

    private static Map<String, String> row(String... pairs) {
        Map<String, String> row = new LinkedHashMap<>();
        for (int i = 0; i < pairs.length; i += 2) {
            row.put(pairs[i], pairs[i + 1]);
        }
        return row;
    }

    private static RowStatement statement(RowChange change) throws ReplayException {
        return RowStatement.of(TX, change, TABLE);
    }

    @Test
    void anUpdateSetsFromTheArraysAndFindsEachRowByItsKey() throws Exception {
        RowStatement update = statement(RowChange.update(T, row("id", "1", "name", "a", "at", null), row("id", "1")));

        assertThat(update.setBased()).isTrue();
        assertThat(SetApply.sql(update)).isEqualTo("UPDATE \"public\".\"t\" AS t SET \"name\" = v.p0::text, \"at\" = v.p1::timestamp with time zone"
                + " FROM unnest(?::text[], ?::text[], ?::text[]) AS v(p0, p1, p2) WHERE t.\"id\" = v.p2::integer");
    }

    @Test
    void insertsAndDeletesReadTheirRowsFromTheArraysToo() throws Exception {
        assertThat(SetApply.sql(statement(RowChange.insert(T, row("id", "1", "name", "a")))))
                .isEqualTo("INSERT INTO \"public\".\"t\" (\"id\", \"name\") OVERRIDING SYSTEM VALUE SELECT v.p0::integer, v.p1::text"
                        + " FROM unnest(?::text[], ?::text[]) AS v(p0, p1)");
        assertThat(SetApply.sql(statement(RowChange.delete(T, row("id", "1")))))
                .isEqualTo("DELETE FROM \"public\".\"t\" AS t USING unnest(?::text[]) AS v(p0) WHERE t.\"id\" = v.p0::integer");
    }

    @Test
    void aChangedKeyOrARowFoundByANullKeepsToRowByRow() throws Exception {
        assertThat(statement(RowChange.update(T, row("id", "2", "name", "a"), row("id", "1"))).setBased()).isFalse();
        assertThat(statement(RowChange.delete(T, row("id", null))).setBased()).isFalse();
        assertThat(statement(RowChange.update(T, row("id", "1"), row("id", "1"))).setBased()).as("changes no column").isFalse();
    }

    @Test
    void aWholeRowOfATableWithoutAUniqueKeyFindsOneOfItsEqualRowsByCtidAndJsonByItsText() throws Exception {
        TargetTables.Table full = new TargetTables.Table("\"public\".\"f\"", false, new LinkedHashMap<>(Map.of("a", "integer")) {{
            put("doc", "json");
        }}, Set.of(), Set.of("doc"), List.of(), new java.util.HashMap<>(), null);
        RowStatement delete = RowStatement.of(TX, RowChange.delete(new TableName("public", "f"), row("a", "1", "doc", "{\"k\": 1}")), full);

        assertThat(delete.setBased()).isFalse();
        assertThat(delete.sql()).isEqualTo("DELETE FROM \"public\".\"f\" WHERE (tableoid, ctid) = (SELECT tableoid, ctid FROM"
                + " \"public\".\"f\" WHERE \"a\" = ?::integer AND \"doc\"::text = ?::text LIMIT 1)");
        assertThat(delete.values()).containsExactly("1", "{\"k\": 1}");
    }

    @Test
    void ofSeveralUpdatesOfOneRowOnlyTheLastIsKept() throws Exception {
        List<RowStatement> run = List.of(
                statement(RowChange.update(T, row("id", "1", "name", "first"), row("id", "1"))),
                statement(RowChange.update(T, row("id", "2", "name", "other"), row("id", "2"))),
                statement(RowChange.update(T, row("id", "1", "name", "last"), row("id", "1"))));

        assertThat(SetApply.lastOfEachRow(run)).extracting(s -> s.values().get(0)).containsExactly("last", "other");
        List<RowStatement> inserts = List.of(statement(RowChange.insert(T, row("id", "1"))), statement(RowChange.insert(T, row("id", "1"))));
        assertThat(SetApply.lastOfEachRow(inserts)).as("inserts are all kept (a duplicate fails as it would have)").hasSize(2);
    }
}
