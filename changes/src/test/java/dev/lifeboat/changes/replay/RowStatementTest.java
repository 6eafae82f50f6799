package dev.lifeboat.changes.replay;

import dev.lifeboat.changes.model.Lsn;
import dev.lifeboat.changes.model.RowChange;
import dev.lifeboat.changes.model.TableName;
import dev.lifeboat.changes.model.Transaction;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

/** A change's statement taken from its table's shapes is the statement built for it from the table's definition. */
class RowStatementTest {

    private static final TableName T = new TableName("public", "t");
    private static final Transaction TX = new Transaction(1, new Lsn(1), new Lsn(2), Instant.EPOCH, List.of());
    private static final List<String> COLUMNS = List.of("id", "code", "name", "doc", "at", "serial");

    private static TargetTables.Table table() {
        Map<String, String> types = new LinkedHashMap<>();
        types.put("id", "integer");
        types.put("code", "text");
        types.put("name", "text");
        types.put("doc", "json");
        types.put("at", "timestamp with time zone");
        types.put("serial", "bigint");
        // a unique key on (id, code), json compared by its text, an identity column GENERATED ALWAYS
        return new TargetTables.Table("\"public\".\"t\"", false, types, Set.of("serial"), Set.of("doc"),
                List.of(Set.of("id", "code")), new HashMap<>(), null);
    }

    @Test
    void everyStatementFromAShapeEqualsTheOneBuiltForItsChange() throws Exception {
        Random random = new Random(5);
        TargetTables.Table shared = table();
        int compared = 0;
        for (int i = 0; i < 20_000; i++) {
            RowChange change = randomChange(random);
            RowStatement fromShape;
            RowStatement built;
            try {
                built = RowStatement.build(TX, change, table());
            } catch (ReplayException refused) {
                continue; // e.g. an UPDATE that changes no column replay may set: refused either way, below
            }
            fromShape = RowStatement.of(TX, change, shared);
            assertThat(fromShape.sql()).as(change.toString()).isEqualTo(built.sql());
            assertThat(fromShape.values()).as(change.toString()).isEqualTo(built.values());
            assertThat(fromShape.params()).as(change.toString()).isEqualTo(built.params());
            assertThat(fromShape.setBased()).as(change.toString()).isEqualTo(built.setBased());
            compared++;
        }
        assertThat(compared).isGreaterThan(10_000);
        assertThat(shared.shapes()).as("kept up to the bound").hasSizeLessThanOrEqualTo(RowStatement.MOST_SHAPES);
        assertThat(shared.shapes().size()).as("most statements came from a shape built before").isLessThan(compared / 2);
    }

    @Test
    void changesOfOneShapeShareOneStatementEachWithItsOwnValues() throws Exception {
        TargetTables.Table shared = table();
        RowStatement first = RowStatement.of(TX, RowChange.update(T, row("name", "a", "at", null), row("id", "1", "code", "x")), shared);
        RowStatement second = RowStatement.of(TX, RowChange.update(T, row("name", "b", "at", "2026-11-25 00:00:00+00"),
                row("id", "2", "code", "y")), shared);

        assertThat(second.sql()).isSameAs(first.sql());
        assertThat(second.values()).containsExactly("b", "2026-11-25 00:00:00+00", "2", "y");
        assertThat(shared.shapes()).hasSize(1);
    }

    @Test
    void aShapeTheTableCannotTakeIsRefusedEveryTimeAndNeverKept() {
        TargetTables.Table shared = table();
        RowChange unknownColumn = RowChange.insert(T, row("id", "1", "gone", "x"));
        for (int i = 0; i < 2; i++) {
            org.assertj.core.api.Assertions.assertThatThrownBy(() -> RowStatement.of(TX, unknownColumn, shared))
                    .isInstanceOf(ReplayException.class).hasMessageContaining("column gone");
        }
        assertThat(shared.shapes()).isEmpty();
    }

    private static RowChange randomChange(Random random) {
        List<String> columns = new ArrayList<>(COLUMNS);
        Collections.shuffle(columns, random);
        Map<String, String> values = new LinkedHashMap<>();
        for (String column : columns.subList(0, 1 + random.nextInt(columns.size()))) {
            values.put(column, random.nextInt(5) == 0 ? null : column + random.nextInt(3));
        }
        Map<String, String> key = new LinkedHashMap<>();
        List<String> keyColumns = random.nextBoolean() ? List.of("id", "code") : List.of("id", "code", "name", "doc"); // or a whole row
        for (String column : keyColumns) {
            key.put(column, random.nextInt(6) == 0 ? null : column + random.nextInt(3));
        }
        return switch (random.nextInt(3)) {
            case 0 -> RowChange.insert(T, values);
            case 1 -> RowChange.update(T, values, key);
            default -> RowChange.delete(T, key);
        };
    }

    private static Map<String, String> row(String... pairs) {
        Map<String, String> row = new LinkedHashMap<>();
        for (int i = 0; i < pairs.length; i += 2) {
            row.put(pairs[i], pairs[i + 1]);
        }
        return row;
    }
}
