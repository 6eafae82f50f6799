package dev.lifeboat.changes.segment;

import dev.lifeboat.archive.ArchiveEncryption;
import dev.lifeboat.archive.bucket.BucketObjects;
import dev.lifeboat.archive.bucket.BucketSettings;
import dev.lifeboat.archive.bucket.S3Clients;
import dev.lifeboat.archive.upload.BucketUploads;
import dev.lifeboat.changes.model.Lsn;
import dev.lifeboat.changes.model.RowChange;
import dev.lifeboat.changes.model.TableName;
import dev.lifeboat.changes.model.Transaction;
import dev.lifeboat.changes.support.PointInTimeRig;
import dev.lifeboat.events.backup.Compression;
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

import static org.assertj.core.api.Assertions.assertThat;

/** A change archive copied to a second bucket as it grows, on a real S3 API (S3Proxy, a bucket for each). */
class ChangeArchiveCopyTest {

    private static final String COPIES = "lifeboat-changes-copies";
    private static final ArchiveEncryption KEY = new ArchiveEncryption("key-1", new byte[ArchiveEncryption.KEY_BYTES]);

    private static S3Server s3;
    private static BucketObjects primaryObjects;
    private static BucketObjects copyObjects;
    private static BucketUploads copyUploads;
    private static ChangeArchive primary;
    private static ChangeArchive copy;

    @BeforeAll
    static void start() {
        s3 = S3Server.start("lifeboat-changes");
        s3.createBucket(COPIES);
        BucketSettings primarySettings = PointInTimeRig.bucketSettings(s3.endpoint(), s3.bucket(), s3.accessKey(), s3.secretKey());
        BucketSettings copySettings = PointInTimeRig.bucketSettings(s3.endpoint(), COPIES, s3.accessKey(), s3.secretKey());
        primaryObjects = new BucketObjects(S3Clients.create(primarySettings), primarySettings);
        copyObjects = new BucketObjects(S3Clients.create(copySettings), copySettings);
        copyUploads = new BucketUploads(S3Clients.create(copySettings), copySettings);
        primary = new ChangeArchive(primaryObjects, Compression.ZSTD, 3, Optional.of(KEY), Clock.systemUTC(), 4);
        copy = new ChangeArchive(copyObjects, Compression.ZSTD, 3, Optional.of(KEY), Clock.systemUTC(), 4);
    }

    @AfterAll
    static void stop() {
        copyUploads.stop();
        s3.close();
    }

    @Test
    void eachCopyListsBothBucketsOnlyFromWhereTheCopysSpanIndexEndsSoWhatItIndexesIsNotListedAgain() throws Exception {
        List<SegmentManifest> stored = new ArrayList<>();
        for (long from = 100; from < 1100; from += 100) {
            stored.add(store(from, from + 100));
        }
        assertThat(primary.index("stock")).as("ten segments: two index objects of four, two segments after").isEqualTo(2);

        ChangeArchiveCopy.copy("stock", primaryObjects, copyObjects, copyUploads);
        assertThat(copy.spans("stock")).as("the copy has every segment, read through its own index").isEqualTo(primary.spans("stock"));
        Path copies = s3.bucketDir(COPIES);
        assertThat(copies.resolve(ChangeArchiveLayout.indexKey("stock", stored.get(4).fromLsn(), stored.get(7).toLsn())))
                .as("the index objects came with their segments").exists();

        // an object gone from an indexed segment of the copy, and one from a segment after the index
        Path indexedObject = copies.resolve(stored.get(1).objectKey());
        Path unindexedObject = copies.resolve(stored.get(9).objectKey());
        Files.delete(indexedObject);
        Files.delete(unindexedObject);
        SegmentManifest newer = store(1100, 1200);

        ChangeArchiveCopy.copy("stock", primaryObjects, copyObjects, copyUploads);
        assertThat(copies.resolve(newer.objectKey())).as("a segment stored since is copied").exists();
        assertThat(unindexedObject).as("after the copy's index, what the copy lacks is listed and copied again").exists();
        assertThat(indexedObject).as("before the index's end nothing is listed: the copy trusts its index").doesNotExist();
    }

    private static SegmentManifest store(long from, long to) throws Exception {
        SegmentContents contents = new SegmentContents(new Lsn(from), Map.of());
        contents.add(new Transaction(from, new Lsn(to - 1), new Lsn(to), Instant.parse("2026-11-29T10:00:00Z").plusSeconds(from),
                List.of(RowChange.insert(new TableName("public", "t"), Map.of("id", String.valueOf(from))))));
        return primary.store("stock", contents, Instant.parse("2026-11-29T10:00:00Z").plusSeconds(to), Map.of());
    }
}
