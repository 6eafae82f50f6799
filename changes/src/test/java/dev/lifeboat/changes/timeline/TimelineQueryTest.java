package dev.lifeboat.changes.timeline;

import dev.lifeboat.changes.model.Lsn;
import dev.lifeboat.changes.model.RowChange;
import dev.lifeboat.changes.segment.SegmentManifest;
import dev.lifeboat.events.backup.Compression;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class TimelineQueryTest {

    private static final Instant T0 = Instant.parse("2026-11-27T03:00:00Z");

    @Test
    void aQueryThatCannotBeAnsweredIsRefusedSayingWhy() {
        assertThatThrownBy(() -> query(T0.plusSeconds(1), T0, null, null, 0, TimelineQuery.Order.TIME, 10))
                .hasMessageContaining("from must be a moment at or before to");
        assertThatThrownBy(() -> query(T0, T0, null, null, 0, TimelineQuery.Order.TIME, 0)).hasMessageContaining("limit must be between 1 and 1000");
        assertThatThrownBy(() -> query(T0, T0, null, null, 0, TimelineQuery.Order.TIME, 1001)).hasMessageContaining("limit");
        assertThatThrownBy(() -> query(T0, T0, null, null, -1, TimelineQuery.Order.TIME, 10)).hasMessageContaining("minRows");
        assertThatThrownBy(() -> query(T0, T0, "orders", null, 0, TimelineQuery.Order.TIME, 10)).hasMessageContaining("schema.table");
        assertThatThrownBy(() -> new TimelineQuery(T0, T0, null, null, 0, TimelineQuery.Order.ROWS, 10, Lsn.parse("0/10")))
                .hasMessageContaining("after pages an order by time only");
    }

    @Test
    void aSegmentIsPassedOverOnlyWhenItsSpanSaysNoTransactionOfItsCanMatch() {
        SegmentManifest small = segment(Map.of("public.accounts", 3L), new SegmentManifest.Timeline("k", 1, "s", 2, 0));
        SegmentManifest migration = segment(Map.of("public.accounts", 1L), new SegmentManifest.Timeline("k", 1, "s", 1, 1));
        SegmentManifest older = segment(Map.of("public.accounts", 1L), null);

        assertThat(query(T0, T0, "public.orders", null, 0, TimelineQuery.Order.TIME, 10).mayHold(small.span())).isFalse();
        assertThat(query(T0, T0, "public.orders", null, 0, TimelineQuery.Order.TIME, 10).mayHold(migration.span())).isTrue(); // its DDL may be the table's
        assertThat(query(T0, T0, null, RowChange.Kind.SCHEMA, 0, TimelineQuery.Order.TIME, 10).mayHold(small.span())).isFalse();
        assertThat(query(T0, T0, null, null, 3, TimelineQuery.Order.ROWS, 10).mayHold(small.span())).isFalse();
        assertThat(query(T0, T0, null, null, 2, TimelineQuery.Order.ROWS, 10).mayHold(small.span())).isTrue();
        assertThat(query(T0, T0, "public.orders", RowChange.Kind.SCHEMA, 5, TimelineQuery.Order.TIME, 10).mayHold(older.span())).isTrue();
    }

    private static TimelineQuery query(Instant from, Instant to, String table, RowChange.Kind kind, long minRows,
                                       TimelineQuery.Order order, int limit) {
        return new TimelineQuery(from, to, table, kind, minRows, order, limit, null);
    }

    private static SegmentManifest segment(Map<String, Long> rowChanges, SegmentManifest.Timeline timeline) {
        return new SegmentManifest(SegmentManifest.FORMAT_VERSION, "db", "s", "key", Lsn.parse("0/10"), Lsn.parse("0/20"),
                Lsn.parse("0/11"), Lsn.parse("0/19"), T0, T0, T0, 1, rowChanges, List.of(), Map.of(), Map.of(), 1, "sha",
                Compression.NONE, 0, null, T0, timeline);
    }
}
