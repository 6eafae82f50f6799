package dev.lifeboat.changes.segment;

import dev.lifeboat.archive.ArchiveEncryption;
import dev.lifeboat.changes.model.Lsn;
import dev.lifeboat.changes.model.RowChange;
import dev.lifeboat.changes.model.TableName;
import dev.lifeboat.changes.model.Transaction;
import dev.lifeboat.changes.support.PointInTimeRig;
import dev.lifeboat.realservers.s3.S3Server;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.List;
import java.util.Map;

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
        archive.delete(first);
        assertThat(archive.oldestSegmentStart("orders")).contains(second.fromLsn());
    }

    @Test
    void theListingAloneGivesEachSegmentsSpanAndAnOlderSegmentsComesFromItsManifest() throws Exception {
        SegmentManifest named = store("ledger", 100, 200);
        SegmentManifest older = store("ledger", 200, 300);
        SegmentManifest unstored = store("ledger", 300, 400);
        assertThat(archive.spans("ledger")).containsExactly(named.span(), older.span(), unstored.span());
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

        assertThat(archive.spans("ledger")).containsExactly(named.span(), older.span());
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

    @Test
    void theSpanIndexListsWholeRunsOfSegmentsAndRetentionDeletionsAreLeftOut() throws Exception {
        var settings = PointInTimeRig.bucketSettings(s3.endpoint(), s3.bucket(), s3.accessKey(), s3.secretKey());
        ChangeArchive indexed = new ChangeArchive(new dev.lifeboat.archive.bucket.BucketObjects(
                dev.lifeboat.archive.bucket.S3Clients.create(settings), settings), dev.lifeboat.events.backup.Compression.ZSTD, 3,
                java.util.Optional.of(new ArchiveEncryption("key-1", new byte[ArchiveEncryption.KEY_BYTES])), java.time.Clock.systemUTC(), 4);
        List<SegmentManifest> stored = new java.util.ArrayList<>();
        for (long from = 100; from < 1100; from += 100) {
            stored.add(store("stock", from, from + 100));
        }
        List<SegmentSpan> all = stored.stream().map(SegmentManifest::span).toList();
        assertThat(indexed.index("stock")).as("ten segments make two whole runs of four (the last two wait for more)").isEqualTo(2);
        assertThat(indexed.index("stock")).as("nothing new to index").isZero();
        assertThat(s3.bucketDir(s3.bucket()).resolve(ChangeArchiveLayout.indexPrefix("stock"))).isDirectoryContaining(
                path -> path.getFileName().toString().equals(stored.get(0).fromLsn().sortable() + "-" + stored.get(3).toLsn().sortable() + ".json"));

        // the index is read, not the indexed segments' keys: a segment's object renamed away would drop it from a listing
        java.nio.file.Path bucket = s3.bucketDir(s3.bucket());
        java.nio.file.Files.move(bucket.resolve(stored.get(1).objectKey()), bucket.resolve(stored.get(1).objectKey() + ".moved"));
        assertThat(indexed.spans("stock")).containsExactlyElementsOf(all);
        java.nio.file.Files.move(bucket.resolve(stored.get(1).objectKey() + ".moved"), bucket.resolve(stored.get(1).objectKey()));

        // retention deletes the first five segments: the index's spans of them are left out, its first object deleted
        for (SegmentManifest gone : stored.subList(0, 5)) {
            indexed.delete(gone);
        }
        assertThat(indexed.spans("stock")).containsExactlyElementsOf(all.subList(5, 10));
        indexed.deleteIndexUpTo("stock", stored.get(4).toLsn());
        assertThat(indexed.spans("stock")).containsExactlyElementsOf(all.subList(5, 10));
        assertThat(java.nio.file.Files.list(bucket.resolve(ChangeArchiveLayout.indexPrefix("stock"))).count()).isEqualTo(1);
        SegmentManifest newer = store("stock", 1100, 1200);
        assertThat(indexed.spans("stock")).containsExactlyElementsOf(java.util.stream.Stream.concat(all.subList(5, 10).stream(),
                java.util.stream.Stream.of(newer.span())).toList());
    }
}
