package dev.lifeboat.changes.replay;

import dev.lifeboat.changes.model.Lsn;
import dev.lifeboat.changes.segment.SegmentManifest;
import dev.lifeboat.changes.segment.SegmentSpan;
import dev.lifeboat.events.backup.Compression;

import java.time.Instant;
import java.util.List;
import java.util.Map;

/** Segment manifests for the decisions' unit tests: positions as numbers, times as seconds after {@link #T0}. */
final class Segments {

    static final Instant T0 = Instant.parse("2026-11-23T10:00:00Z");

    private Segments() {
    }

    static SegmentManifest segment(long from, long to, int firstSecond, int lastSecond, int coveredSecond, long sequence) {
        return new SegmentManifest(1, "db", new Lsn(from).sortable() + "-" + new Lsn(to).sortable(), "key",
                new Lsn(from), new Lsn(to), new Lsn(from + 1), new Lsn(to - 1),
                T0.plusSeconds(firstSecond), T0.plusSeconds(lastSecond), T0.plusSeconds(coveredSecond), 3, Map.of(), List.of(),
                Map.of(), Map.of("public.s", sequence), 10, "sha", Compression.ZSTD, 3, null, T0, null);
    }

    /** What the archive's listing gives of such a segment. */
    static SegmentSpan span(long from, long to, int firstSecond, int lastSecond, int coveredSecond) {
        return segment(from, to, firstSecond, lastSecond, coveredSecond, 0).span();
    }

    static List<SegmentSpan> spans(List<SegmentManifest> segments) {
        return segments.stream().map(SegmentManifest::span).toList();
    }
}
