package dev.lifeboat.changes.segment;

import dev.lifeboat.archive.ArchiveEncryption;
import dev.lifeboat.archive.bucket.BucketObjects;
import dev.lifeboat.archive.bucket.S3Clients;
import dev.lifeboat.events.backup.Compression;
import dev.lifeboat.changes.model.Lsn;
import dev.lifeboat.changes.model.RowChange;
import dev.lifeboat.changes.model.TableName;
import dev.lifeboat.changes.model.Transaction;
import dev.lifeboat.changes.support.PointInTimeRig;
import dev.lifeboat.realservers.s3.S3Server;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/** The change archive's own listing on a real S3 API (S3Proxy): where the oldest segment starts, as retention moves it. */
class ChangeArchiveTest {

    private static S3Server s3;
    private static ChangeArchive archive;

    @BeforeAll
    static void start() {
        s3 = S3Server.start("lifeboat-changes");
        archive = PointInTimeRig.archive(s3.endpoint(), s3.bucket(), s3.accessKey(), s3.secretKey(),
                new ArchiveEncryption("key-1", new byte[ArchiveEncryption.KEY_BYTES]));
    }

    @AfterAll
    static void stop() {
        s3.close();
    }

    private static SegmentManifest store(String database, long from, long to) throws Exception {
        SegmentContents contents = new SegmentContents(new Lsn(from), Map.of());
        contents.add(new Transaction(from, new Lsn(to - 1), new Lsn(to), Instant.parse("2026-11-23T10:00:00Z").plusSeconds(from),
                List.of(RowChange.insert(new TableName("public", "t"), Map.of("id", String.valueOf(from))))));
        return archive.store(database, contents, Instant.parse("2026-11-23T10:00:00Z").plusSeconds(to), Map.of());
    }

    @Test
    void theOldestSegmentStartMovesAsRetentionDeletesTheSegmentsBeforeIt() throws Exception {
        assertThat(archive.oldestSegmentStart("orders")).isEmpty();
        SegmentManifest first = store("orders", 100, 200);
        SegmentManifest second = store("orders", 200, 300);
        store("orders", 300, 400);
        archive.recordGap(new Gap("orders", null, "lost slot", Instant.parse("2026-11-23T10:00:00Z"), new Lsn(50), Instant.now()));

        assertThat(archive.oldestSegmentStart("orders")).contains(new Lsn(100));
        archive.retire("orders", List.of(first));
        assertThat(archive.oldestSegmentStart("orders")).contains(second.fromLsn());
    }

    @Test
    void theListingAloneGivesEachSegmentsSpanAndAnOlderSegmentsComesFromItsManifest() throws Exception {
        SegmentManifest named = store("ledger", 100, 200);
        SegmentManifest older = store("ledger", 200, 300);
        SegmentManifest unstored = store("ledger", 300, 400);
        assertThat(archive.spans("ledger")).containsExactly(listed(named), listed(older), listed(unstored));
        assertThat(named.objectKey()).as("the object's name carries the span").contains("/changes-" + named.lastCommitLsn().sortable() + "-");

        java.nio.file.Path bucket = s3.bucketDir(s3.bucket());
        // a segment stored before object keys named their span: planned from its manifest
        java.nio.file.Files.move(bucket.resolve(older.objectKey()), bucket.resolve(ChangeArchiveLayout.folder("ledger", older.segmentId())
                + "changes.jsonl.zst.enc"));
        // a named segment's manifest is not read to list it (made unreadable here, the listing still has it)
        java.nio.file.Files.writeString(bucket.resolve(ChangeArchiveLayout.manifestKey(ChangeArchiveLayout.folder("ledger",
                named.segmentId()))), "not a manifest");
        // a segment whose manifest is gone (not stored yet, or deleted first by retention) is not listed
        java.nio.file.Files.delete(bucket.resolve(ChangeArchiveLayout.manifestKey(ChangeArchiveLayout.folder("ledger",
                unstored.segmentId()))));

        assertThat(archive.spans("ledger")).containsExactly(listed(named), older.span());
        assertThat(archive.manifest(older.span())).isEqualTo(older);
    }

    @Test
    void anObjectACrashedDeletionLeftWithoutItsManifestIsPassedOver() throws Exception {
        SegmentManifest first = store("shop", 100, 200);
        store("shop", 200, 300);
        // the manifest goes first: a crash before the object's deletion leaves the object alone in its folder
        java.nio.file.Files.delete(s3.bucketDir(s3.bucket())
                .resolve(ChangeArchiveLayout.manifestKey(ChangeArchiveLayout.folder("shop", first.segmentId()))));

        assertThat(archive.oldestSegmentStart("shop")).contains(new Lsn(200));
    }

    /** The archive in the same bucket with {@code together} segments to a span index object. */
    private static ChangeArchive indexedEvery(int together) {
        var settings = PointInTimeRig.bucketSettings(s3.endpoint(), s3.bucket(), s3.accessKey(), s3.secretKey());
        return new ChangeArchive(new BucketObjects(S3Clients.create(settings), settings), Compression.ZSTD, 3,
                Optional.of(new ArchiveEncryption("key-1", new byte[ArchiveEncryption.KEY_BYTES])), Clock.systemUTC(), together);
    }

    @Test
    void theSpanIndexListsWholeRunsOfSegmentsAndRetentionDeletionsAreLeftOut() throws Exception {
        ChangeArchive indexed = indexedEvery(4);
        List<SegmentManifest> stored = new ArrayList<>();
        for (long from = 100; from < 1100; from += 100) {
            stored.add(store("stock", from, from + 100));
        }
        // the index keeps what each manifest says its transactions did; the two after it come from the listing
        List<SegmentSpan> all = java.util.stream.IntStream.range(0, stored.size())
                .mapToObj(i -> i < 8 ? stored.get(i).span() : listed(stored.get(i))).toList();
        assertThat(all.subList(0, 8)).allMatch(SegmentSpan::summarised);
        assertThat(indexed.index("stock")).as("ten segments make two whole runs of four (the last two wait for more)").isEqualTo(2);
        assertThat(indexed.index("stock")).as("nothing new to index").isZero();
        Path bucket = s3.bucketDir(s3.bucket());
        Path index = bucket.resolve(ChangeArchiveLayout.indexPrefix("stock"));
        assertThat(index).isDirectoryContaining(path -> path.getFileName().toString()
                .equals(stored.get(0).fromLsn().sortable() + "-" + stored.get(3).toLsn().sortable() + ".json"));

        // the index is read, not the indexed segments' keys: a segment's object renamed away would drop it from a listing
        Files.move(bucket.resolve(stored.get(1).objectKey()), bucket.resolve(stored.get(1).objectKey() + ".moved"));
        assertThat(indexed.spans("stock")).containsExactlyElementsOf(all);
        Files.move(bucket.resolve(stored.get(1).objectKey() + ".moved"), bucket.resolve(stored.get(1).objectKey()));

        // a stray key under the index's prefix (a folder marker, say) is passed over
        Files.writeString(index.resolve("README.txt"), "not an index object");
        assertThat(indexed.spans("stock")).containsExactlyElementsOf(all);

        // retention retires the first five segments: the index's spans of them are left out, its first object deleted
        indexed.retire("stock", stored.subList(0, 5));
        assertThat(indexed.spans("stock")).containsExactlyElementsOf(all.subList(5, 10));
        try (var objects = Files.list(index)) {
            assertThat(objects.filter(path -> path.toString().endsWith(".json")).count()).isEqualTo(1);
        }
        SegmentManifest newer = store("stock", 1100, 1200);
        assertThat(indexed.spans("stock")).containsExactlyElementsOf(
                Stream.concat(all.subList(5, 10).stream(), Stream.of(listed(newer))).toList());
    }

    @Test
    void spansOfSegmentsRetentionIsDeletingAreLeftOutBeforeTheirIndexObjectGoes() throws Exception {
        ChangeArchive indexed = indexedEvery(2);
        List<SegmentManifest> stored = new ArrayList<>();
        for (long from = 100; from < 500; from += 100) {
            stored.add(store("pallets", from, from + 100));
        }
        indexed.index("pallets");
        // retention marked where the kept segments begin and deleted the first segment's manifest, then stopped
        // (crashed, or still going): a plan must not name the deleted segment, which its index object still does
        Path bucket = s3.bucketDir(s3.bucket());
        Files.writeString(bucket.resolve(ChangeArchiveLayout.retainedKey("pallets")), String.valueOf(stored.get(1).toLsn().value()));
        Files.delete(bucket.resolve(ChangeArchiveLayout.manifestKey(ChangeArchiveLayout.folder("pallets", stored.get(0).segmentId()))));
        assertThat(indexed.spans("pallets")).containsExactlyElementsOf(stored.subList(2, 4).stream().map(SegmentManifest::span).toList());
    }

    /** The span a segment's object key names: where it lies, not what it did. */
    private static SegmentSpan listed(SegmentManifest segment) {
        SegmentSpan span = segment.span();
        return new SegmentSpan(span.databaseId(), span.segmentId(), span.fromLsn(), span.toLsn(), span.lastCommitLsn(),
                span.firstCommitTime(), span.coveredUntil());
    }
}
