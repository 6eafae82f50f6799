package dev.lifeboat.changes.replay;

import dev.lifeboat.changes.model.Lsn;
import dev.lifeboat.changes.model.RowChange;
import dev.lifeboat.changes.model.TableName;
import dev.lifeboat.changes.model.Transaction;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

/** How one table's changes are spread over replay lanes: by the row, each row's changes together and in order. */
class ApplyLanesTest {

    private static final TableName T = new TableName("public", "t");
    private static final TargetTables.Table TABLE = new TargetTables.Table("\"public\".\"t\"", false,
            new LinkedHashMap<>(Map.of("id", "integer", "name", "text")), Set.of(), Set.of(), List.of(Set.of("id")),
            new HashMap<>(), List.of("id"));
    private static final Transaction TX = new Transaction(1, new Lsn(1), new Lsn(2), Instant.EPOCH, List.of());

    private static RowStatement statement(RowChange change) throws ReplayException {
        return RowStatement.of(TX, change, TABLE);
    }

    private static Map<String, String> row(String id, String name) {
        Map<String, String> row = new LinkedHashMap<>();
        row.put("id", id);
        if (name != null) {
            row.put("name", name);
        }
        return row;
    }

    @Test
    void eachRowsInsertUpdatesAndDeleteKeepToOneLaneInTheirOrderWhileRowsSpreadOverEveryLane() throws Exception {
        List<RowStatement> changes = new ArrayList<>();
        for (int id = 0; id < 100; id++) {
            changes.add(statement(RowChange.insert(T, row(String.valueOf(id), "new"))));
        }
        for (int id = 0; id < 100; id++) {
            changes.add(statement(RowChange.update(T, row(String.valueOf(id), "changed"), row(String.valueOf(id), null))));
        }
        for (int id = 0; id < 100; id += 3) {
            changes.add(statement(RowChange.delete(T, row(String.valueOf(id), null))));
        }

        List<List<RowStatement>> parts = ApplyLanes.spread(changes, List.of("id"), 3);

        assertThat(parts).hasSize(3).allSatisfy(part -> assertThat(part).isNotEmpty());
        assertThat(parts.stream().mapToInt(List::size).sum()).isEqualTo(changes.size());
        for (int id = 0; id < 100; id++) {
            String key = String.valueOf(id);
            List<List<RowChange.Kind>> kinds = parts.stream().map(part -> part.stream()
                    .filter(s -> key.equals((s.change().kind() == RowChange.Kind.INSERT ? s.change().values() : s.change().key()).get("id")))
                    .map(s -> s.change().kind()).toList()).filter(list -> !list.isEmpty()).toList();
            assertThat(kinds).as("row " + id).hasSize(1);
            assertThat(kinds.get(0)).containsExactlyElementsOf(id % 3 == 0
                    ? List.of(RowChange.Kind.INSERT, RowChange.Kind.UPDATE, RowChange.Kind.DELETE)
                    : List.of(RowChange.Kind.INSERT, RowChange.Kind.UPDATE));
        }
    }

    @Test
    void aChangeThatMovesItsRowToAnotherKeyOrLacksTheKeyIsNotSpread() throws Exception {
        RowStatement insert = statement(RowChange.insert(T, row("1", "one")));
        RowStatement moves = statement(RowChange.update(T, row("2", "one"), row("1", null)));
        RowStatement stays = statement(RowChange.update(T, row("1", "uno"), row("1", null)));

        assertThat(ApplyLanes.spread(List.of(insert, stays), List.of("id"), 2)).isNotNull();
        assertThat(ApplyLanes.spread(List.of(insert, moves), List.of("id"), 2)).isNull();
        assertThat(ApplyLanes.spread(List.of(insert), List.of("id", "code"), 2)).as("a key column the change lacks").isNull();
    }
}
