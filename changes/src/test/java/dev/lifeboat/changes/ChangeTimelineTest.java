package dev.lifeboat.changes;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.lifeboat.archive.ArchiveIntegrityException;
import dev.lifeboat.archive.bucket.BucketObjects;
import dev.lifeboat.archive.bucket.BucketSettings;
import dev.lifeboat.archive.bucket.S3Clients;
import dev.lifeboat.changes.capture.CaptureSettings;
import dev.lifeboat.changes.model.Lsn;
import dev.lifeboat.changes.model.RowChange;
import dev.lifeboat.changes.segment.ChangeArchiveLayout;
import dev.lifeboat.changes.segment.SegmentManifest;
import dev.lifeboat.changes.segment.TransactionSummary;
import dev.lifeboat.changes.support.PointInTimeRig;
import dev.lifeboat.changes.timeline.ChangeTimeline;
import dev.lifeboat.changes.timeline.TimelinePage;
import dev.lifeboat.changes.timeline.TimelineQuery;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

import java.nio.file.Files;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The change timeline on a real capture: what each transaction did, found by time, table, kind and size, without reading
 * a row; a large transaction stored in parts is one line; a segment stored before summaries is summarised from itself; a
 * damaged summary object is refused.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ChangeTimelineTest {

    private static final String DB = "shop_timeline";
    private static final int ORDERS = 12_000;
    /** What each transaction of the incident did, in commit order. */
    private static final List<String> INCIDENT = List.of("public.accounts +0 ~1 -0",
            "ALTER TABLE: ALTER TABLE accounts ADD COLUMN frozen boolean", "public.audit +3 ~0 -0",
            "public.orders +0 ~0 -" + ORDERS, "public.audit truncated", "public.accounts +0 ~5 -0");
    private static PointInTimeRig rig;
    private static ChangeTimeline timeline;
    private static Instant from;
    private static Instant to;

    @BeforeAll
    static void captureAnIncident() throws Exception {
        rig = new PointInTimeRig();
        rig.createDatabase(DB, """
                CREATE TABLE accounts (id int PRIMARY KEY, balance numeric NOT NULL);
                CREATE TABLE orders (id int PRIMARY KEY, account_id int NOT NULL, note text);
                CREATE TABLE audit (id serial PRIMARY KEY, line text);
                INSERT INTO accounts SELECT i, 100 FROM generate_series(1, 50) i;
                INSERT INTO orders SELECT i, 1 + mod(i, 50), 'order ' || i FROM generate_series(1, %d) i;
                """.formatted(ORDERS));
        // 64 KB of a transaction in memory: the DELETE of every order spills and is stored in parts of 10,000 changes
        CaptureSettings settings = new CaptureSettings(256 << 10, Duration.ofMillis(300), Duration.ofMillis(200),
                Duration.ofSeconds(1), 64 << 10, Files.createTempDirectory(rig.workDir, "spill"));
        timeline = new ChangeTimeline(rig.archive, id -> rig.key.keyId().equals(id) ? rig.key : null);
        try (PointInTimeRig.RunningCapture capture = rig.streamingCapture(DB, settings)) {
            from = rig.nextSecond(DB);
            rig.sql(DB, "UPDATE accounts SET balance = balance + 1 WHERE id = 1");
            rig.sql(DB, "ALTER TABLE accounts ADD COLUMN frozen boolean");
            rig.sql(DB, "INSERT INTO audit (line) VALUES ('a'), ('b'), ('c')");
            rig.sql(DB, "DELETE FROM orders");
            rig.sql(DB, "TRUNCATE audit");
            rig.sql(DB, "UPDATE accounts SET balance = 0 WHERE id <= 5");
            to = rig.nextSecond(DB);
            rig.waitForCoverage(DB, to);
        }
    }

    @AfterAll
    static void stop() {
        rig.close();
    }

    @Test
    @Order(1)
    void eachTransactionSaysWhatItDidToWhichTableInCommitOrder() throws Exception {
        TimelinePage page = timeline.page(DB, query(null, null, 0, TimelineQuery.Order.TIME, 1000, null));

        assertThat(page.transactions()).extracting(ChangeTimelineTest::said).containsExactlyElementsOf(INCIDENT);
        assertThat(page.next()).isNull();
        TransactionSummary migration = page.transactions().get(1);
        assertThat(migration.role()).isEqualTo(rig.postgres.superuser());
        assertThat(migration.schemaChanges().get(0).tables()).containsExactly("public.accounts");
        assertThat(page.transactions()).extracting(TransactionSummary::commitTime)
                .allMatch(time -> !time.isBefore(from) && !time.isAfter(to)).isSorted();
        assertThat(page.transactions()).extracting(TransactionSummary::commitLsn).isSorted().doesNotHaveDuplicates();
    }

    @Test
    @Order(2)
    void theDeleteWithoutAWhereIsFoundByItsSizeItsKindOrItsTable() throws Exception {
        assertThat(timeline.page(DB, query(null, null, 0, TimelineQuery.Order.ROWS, 2, null)).transactions())
                .extracting(ChangeTimelineTest::said).containsExactly("public.orders +0 ~0 -" + ORDERS, "public.accounts +0 ~5 -0");
        assertThat(timeline.page(DB, query(null, RowChange.Kind.DELETE, 0, TimelineQuery.Order.TIME, 10, null)).transactions())
                .extracting(ChangeTimelineTest::said).containsExactly("public.orders +0 ~0 -" + ORDERS);
        assertThat(timeline.page(DB, query("public.orders", null, 0, TimelineQuery.Order.TIME, 10, null)).transactions())
                .extracting(ChangeTimelineTest::said).containsExactly("public.orders +0 ~0 -" + ORDERS);
        assertThat(timeline.page(DB, query("public.accounts", null, 0, TimelineQuery.Order.TIME, 10, null)).transactions())
                .extracting(ChangeTimelineTest::said).containsExactly("public.accounts +0 ~1 -0",
                        "ALTER TABLE: ALTER TABLE accounts ADD COLUMN frozen boolean", "public.accounts +0 ~5 -0");
        assertThat(timeline.page(DB, query(null, RowChange.Kind.SCHEMA, 0, TimelineQuery.Order.TIME, 10, null)).transactions())
                .extracting(ChangeTimelineTest::said).containsExactly("ALTER TABLE: ALTER TABLE accounts ADD COLUMN frozen boolean");
        assertThat(timeline.page(DB, query(null, RowChange.Kind.TRUNCATE, 0, TimelineQuery.Order.TIME, 10, null)).transactions())
                .extracting(ChangeTimelineTest::said).containsExactly("public.audit truncated");

        TimelinePage large = timeline.page(DB, query(null, null, 100, TimelineQuery.Order.TIME, 10, null));
        assertThat(large.transactions()).extracting(ChangeTimelineTest::said).containsExactly("public.orders +0 ~0 -" + ORDERS);
        // the segments whose manifests say no transaction of theirs touched 100 rows are not read
        assertThat(large.segmentsRead()).isLessThan(large.segmentsInRange());
    }

    @Test
    @Order(2)
    void aTransactionIsFoundByItsIdAsByItsCommitPositionAndAnIdNotStoredIsNot() throws Exception {
        List<TransactionSummary> all = timeline.page(DB, query(null, null, 0, TimelineQuery.Order.TIME, 1000, null)).transactions();
        TransactionSummary delete = all.get(3);
        var spans = rig.archive.spans(DB);

        assertThat(timeline.withId(spans, delete.xid())).containsExactly(delete);
        assertThat(timeline.transaction(spans, delete.commitLsn())).hasValue(delete);
        assertThat(timeline.withId(spans, all.get(0).xid())).containsExactly(all.get(0));
        assertThat(timeline.withId(spans, all.get(all.size() - 1).xid() + 1_000_000)).isEmpty();
    }

    @Test
    @Order(3)
    void pagesInCommitOrderFollowOneAnotherWithoutALossOrARepeat() throws Exception {
        List<String> paged = new ArrayList<>();
        Lsn after = null;
        int pages = 0;
        do {
            TimelinePage page = timeline.page(DB, query(null, null, 0, TimelineQuery.Order.TIME, 2, after));
            page.transactions().forEach(transaction -> paged.add(said(transaction)));
            after = page.next();
            pages++;
        } while (after != null);

        assertThat(paged).hasSize(6).containsExactlyElementsOf(timeline.page(DB,
                query(null, null, 0, TimelineQuery.Order.TIME, 1000, null)).transactions().stream().map(ChangeTimelineTest::said).toList());
        assertThat(pages).isEqualTo(4); // three full pages; the fourth finds nothing more
    }

    @Test
    @Order(4)
    void aDamagedSummaryObjectIsRefusedNamingIt() throws Exception {
        BucketObjects bucket = bucket();
        SegmentManifest deleting = segmentOf(bucket, "public.orders");
        byte[] damaged = bucket.open(deleting.timeline().objectKey()).readAllBytes();
        damaged[damaged.length / 2] ^= 1;
        bucket.put(deleting.timeline().objectKey(), "application/octet-stream", damaged);

        assertThatThrownBy(() -> timeline.page(DB, query("public.orders", null, 0, TimelineQuery.Order.TIME, 10, null)))
                .isInstanceOf(ArchiveIntegrityException.class).hasMessageContaining("change timeline");
    }

    @Test
    @Order(5)
    void aSegmentStoredBeforeSummariesIsSummarisedFromItself() throws Exception {
        BucketObjects bucket = bucket();
        ObjectMapper json = new ObjectMapper();
        for (SegmentManifest segment : rig.archive.segments(DB)) {
            String key = ChangeArchiveLayout.manifestKey(ChangeArchiveLayout.folder(DB, segment.segmentId()));
            ObjectNode manifest = (ObjectNode) json.readTree(bucket.text(key));
            manifest.remove("timeline");
            bucket.put(key, "application/json", json.writeValueAsString(manifest));
            bucket.delete(segment.timeline().objectKey());
        }
        assertThat(rig.archive.segments(DB)).allMatch(segment -> segment.timeline() == null);

        TimelinePage page = timeline.page(DB, query(null, null, 0, TimelineQuery.Order.TIME, 1000, null));
        assertThat(page.transactions()).extracting(ChangeTimelineTest::said).containsExactlyElementsOf(INCIDENT);
        assertThat(page.segmentsRead()).isEqualTo(page.segmentsInRange());
    }

    private static TimelineQuery query(String table, RowChange.Kind kind, long minRows, TimelineQuery.Order order, int limit, Lsn after) {
        return new TimelineQuery(from, to, table, kind, minRows, order, limit, after);
    }

    /** A transaction as one line: its DDL commands, else each table's inserted, updated and deleted rows (or truncated). */
    private static String said(TransactionSummary transaction) {
        if (!transaction.schemaChanges().isEmpty()) {
            return String.join("; ", transaction.schemaChanges().stream().map(c -> c.tag() + ": " + c.statement()).toList());
        }
        List<String> tables = new ArrayList<>();
        for (Map.Entry<String, TransactionSummary.TableRows> table : transaction.tables().entrySet()) {
            TransactionSummary.TableRows rows = table.getValue();
            tables.add(table.getKey() + (rows.truncated() ? " truncated"
                    : " +" + rows.inserted() + " ~" + rows.updated() + " -" + rows.deleted()));
        }
        return String.join(", ", tables);
    }

    private static SegmentManifest segmentOf(BucketObjects bucket, String table) throws Exception {
        return rig.archive.segments(DB).stream().filter(segment -> segment.rowChanges().containsKey(table)
                && segment.timeline().largestTransaction() == ORDERS).findFirst().orElseThrow();
    }

    private static BucketObjects bucket() {
        BucketSettings settings = PointInTimeRig.bucketSettings(rig.s3.endpoint(), rig.s3.bucket(), rig.s3.accessKey(), rig.s3.secretKey());
        return new BucketObjects(S3Clients.create(settings), settings);
    }
}
