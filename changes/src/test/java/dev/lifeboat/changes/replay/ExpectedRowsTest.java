package dev.lifeboat.changes.replay;

import dev.lifeboat.changes.model.RowChange;
import dev.lifeboat.changes.model.TableName;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** The rows a replayed copy must hold: a parent's count holds its descendants' rows, a child of two parents once. */
class ExpectedRowsTest {

    @Test
    void aChildOfTwoParentsAddsItsReplayedRowsOnceToTheirCommonAncestor() {
        // root <- left <- both, root <- right <- both: count(*) of root holds both's rows once, as of each parent
        Map<String, List<String>> children = Map.of("public.root", List.of("public.left", "public.right"),
                "public.left", List.of("public.both"), "public.right", List.of("public.both"));
        Map<String, Long> base = Map.of("public.root", 1 + 10 + 100 + 1000L, "public.left", 10 + 1000L, "public.right", 100 + 1000L,
                "public.both", 1000L);
        ReplayCounts counts = new ReplayCounts();
        for (int i = 0; i < 5; i++) {
            counts.applied(RowChange.insert(TableName.of("public.both"), Map.of("id", String.valueOf(i))));
        }
        counts.applied(RowChange.insert(TableName.of("public.root"), Map.of("id", "x")));

        Map<String, Long> expected = ExpectedRows.of(children, counts, base);

        assertThat(expected).containsEntry("public.both", 1005L).containsEntry("public.left", 1015L).containsEntry("public.right", 1105L)
                .containsEntry("public.root", 2 + 10 + 100 + 1005L);
    }

    @Test
    void aTruncatedParentKeepsOnlyWhatWasAddedSinceBesideItsChildren() {
        Map<String, List<String>> children = Map.of("public.measurement", List.of("public.measurement_2026"));
        Map<String, Long> base = Map.of("public.measurement", 30L, "public.measurement_2026", 20L);
        ReplayCounts counts = new ReplayCounts();
        counts.applied(new RowChange(RowChange.Kind.TRUNCATE, null, null, null, List.of(TableName.of("public.measurement")), false,
                false, null));
        counts.applied(RowChange.insert(TableName.of("public.measurement"), Map.of("id", "1")));
        counts.applied(RowChange.insert(TableName.of("public.measurement_2026"), Map.of("id", "2")));

        assertThat(ExpectedRows.of(children, counts, base)).containsEntry("public.measurement", 1 + 21L)
                .containsEntry("public.measurement_2026", 21L);
    }
}
