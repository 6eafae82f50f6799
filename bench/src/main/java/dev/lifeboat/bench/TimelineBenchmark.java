package dev.lifeboat.bench;

import dev.lifeboat.changes.model.Lsn;
import dev.lifeboat.changes.model.RowChange;
import dev.lifeboat.changes.model.TableName;
import dev.lifeboat.changes.model.Transaction;
import dev.lifeboat.changes.segment.ChangeArchive;
import dev.lifeboat.changes.segment.SegmentContents;
import dev.lifeboat.changes.segment.SegmentManifest;
import dev.lifeboat.changes.timeline.ChangeTimeline;
import dev.lifeboat.changes.timeline.TimelinePage;
import dev.lifeboat.changes.timeline.TimelineQuery;
import dev.lifeboat.realservers.s3.S3Server;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The change timeline over a day of a busy database: N segments (default 8,640: a day at one every 10 s) of T
 * transactions each (default 100: ten a second, each inserting, updating or deleting a few rows of one of four tables),
 * and one DELETE of 50,000 rows in the middle of the day, stored in S3Proxy as a capture stores them. Then, each timed
 * three times (the median printed; the first, cold, beside it): the first page in commit order, the largest
 * transactions of the day, the day's deletes of one table, the transactions of at least 10,000 rows; against the anchor:
 * every segment of the day read whole (what finding the DELETE took without summaries).
 */
public final class TimelineBenchmark {

    private static final String DB = "timeline_bench";
    private static final Instant T0 = Instant.parse("2026-11-20T00:00:00Z");
    private static final int RUNS = 3;
    private static final List<String> TABLES = List.of("orders", "order_lines", "customers", "events");
    private static final int BIG_DELETE = 50_000;

    public static void main(String[] args) throws Exception {
        BenchLogging.quiet();
        int segments = args.length > 1 ? Integer.parseInt(args[1]) : 8_640;
        int perSegment = args.length > 2 ? Integer.parseInt(args[2]) : 100;
        try (S3Server s3 = S3Server.start("bench-timeline")) {
            ChangeArchive archive = PointInTimeBenchmark.archive(s3);
            long storing = System.nanoTime();
            store(archive, segments, perSegment);
            int indexObjects = archive.index(DB);
            System.out.printf("%,d segments of %d transactions stored in %.1f s (span index: %d objects)%n", segments, perSegment,
                    (System.nanoTime() - storing) / 1e9, indexObjects);
            ChangeTimeline timeline = new ChangeTimeline(archive, id -> PointInTimeBenchmark.KEY.keyId().equals(id) ? PointInTimeBenchmark.KEY : null);
            Instant to = T0.plusSeconds(10L * segments);
            time("first page of 100 in commit order", () -> timeline.page(DB, new TimelineQuery(T0, to, null, null, 0,
                    TimelineQuery.Order.TIME, 100, null)));
            time("the 10 largest transactions of the day", () -> timeline.page(DB, new TimelineQuery(T0, to, null, null, 0,
                    TimelineQuery.Order.ROWS, 10, null)));
            time("the day's deletes of public.orders, 100", () -> timeline.page(DB, new TimelineQuery(T0, to, "public.orders",
                    RowChange.Kind.DELETE, 0, TimelineQuery.Order.TIME, 100, null)));
            time("the transactions of at least 10,000 rows", () -> timeline.page(DB, new TimelineQuery(T0, to, null, null, 10_000,
                    TimelineQuery.Order.TIME, 100, null)));
            long anchorStart = System.nanoTime();
            AtomicLong largest = new AtomicLong();
            ExecutorService readers = Executors.newFixedThreadPool(16);
            try {
                List<Future<?>> reads = new ArrayList<>();
                for (SegmentManifest segment : archive.segments(DB)) {
                    reads.add(readers.submit(() -> {
                        archive.read(segment, id -> PointInTimeBenchmark.KEY, transaction -> largest.accumulateAndGet(
                                transaction.changes().size(), Math::max));
                        return null;
                    }));
                }
                for (Future<?> read : reads) {
                    read.get();
                }
            } finally {
                readers.shutdown();
            }
            System.out.printf("anchor: every segment of the day read whole, 16 at a time, to find the largest (%,d changes):"
                    + " %.2f s%n", largest.get(), (System.nanoTime() - anchorStart) / 1e9);
        }
    }

    private static void store(ChangeArchive archive, int segments, int perSegment) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(8);
        try {
            List<Future<SegmentManifest>> stored = new ArrayList<>();
            for (int i = 0; i < segments; i++) {
                long from = 1_000_000L * (i + 1);
                Instant opened = T0.plusSeconds(10L * i);
                boolean bigDelete = i == segments / 2;
                stored.add(pool.submit(() -> archive.store(DB, contents(from, opened, perSegment, bigDelete),
                        opened.plusMillis(9_999), Map.of("public.s", from))));
            }
            for (Future<SegmentManifest> segment : stored) {
                segment.get();
            }
        } finally {
            pool.shutdown();
        }
    }

    /** A segment's transactions: each of 1 to 4 rows of one table, one every 10 s / perSegment; the big DELETE last. */
    private static SegmentContents contents(long from, Instant opened, int perSegment, boolean bigDelete) {
        SegmentContents contents = new SegmentContents(new Lsn(from), Map.of());
        long spacing = 10_000_000L / (perSegment + 1); // microseconds
        for (int t = 0; t < perSegment; t++) {
            long lsn = from + 1_000L * (t + 1);
            TableName table = new TableName("public", TABLES.get((int) (lsn / 1_000 % TABLES.size())));
            List<RowChange> changes = new ArrayList<>();
            for (int row = 0; row <= t % 4; row++) {
                Map<String, String> values = Map.of("id", String.valueOf(lsn + row), "note", "row " + row);
                changes.add(switch (t % 3) {
                    case 0 -> RowChange.insert(table, values);
                    case 1 -> RowChange.update(table, values, Map.of("id", String.valueOf(lsn + row)));
                    default -> RowChange.delete(table, Map.of("id", String.valueOf(lsn + row)));
                });
            }
            contents.add(new Transaction(lsn, new Lsn(lsn), new Lsn(lsn + 500), opened.plusNanos(spacing * 1_000 * (t + 1)), changes));
        }
        if (bigDelete) {
            List<RowChange> changes = new ArrayList<>(BIG_DELETE);
            for (int row = 0; row < BIG_DELETE; row++) {
                changes.add(RowChange.delete(new TableName("public", "order_lines"), Map.of("id", String.valueOf(row))));
            }
            long lsn = from + 1_000L * (perSegment + 1);
            contents.add(new Transaction(lsn, new Lsn(lsn), new Lsn(lsn + 500), opened.plusMillis(9_990), changes));
        }
        return contents;
    }

    private interface Query {
        TimelinePage page() throws Exception;
    }

    private static void time(String what, Query query) throws Exception {
        List<Double> seconds = new ArrayList<>();
        TimelinePage page = null;
        double cold = 0;
        for (int run = 0; run < RUNS; run++) {
            long start = System.nanoTime();
            page = query.page();
            double took = (System.nanoTime() - start) / 1e9;
            if (run == 0) {
                cold = took;
            }
            seconds.add(took);
        }
        seconds.sort(Double::compare);
        System.out.printf("%s: %.2f s (first %.2f s); %d transactions, %,d of %,d segments' summaries read%n", what,
                seconds.get(RUNS / 2), cold, page.transactions().size(), page.segmentsRead(), page.segmentsInRange());
    }
}
