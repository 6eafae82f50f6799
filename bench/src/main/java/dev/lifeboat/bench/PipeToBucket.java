package dev.lifeboat.bench;

import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.CompletedPart;

import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * What a user would script to put a stream in the bucket, as {@code aws s3 cp - s3://…} does: a multipart upload of 8 MiB
 * parts, four in flight, or one PutObject for a stream smaller than one part (its multipart threshold). The anchor of
 * the backup benchmark uploads {@code pg_dump | zstd} with it.
 */
final class PipeToBucket {

    private static final int PART_BYTES = 8 << 20;
    private static final int IN_FLIGHT = 4;

    private PipeToBucket() {
    }

    /** Uploads the stream to its end; returns the bytes uploaded. */
    static long upload(S3Client s3, String bucket, String key, InputStream in) throws Exception {
        byte[] first = in.readNBytes(PART_BYTES);
        if (first.length < PART_BYTES) { // under the multipart threshold: one PutObject, as aws s3 cp does
            s3.putObject(b -> b.bucket(bucket).key(key), RequestBody.fromBytes(first));
            return first.length;
        }
        String uploadId = s3.createMultipartUpload(b -> b.bucket(bucket).key(key)).uploadId();
        ExecutorService uploads = Executors.newFixedThreadPool(IN_FLIGHT);
        List<Future<CompletedPart>> parts = new ArrayList<>();
        long total = 0;
        try {
            for (int number = 1; ; number++) {
                byte[] part = number == 1 ? first : in.readNBytes(PART_BYTES);
                if (part.length == 0 && number > 1) {
                    break;
                }
                total += part.length;
                int partNumber = number;
                parts.add(uploads.submit(() -> CompletedPart.builder().partNumber(partNumber).eTag(s3.uploadPart(b -> b.bucket(bucket)
                        .key(key).uploadId(uploadId).partNumber(partNumber), RequestBody.fromBytes(part)).eTag()).build()));
                if (parts.size() >= IN_FLIGHT) {
                    parts.get(parts.size() - IN_FLIGHT).get(); // at most IN_FLIGHT parts in memory
                }
                if (part.length < PART_BYTES) {
                    break;
                }
            }
            List<CompletedPart> done = new ArrayList<>();
            for (Future<CompletedPart> part : parts) {
                done.add(part.get());
            }
            s3.completeMultipartUpload(b -> b.bucket(bucket).key(key).uploadId(uploadId).multipartUpload(m -> m.parts(done)));
            return total;
        } catch (Exception e) {
            s3.abortMultipartUpload(b -> b.bucket(bucket).key(key).uploadId(uploadId));
            throw e;
        } finally {
            uploads.shutdownNow();
        }
    }

    /** Runs a shell pipeline and uploads what it prints; returns the seconds from start to the completed upload. */
    static double pipeline(S3Client s3, String bucket, String key, String command, String password) throws Exception {
        ProcessBuilder builder = new ProcessBuilder("bash", "-c", "set -o pipefail; " + command).redirectError(ProcessBuilder.Redirect.INHERIT);
        builder.environment().put("PGPASSWORD", password);
        long start = System.nanoTime();
        Process process = builder.start();
        try (InputStream out = process.getInputStream()) {
            upload(s3, bucket, key, out);
        }
        if (process.waitFor() != 0) {
            throw new IOException("the anchor pipeline exited with " + process.exitValue());
        }
        return (System.nanoTime() - start) / 1e9;
    }
}
