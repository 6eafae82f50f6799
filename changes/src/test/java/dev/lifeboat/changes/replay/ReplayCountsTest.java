package dev.lifeboat.changes.replay;

import dev.lifeboat.changes.model.SchemaChange;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

/** Which tables a replay changed, so that no restored table is held to the backup's row digest after it changed. */
class ReplayCountsTest {

    private static final Map<String, List<String>> CHILDREN = Map.of("public.measurement", List.of("public.measurement_2026"),
            "public.measurement_2026", List.of("public.measurement_2026_11"));
    private static final Set<String> ALL = Set.of("public.orders", "public.customer", "public.measurement", "public.measurement_2026",
            "public.measurement_2026_11");

    private static SchemaChange ddl(String tag, String... tables) {
        return new SchemaChange(tag, tag + " …", "2026-11-28 01:00:00+00", "public", List.of(tables), List.of(), 0, tag + " …", null);
    }

    @Test
    void aParentReshapedChangesItsPartitionsAndTheirsAllTheWayDown() {
        ReplayCounts counts = new ReplayCounts();
        counts.schemaChanged(ddl("ALTER TABLE", "public.measurement"));

        assertThat(counts.changed(CHILDREN, ALL)).containsExactly("public.measurement", "public.measurement_2026",
                "public.measurement_2026_11");
    }

    @Test
    void aTypeDomainOrExtensionChangedChangesEveryTableForItMayPrintInAny() {
        for (String tag : List.of("ALTER TYPE", "ALTER DOMAIN", "DROP EXTENSION", "CREATE EXTENSION")) {
            ReplayCounts counts = new ReplayCounts();
            counts.schemaChanged(ddl(tag));

            assertThat(counts.changed(CHILDREN, ALL)).as(tag).isEqualTo(ALL);
        }
    }

    @Test
    void nothingReplayedChangesNothingAndAnIndexChangesNoRows() {
        ReplayCounts counts = new ReplayCounts();
        assertThat(counts.changed(CHILDREN, ALL)).isEmpty();

        counts.schemaChanged(ddl("CREATE INDEX"));
        assertThat(counts.changed(CHILDREN, ALL)).isEmpty();
    }
}
