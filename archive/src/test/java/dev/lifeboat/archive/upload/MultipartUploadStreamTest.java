package dev.lifeboat.archive.upload;

import dev.lifeboat.archive.bucket.BucketSettings;
import dev.lifeboat.archive.bucket.S3Clients;
import dev.lifeboat.realservers.s3.S3Server;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.s3.S3Client;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The multipart upload stream, and the sweep's view of open uploads, against a real S3 API server (S3Proxy). */
class MultipartUploadStreamTest {

    private static final String SETTING = "lifeboat.backup.part-size-bytes";

    private static final String BUCKET = "parts";
    private static S3Server s3;
    private static BucketSettings settings;
    private static S3Client client;
    private static ExecutorService uploads;

    @BeforeAll
    static void start() {
        s3 = S3Server.start(BUCKET);
        settings = BucketSettings.pathStyle(s3.endpoint(), S3Server.REGION, BUCKET, s3.accessKey(), s3.secretKey());
        client = S3Clients.create(settings);
        uploads = Executors.newFixedThreadPool(2);
    }

    @AfterAll
    static void stop() {
        uploads.shutdownNow();
        client.close();
        s3.close();
    }

    @Test
    void anArchiveThatOutgrowsThePartLimitFailsAsTooLargeAndLeavesNoUploadOpen() throws Exception {
        int partSize = MultipartUploadStream.MIN_PART_SIZE;
        byte[] chunk = new byte[1024 * 1024];
        MultipartUploadStream upload = new MultipartUploadStream(client, BUCKET, "too/large", new UploadParts(partSize, 2, SETTING), uploads, 2);

        assertThatThrownBy(() -> {
            for (int i = 0; i < 11; i++) {
                upload.write(chunk, 0, chunk.length);
            }
            upload.complete();
        }).isInstanceOf(UploadTooLargeException.class).hasMessageContaining("more than 2 parts of " + partSize + " bytes")
                .hasMessageContaining("lifeboat.backup.part-size-bytes");
        upload.close();

        assertThat(new BucketUploads(client, settings).openUploads("")).isEmpty();
        assertThat(client.listObjectsV2(builder -> builder.bucket(BUCKET).prefix("too/")).contents()).isEmpty();
    }

    @Test
    void anArchiveWithinThePartLimitIsStoredWhole() throws Exception {
        byte[] chunk = new byte[1024 * 1024];
        for (int i = 0; i < chunk.length; i++) {
            chunk[i] = (byte) (i * 31);
        }
        try (MultipartUploadStream upload = new MultipartUploadStream(client, BUCKET, "fits", parts(2), uploads, 2)) {
            for (int i = 0; i < 10; i++) {
                upload.write(chunk, 0, chunk.length);
            }
            upload.complete();
        }

        byte[] stored = client.getObjectAsBytes(builder -> builder.bucket(BUCKET).key("fits")).asByteArray();
        assertThat(stored).hasSize(10 * chunk.length);
        assertThat(java.util.Arrays.copyOfRange(stored, 9 * chunk.length, 10 * chunk.length)).isEqualTo(chunk);
        assertThat(new BucketUploads(client, settings).openUploads("")).isEmpty();
    }

    @Test
    void anArchiveSmallerThanOnePartIsPutWholeAndBeginsNoMultipartUploadWhileOneThatFillsAPartDoes() throws Exception {
        byte[] small = new byte[700_000];
        new java.util.Random(3).nextBytes(small);
        try (MultipartUploadStream upload = stream("small", 2)) {
            upload.write(small, 0, small.length);
            assertThat(new BucketUploads(client, settings).openUploads("")).as("uploads open under one part").isEmpty();
            upload.complete();
        }
        assertThat(client.getObjectAsBytes(builder -> builder.bucket(BUCKET).key("small")).asByteArray()).isEqualTo(small);

        try (MultipartUploadStream abandoned = stream("abandoned", 2)) {
            abandoned.write(small, 0, small.length);
        }
        assertThat(client.listObjectsV2(builder -> builder.bucket(BUCKET).prefix("abandoned")).contents()).as("closed, not completed")
                .isEmpty();

        byte[] part = new byte[MultipartUploadStream.MIN_PART_SIZE];
        try (MultipartUploadStream large = stream("large", 2)) {
            large.write(part, 0, part.length);
            assertThat(new BucketUploads(client, settings).openUploads("")).as("uploads open once a part is full").hasSize(1);
        }
        assertThat(new BucketUploads(client, settings).openUploads("")).as("aborted at close").isEmpty();
    }

    @Test
    void writesOfAnySizeThroughTheGrowingFirstBufferAndFullPartsAreStoredByteForByte() throws Exception {
        java.util.Random random = new java.util.Random(7);
        // {archive bytes, parts in flight}: the last has 9 parts through 2 buffers, so each buffer is reused while the
        // writer waits for a free one
        int[][] cases = {{100_000, 2}, {MultipartUploadStream.FIRST_BUFFER, 2}, {5 * MultipartUploadStream.MIN_PART_SIZE / 2, 2},
                {8 * MultipartUploadStream.MIN_PART_SIZE + 12_345, 1}};
        for (int[] sizeAndInFlight : cases) {
            int total = sizeAndInFlight[0];
            byte[] archive = new byte[total];
            random.nextBytes(archive);
            String key = "sized/" + total;
            try (MultipartUploadStream upload = stream(key, sizeAndInFlight[1])) {
                for (int offset = 0; offset < total; ) {
                    int n = Math.min(total - offset, 1 + random.nextInt(300_000));
                    upload.write(archive, offset, n);
                    offset += n;
                }
                upload.complete();
            }
            assertThat(client.getObjectAsBytes(builder -> builder.bucket(BUCKET).key(key)).asByteArray()).as(key).isEqualTo(archive);
        }
        assertThat(new BucketUploads(client, settings).openUploads("")).isEmpty();
    }

    @Test
    void everyPartButTheLastIsExactlyThePartSizeWhateverTheSizesOfTheWrites() throws Exception {
        int partSize = MultipartUploadStream.MIN_PART_SIZE;
        java.util.Random random = new java.util.Random(11);
        // three and a half parts (and a few bytes more, so that the last is no round size), and exactly two: no empty third
        int[] totals = {3 * partSize + partSize / 2 + 1_234, 2 * partSize};
        for (int total : totals) {
            byte[] archive = new byte[total];
            random.nextBytes(archive);
            String key = "equal-parts/" + total;
            PartListingClient listing = new PartListingClient(client);
            try (MultipartUploadStream upload = new MultipartUploadStream(listing, BUCKET, key, parts(2), uploads, MultipartUploadStream.MAX_PARTS)) {
                for (int offset = 0; offset < total; ) {
                    // single bytes, a few hundred bytes, and writes that fill more than one part at once
                    int most = switch (random.nextInt(3)) {
                        case 0 -> 1;
                        case 1 -> 1_000;
                        default -> 2 * partSize + 777;
                    };
                    int n = Math.min(total - offset, 1 + random.nextInt(most));
                    upload.write(archive, offset, n);
                    offset += n;
                }
                upload.complete();
            }

            int fullParts = total / partSize;
            List<Long> expected = new ArrayList<>(java.util.Collections.nCopies(fullParts, (long) partSize));
            if (total % partSize > 0) {
                expected.add((long) (total % partSize));
            }
            assertThat(listing.sentPartNumbers()).as(key + ": part numbers sent").containsExactlyElementsOf(
                    java.util.stream.IntStream.rangeClosed(1, expected.size()).boxed().toList());
            assertThat(listing.sentPartSizes()).as(key + ": part sizes sent").containsExactlyElementsOf(expected);
            assertThat(listing.storedPartSizes()).as(key + ": part sizes S3Proxy held before completing").containsExactlyElementsOf(expected);
            assertThat(expected.get(expected.size() - 1)).as(key + ": the last part").isPositive().isLessThanOrEqualTo((long) partSize);
            assertThat(client.getObjectAsBytes(builder -> builder.bucket(BUCKET).key(key)).asByteArray()).as(key).isEqualTo(archive);
        }
        assertThat(new BucketUploads(client, settings).openUploads("")).isEmpty();
    }

    @Test
    void anUploadLeftOpenIsListedAndAbortedOnceAndASecondAbortFindsItGone() throws Exception {
        BucketUploads bucketUploads = new BucketUploads(client, settings);
        java.time.Instant before = java.time.Instant.now().minusSeconds(5);
        String uploadId = client.createMultipartUpload(builder -> builder.bucket(BUCKET).key("left/open")).uploadId();

        java.util.List<OpenUpload> open = bucketUploads.openUploads("left/");
        assertThat(open).extracting(OpenUpload::key, OpenUpload::uploadId).containsExactly(org.assertj.core.groups.Tuple.tuple("left/open", uploadId));
        assertThat(open.get(0).initiated()).as("when it was begun, which an age rule reads").isBetween(before, java.time.Instant.now().plusSeconds(5));
        assertThat(bucketUploads.openUploads("elsewhere/")).isEmpty();
        assertThat(bucketUploads.abort(open.get(0))).isTrue();
        assertThat(bucketUploads.abort(open.get(0)))
                .as("a second replica aborting the same upload finds it gone, which is not an error").isFalse();
        assertThat(bucketUploads.openUploads("left/")).isEmpty();
    }

    private static UploadParts parts(int inFlight) {
        return new UploadParts(MultipartUploadStream.MIN_PART_SIZE, inFlight, SETTING);
    }

    private static MultipartUploadStream stream(String key, int inFlight) {
        return new MultipartUploadStream(client, BUCKET, key, parts(inFlight), uploads, MultipartUploadStream.MAX_PARTS);
    }
}
