package dev.lifeboat.bench;

import dev.lifeboat.changes.model.Lsn;
import dev.lifeboat.changes.model.RowChange;
import dev.lifeboat.changes.model.TableName;
import dev.lifeboat.changes.model.Transaction;
import dev.lifeboat.changes.replay.ReplayPlan;
import dev.lifeboat.changes.segment.ChangeArchive;
import dev.lifeboat.changes.segment.SegmentContents;
import dev.lifeboat.changes.segment.SegmentManifest;
import dev.lifeboat.changes.segment.SegmentSpan;
import dev.lifeboat.realservers.s3.S3Server;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * Planning a restore to the second over a long archive: N one-transaction segments (default 10,399: about three days
 * at one segment per 30 s, and the most a capture leaves outside the span index, 399 segments, after its last object)
 * stored in S3Proxy, then the plan to the last second made from the span index (as a capture
 * keeps it) and from the listing alone (segment keys name their spans), against the anchor: the same plan from every
 * segment's manifest read, as restores planned before. Each timed three times; the median is printed.
 */
public final class ReplayPlanBenchmark {

    private static final String DB = "plan_bench";
    private static final Instant T0 = Instant.parse("2026-11-20T00:00:00Z");
    private static final int RUNS = 3;

    public static void main(String[] args) throws Exception {
        BenchLogging.quiet();
        int segments = args.length > 1 ? Integer.parseInt(args[1]) : 10_399;
        try (S3Server s3 = S3Server.start("bench-plan")) {
            ChangeArchive archive = PointInTimeBenchmark.archive(s3);
            long storing = System.nanoTime();
            store(archive, segments);
            System.out.printf("%,d segments stored in %.1f s%n", segments, (System.nanoTime() - storing) / 1e9);
            Instant target = T0.plusSeconds(segments - 1);
            Lsn base = new Lsn(1_500);

            double fromListing = median(() -> ReplayPlan.plan(base, target, archive.spans(DB), Optional.empty(), List.of()).segments().size());
            long indexing = System.nanoTime();
            int indexObjects = archive.index(DB);
            double indexSeconds = (System.nanoTime() - indexing) / 1e9;
            double fromIndex = median(() -> ReplayPlan.plan(base, target, archive.spans(DB), Optional.empty(), List.of()).segments().size());
            double fromManifests = median(() -> ReplayPlan.plan(base, target, archive.segments(DB).stream().map(SegmentManifest::span).toList(),
                    Optional.empty(), List.of()).segments().size());
            System.out.printf("plan to the last second over %,d segments: %.2f s with the span index (%d objects, written in %.1f s"
                            + " as a capture writes them); %.2f s from the listing alone; anchor: %.2f s"
                            + " reading every manifest%n", segments, fromIndex, indexObjects, indexSeconds, fromListing, fromManifests);
        }
    }

    private static void store(ChangeArchive archive, int segments) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(8);
        try {
            List<Future<SegmentManifest>> stored = new ArrayList<>();
            for (int i = 0; i < segments; i++) {
                long from = 1_000L * (i + 1);
                Instant committed = T0.plusSeconds(i);
                stored.add(pool.submit(() -> {
                    SegmentContents contents = new SegmentContents(new Lsn(from), Map.of());
                    contents.add(new Transaction(from, new Lsn(from + 10), new Lsn(from + 1_000), committed,
                            List.of(RowChange.insert(new TableName("public", "t"), Map.of("id", String.valueOf(from))))));
                    return archive.store(DB, contents, committed.plusMillis(999), Map.of("public.s", from));
                }));
            }
            for (Future<SegmentManifest> segment : stored) {
                segment.get();
            }
        } finally {
            pool.shutdown();
        }
    }

    private interface Planned {
        int segments() throws Exception;
    }

    private static double median(Planned plan) throws Exception {
        List<Double> seconds = new ArrayList<>();
        for (int run = 0; run < RUNS; run++) {
            long start = System.nanoTime();
            int read = plan.segments();
            seconds.add((System.nanoTime() - start) / 1e9);
            if (read == 0) {
                throw new IllegalStateException("the plan reads no segment: the benchmark's archive is wrong");
            }
        }
        seconds.sort(Double::compare);
        return seconds.get(RUNS / 2);
    }
}
