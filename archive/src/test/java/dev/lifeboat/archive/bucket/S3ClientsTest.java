package dev.lifeboat.archive.bucket;

import dev.lifeboat.archive.upload.BucketUploads;
import dev.lifeboat.archive.upload.MultipartUploadStream;
import dev.lifeboat.archive.upload.UploadParts;
import dev.lifeboat.realservers.s3.S3Server;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.services.s3.S3Client;

import java.io.IOException;
import java.io.InputStream;
import java.util.List;
import java.util.Locale;
import java.util.Queue;
import java.util.Random;
import java.util.concurrent.ConcurrentLinkedQueue;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The S3 client the bucket settings make, against a real S3 API server (S3Proxy), as Cloudflare R2 needs it: region
 * {@code auto}, and the SDK's checksums only where an operation requires one. The requests are observed as sent.
 */
class S3ClientsTest {

    private static final String BUCKET = "clients";
    private static final UploadParts PARTS = new UploadParts(MultipartUploadStream.MIN_PART_SIZE, 1, "lifeboat.backup.part-size-bytes");

    private static S3Server s3;

    @BeforeAll
    static void start() {
        s3 = S3Server.start(BUCKET);
    }

    @AfterAll
    static void stop() {
        if (s3 != null) {
            s3.close();
        }
    }

    @Test
    void aClientInRegionAutoWithChecksumsWhenRequiredStoresAndReadsObjectsWholeAndInPartsWithoutTheSdksChecksums() throws IOException {
        BucketSettings settings = BucketSettings.pathStyle(s3.endpoint(), "auto", BUCKET, s3.accessKey(), s3.secretKey(),
                BucketSettings.Checksums.WHEN_REQUIRED);
        byte[] small = bytes(300_000, 1);
        byte[] large = bytes(2 * MultipartUploadStream.MIN_PART_SIZE + MultipartUploadStream.MIN_PART_SIZE / 2 + 99, 2);
        SentRequests sent = new SentRequests();

        try (S3Client client = S3Clients.builder(settings).overrideConfiguration(o -> o.addExecutionInterceptor(sent)).build()) {
            BucketObjects objects = new BucketObjects(client, settings);
            BucketUploads uploads = new BucketUploads(client, settings);
            upload(uploads, "auto/small", small);
            upload(uploads, "auto/large", large);
            objects.put("auto/put", "application/octet-stream", small);

            assertThat(client.getObjectAsBytes(b -> b.bucket(BUCKET).key("auto/small")).asByteArray()).isEqualTo(small);
            assertThat(client.getObjectAsBytes(b -> b.bucket(BUCKET).key("auto/put")).asByteArray()).isEqualTo(small);
            try (InputStream whole = objects.open("auto/large")) {
                assertThat(whole.readAllBytes()).isEqualTo(large);
            }
            try (InputStream ranged = objects.openInParallel("auto/large", large.length, 3)) {
                assertThat(ranged.readAllBytes()).as("through ranged GETs side by side").isEqualTo(large);
            }
            assertThat(uploads.openUploads("auto/")).isEmpty();
        }

        assertThat(sent.operations()).contains("PutObjectRequest", "CreateMultipartUploadRequest", "UploadPartRequest",
                "CompleteMultipartUploadRequest", "GetObjectRequest");
        assertThat(sent.checksumHeaders()).as("the SDK's checksum headers").isEmpty();
        assertThat(sent.all()).allSatisfy(request -> assertThat(request.authorization()).as(request.operation())
                .contains("/auto/s3/aws4_request"));
    }

    @Test
    void theDefaultClientSendsTheSdksChecksumsOnEveryUpload() throws IOException {
        BucketSettings settings = BucketSettings.pathStyle(s3.endpoint(), S3Server.REGION, BUCKET, s3.accessKey(), s3.secretKey());
        assertThat(settings.checksums()).isEqualTo(BucketSettings.Checksums.WHEN_SUPPORTED);
        byte[] large = bytes(MultipartUploadStream.MIN_PART_SIZE + 1_000, 3);
        SentRequests sent = new SentRequests();

        try (S3Client client = S3Clients.builder(settings).overrideConfiguration(o -> o.addExecutionInterceptor(sent)).build()) {
            new BucketObjects(client, settings).put("default/put", "application/octet-stream", bytes(1_000, 4));
            upload(new BucketUploads(client, settings), "default/large", large);
            assertThat(client.getObjectAsBytes(b -> b.bucket(BUCKET).key("default/large")).asByteArray()).isEqualTo(large);
        }

        // what the other test's absence of checksum headers is measured against
        assertThat(sent.checksumHeaders()).as("checksum headers of each upload request")
                .anySatisfy(header -> assertThat(header).startsWith("PutObjectRequest "))
                .anySatisfy(header -> assertThat(header).startsWith("UploadPartRequest "));
    }

    private static void upload(BucketUploads uploads, String key, byte[] content) throws IOException {
        try (MultipartUploadStream upload = uploads.open(key, PARTS)) {
            upload.write(content, 0, content.length);
            upload.complete();
        }
    }

    private static byte[] bytes(int size, long seed) {
        byte[] bytes = new byte[size];
        new Random(seed).nextBytes(bytes);
        return bytes;
    }

    /** One request as it went on the wire: its operation (the SDK's request class), header names and signature. */
    record SentRequest(String operation, List<String> headerNames, String authorization) {
    }

    /** Every request a client sends, as signed (part uploads run on other threads). */
    static final class SentRequests implements ExecutionInterceptor {

        private final Queue<SentRequest> sent = new ConcurrentLinkedQueue<>();

        @Override
        public void beforeTransmission(Context.BeforeTransmission context, ExecutionAttributes executionAttributes) {
            sent.add(new SentRequest(context.request().getClass().getSimpleName(),
                    context.httpRequest().headers().keySet().stream().map(name -> name.toLowerCase(Locale.ROOT)).toList(),
                    context.httpRequest().firstMatchingHeader("Authorization").orElse("")));
        }

        List<SentRequest> all() {
            return List.copyOf(sent);
        }

        List<String> operations() {
            return all().stream().map(SentRequest::operation).distinct().toList();
        }

        /** "operation header" for each checksum header sent: a checksum, its trailer, or the algorithm the SDK chose. */
        List<String> checksumHeaders() {
            return all().stream().flatMap(request -> request.headerNames().stream()
                            .filter(name -> name.startsWith("x-amz-checksum-") || name.equals("x-amz-trailer")
                                    || name.equals("x-amz-sdk-checksum-algorithm"))
                            .map(name -> request.operation() + " " + name))
                    .toList();
        }
    }
}
