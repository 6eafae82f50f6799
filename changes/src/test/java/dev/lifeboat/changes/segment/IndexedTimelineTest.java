package dev.lifeboat.changes.segment;

import dev.lifeboat.archive.ArchiveEncryption;
import dev.lifeboat.archive.bucket.BucketObjects;
import dev.lifeboat.archive.bucket.S3Clients;
import dev.lifeboat.changes.model.Lsn;
import dev.lifeboat.changes.model.RowChange;
import dev.lifeboat.changes.model.TableName;
import dev.lifeboat.changes.model.Transaction;
import dev.lifeboat.changes.support.PointInTimeRig;
import dev.lifeboat.changes.timeline.ChangeTimeline;
import dev.lifeboat.changes.timeline.TimelinePage;
import dev.lifeboat.changes.timeline.TimelineQuery;
import dev.lifeboat.events.backup.Compression;
import dev.lifeboat.realservers.s3.S3Server;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The change timeline over an indexed archive (S3Proxy): the span index keeps what each segment's transactions did, so
 * the largest transactions are found reading the few segments that can hold them, and a filter reads only the segments
 * whose spans may match; the answers are those of reading every segment.
 */
class IndexedTimelineTest {

    private static final String DB = "warehouse";
    private static final Instant T0 = Instant.parse("2026-11-27T03:00:00Z");
    private static final int SEGMENTS = 40;
    private static final ArchiveEncryption KEY = new ArchiveEncryption("key-1", new byte[ArchiveEncryption.KEY_BYTES]);
    private static S3Server s3;
    private static ChangeTimeline timeline;

    @BeforeAll
    static void storeAndIndex() throws Exception {
        s3 = S3Server.start("lifeboat-timeline");
        var settings = PointInTimeRig.bucketSettings(s3.endpoint(), s3.bucket(), s3.accessKey(), s3.secretKey());
        ChangeArchive archive = new ChangeArchive(new BucketObjects(S3Clients.create(settings), settings), Compression.ZSTD, 3,
                Optional.of(KEY), Clock.systemUTC(), 8);
        for (int i = 0; i < SEGMENTS; i++) {
            // segment i's one transaction deletes rows(i) rows: 1 to 40, each once, in no order; even segments of t, odd of u
            long from = 1_000L * (i + 1);
            SegmentContents contents = new SegmentContents(new Lsn(from), Map.of());
            TableName table = new TableName("public", i % 2 == 0 ? "t" : "u");
            List<RowChange> changes = new ArrayList<>();
            for (int row = 0; row < rows(i); row++) {
                changes.add(RowChange.delete(table, Map.of("id", String.valueOf(row))));
            }
            contents.add(new Transaction(from, new Lsn(from + 10), new Lsn(from + 1_000), T0.plusSeconds(i), changes));
            archive.store(DB, contents, T0.plusSeconds(i).plusMillis(999), Map.of());
        }
        assertThat(archive.index(DB)).as("every segment indexed").isEqualTo(SEGMENTS / 8);
        timeline = new ChangeTimeline(archive, id -> KEY);
        // a database whose transactions all touch 3 rows, two a segment, but one of 100 rows in the middle
        for (int i = 0; i < SEGMENTS; i++) {
            long from = 1_000L * (i + 1);
            SegmentContents contents = new SegmentContents(new Lsn(from), Map.of());
            for (int t = 1; t <= 2; t++) {
                List<RowChange> changes = new ArrayList<>();
                for (int row = 0; row < (i == SEGMENTS / 2 && t == 2 ? 100 : 3); row++) {
                    changes.add(RowChange.insert(new TableName("public", "t"), Map.of("id", String.valueOf(row))));
                }
                contents.add(new Transaction(from + t, new Lsn(from + 10L * t), new Lsn(from + 10L * t + 1),
                        T0.plusSeconds(i).plusMillis(t), changes));
            }
            archive.store("ties", contents, T0.plusSeconds(i).plusMillis(999), Map.of());
        }
        archive.index("ties");

    }

    @AfterAll
    static void stop() {
        s3.close();
    }

    private static int rows(int segment) {
        return segment * 7 % SEGMENTS + 1;
    }

    @Test
    void theLargestAreFoundReadingOnlyTheSegmentsThatCanHoldThem() throws Exception {
        TimelinePage largest = timeline.page(DB, query(null, 0, TimelineQuery.Order.ROWS, 3));

        assertThat(largest.transactions()).extracting(transaction -> transaction.rowsTouched()).containsExactly(40L, 39L, 38L);
        assertThat(largest.segmentsRead()).as("one batch of the largest, then no segment left can hold more than 38 rows")
                .isLessThan(SEGMENTS).isLessThanOrEqualTo(16);
        assertThat(largest.segmentsInRange()).isEqualTo(SEGMENTS);
    }

    @Test
    void amongEquallyLargeTransactionsTheEarliestRankFirstAndTheSegmentsAfterThemAreNotRead() throws Exception {
        TimelinePage page = timeline.page("ties", new TimelineQuery(T0, T0.plusSeconds(SEGMENTS), null, null, 0,
                TimelineQuery.Order.ROWS, 5, null));

        assertThat(page.transactions()).extracting(transaction -> transaction.rowsTouched()).containsExactly(100L, 3L, 3L, 3L, 3L);
        assertThat(page.transactions().subList(1, 5)).extracting(transaction -> transaction.commitLsn())
                .containsExactly(new Lsn(1_010), new Lsn(1_020), new Lsn(2_010), new Lsn(2_020));
        assertThat(page.segmentsRead()).as("one batch: every segment after it holds nothing larger, nor an equal one earlier")
                .isLessThanOrEqualTo(16);
    }

    @Test
    void aFilterReadsOnlyTheSegmentsWhoseSpansMayMatch() throws Exception {
        TimelinePage large = timeline.page(DB, query(null, 35, TimelineQuery.Order.TIME, 100));
        assertThat(large.transactions()).extracting(transaction -> transaction.rowsTouched()).containsExactlyInAnyOrder(35L, 36L, 37L, 38L, 39L, 40L);
        assertThat(large.segmentsRead()).isEqualTo(6);

        TimelinePage ofU = timeline.page(DB, query("public.u", 0, TimelineQuery.Order.TIME, 100));
        assertThat(ofU.transactions()).hasSize(SEGMENTS / 2).allMatch(transaction -> transaction.tables().keySet().equals(java.util.Set.of("public.u")));
        assertThat(ofU.segmentsRead()).isEqualTo(SEGMENTS / 2);

        assertThat(timeline.page(DB, query(null, 0, TimelineQuery.Order.ROWS, SEGMENTS)).transactions())
                .extracting(transaction -> transaction.rowsTouched()).as("every transaction, the largest first")
                .containsExactlyElementsOf(java.util.stream.LongStream.rangeClosed(1, SEGMENTS).map(n -> SEGMENTS + 1 - n).boxed().toList());
    }

    private static TimelineQuery query(String table, long minRows, TimelineQuery.Order order, int limit) {
        return new TimelineQuery(T0, T0.plusSeconds(SEGMENTS), table, RowChange.Kind.DELETE, minRows, order, limit, null);
    }
}
