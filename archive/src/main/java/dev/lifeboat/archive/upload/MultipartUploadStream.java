package dev.lifeboat.archive.upload;

import dev.lifeboat.archive.bucket.BucketException;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.AbortMultipartUploadRequest;
import software.amazon.awssdk.services.s3.model.CompleteMultipartUploadRequest;
import software.amazon.awssdk.services.s3.model.CompletedMultipartUpload;
import software.amazon.awssdk.services.s3.model.CompletedPart;
import software.amazon.awssdk.services.s3.model.CreateMultipartUploadRequest;
import software.amazon.awssdk.services.s3.model.PutObjectRequest;
import software.amazon.awssdk.services.s3.model.UploadPartRequest;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executor;

/**
 * An {@link OutputStream} that is an S3 multipart upload: bytes fill a part buffer, full parts upload on
 * another thread while the next fills, {@link #complete()} finishes the object. Memory is bounded by
 * (uploads in flight + 1) part buffers, reused, made only as needed: the first starts at {@value #FIRST_BUFFER} bytes
 * and doubles up to the part size as it fills, so a small archive (most of a fleet's) holds kilobytes, not
 * (in flight + 1) part sizes, and many backups at once fit the heap. The multipart upload is begun only when the first
 * part is full: an archive smaller than one part is stored by one {@code PutObject} at {@link #complete()}, as
 * {@code aws s3 cp -} stores a stream under its multipart threshold (two round trips fewer, a tenth of a small backup's
 * time). Anything that goes wrong before {@code complete()} is followed by {@link #abort()}, which removes the upload
 * and every part of it. Every part but the last is exactly the part size, whatever the sizes of the writes (Cloudflare R2
 * refuses an upload whose parts differ; S3 only wants them at least 5 MiB): a part is sent when its buffer holds the part
 * size, and only then, but for the last at {@code complete()}.
 */
public final class MultipartUploadStream extends OutputStream {

    private static final System.Logger LOG = System.getLogger(MultipartUploadStream.class.getName());

    public static final int MIN_PART_SIZE = 5 * 1024 * 1024;
    /** S3's limit on the parts of one upload. */
    public static final int MAX_PARTS = 10_000;
    /** The first buffer's size; it doubles as it fills, up to the part size. */
    static final int FIRST_BUFFER = 256 * 1024;

    private final S3Client s3;
    private final String bucket;
    private final String key;
    /** Null until the first part is full. */
    private String uploadId;
    private final Executor uploads;
    private final int maxParts;
    private final BlockingQueue<byte[]> freeBuffers;
    private final int partSize;
    /** The setting that sets the part size, named where an object outgrows its parts. */
    private final String partSizeSetting;
    private final int maxBuffers;
    private int buffersMade;
    private final List<CompletableFuture<CompletedPart>> parts = new ArrayList<>();
    private byte[] current;
    private int filled;
    private boolean finished;

    /** @param maxParts S3's {@value #MAX_PARTS}; fewer in a test of an object that outgrows them */
    MultipartUploadStream(S3Client s3, String bucket, String key, UploadParts parts, Executor uploads, int maxParts) {
        this.s3 = s3;
        this.bucket = bucket;
        this.key = key;
        this.uploads = uploads;
        this.maxParts = maxParts;
        this.partSize = parts.partSize();
        this.partSizeSetting = parts.setting();
        this.maxBuffers = parts.inFlight() + 1;
        this.freeBuffers = new ArrayBlockingQueue<>(maxBuffers);
    }

    public String key() {
        return key;
    }

    @Override
    public void write(int b) throws IOException {
        write(new byte[]{(byte) b}, 0, 1);
    }

    @Override
    public void write(byte[] bytes, int offset, int length) throws IOException {
        while (length > 0) {
            if (current == null) {
                current = takeBuffer();
                filled = 0;
            }
            if (filled == current.length) {
                current = Arrays.copyOf(current, Math.min(partSize, current.length * 2)); // under the part size: grow
            }
            int n = Math.min(length, current.length - filled);
            System.arraycopy(bytes, offset, current, filled, n);
            filled += n;
            offset += n;
            length -= n;
            if (filled == partSize) {
                sendCurrent(); // the only place a part is cut before complete(): every part but the last is partSize bytes
            }
        }
    }

    /** Uploads the last part and completes the object; an archive smaller than one part is put whole. */
    public void complete() throws IOException {
        if (uploadId == null) {
            putWhole();
            return;
        }
        if (current != null && filled > 0) {
            sendCurrent();
        }
        List<CompletedPart> completed = new ArrayList<>();
        for (CompletableFuture<CompletedPart> part : parts) {
            completed.add(await(part));
        }
        completed.sort(Comparator.comparing(CompletedPart::partNumber));
        try {
            s3.completeMultipartUpload(CompleteMultipartUploadRequest.builder().bucket(bucket).key(key).uploadId(uploadId)
                    .multipartUpload(CompletedMultipartUpload.builder().parts(completed).build()).build());
        } catch (SdkException e) {
            throw new BucketException("completing the upload of " + key + " failed: " + e.getMessage(), e);
        }
        finished = true;
    }

    /** Removes the upload and its parts; safe to call after a failure of any kind, and more than once. */
    public void abort() {
        if (finished) {
            return;
        }
        finished = true;
        if (uploadId == null) {
            return; // nothing was sent
        }
        for (CompletableFuture<CompletedPart> part : parts) {
            part.handle((done, failure) -> null).join();
        }
        try {
            s3.abortMultipartUpload(AbortMultipartUploadRequest.builder().bucket(bucket).key(key).uploadId(uploadId).build());
        } catch (SdkException e) {
            // what is left of it is an open upload: the sweep of abandoned uploads removes it
            LOG.log(System.Logger.Level.WARNING, "Could not abort the upload of " + key + "; the sweep of abandoned uploads will: "
                    + e.getMessage());
        }
    }

    /** Closing is not completing: a stream closed without {@link #complete()} (e.g. by a failure) is aborted. */
    @Override
    public void close() {
        abort();
    }

    private void sendCurrent() throws IOException {
        byte[] buffer = current;
        int length = filled;
        int partNumber = parts.size() + 1;
        if (partNumber > maxParts) {
            throw new UploadTooLargeException(key + " needs more than " + maxParts + " parts of " + partSize
                    + " bytes, S3's limit for one object; raise " + partSizeSetting + " (the largest object is "
                    + maxParts + " times the part size)");
        }
        if (uploadId == null) {
            try {
                uploadId = s3.createMultipartUpload(CreateMultipartUploadRequest.builder().bucket(bucket).key(key).build()).uploadId();
            } catch (SdkException e) {
                throw new BucketException("cannot start uploading " + key + " to bucket " + bucket + ": " + e.getMessage(), e);
            }
        }
        current = null;
        filled = 0;
        String upload = uploadId;
        parts.add(CompletableFuture.supplyAsync(() -> {
            try {
                String etag = s3.uploadPart(UploadPartRequest.builder().bucket(bucket).key(key).uploadId(upload)
                                .partNumber(partNumber).contentLength((long) length).build(),
                        RequestBody.fromContentProvider(() -> new ByteArrayInputStream(buffer, 0, length), length,
                                "application/octet-stream")).eTag();
                return CompletedPart.builder().partNumber(partNumber).eTag(etag).build();
            } finally {
                freeBuffers.add(buffer);
            }
        }, uploads));
        // Fail fast: a part that already failed stops the writer.
        for (CompletableFuture<CompletedPart> part : parts) {
            if (part.isCompletedExceptionally()) {
                await(part);
            }
        }
    }

    private void putWhole() throws BucketException {
        byte[] buffer = current == null ? new byte[0] : current;
        int length = filled;
        try {
            s3.putObject(PutObjectRequest.builder().bucket(bucket).key(key).contentLength((long) length).build(),
                    RequestBody.fromContentProvider(() -> new ByteArrayInputStream(buffer, 0, length), length, "application/octet-stream"));
        } catch (SdkException e) {
            throw new BucketException("storing " + key + " failed: " + e.getMessage(), e);
        }
        current = null;
        finished = true;
    }

    /** A free buffer; a new one while fewer than (in flight + 1) exist (the first small, later ones of the part size). */
    private byte[] takeBuffer() throws IOException {
        byte[] free = freeBuffers.poll();
        if (free != null) {
            return free;
        }
        if (buffersMade < maxBuffers) {
            buffersMade++;
            return new byte[buffersMade == 1 ? Math.min(FIRST_BUFFER, partSize) : partSize];
        }
        try {
            return freeBuffers.take();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while waiting for a part upload", e);
        }
    }

    private CompletedPart await(CompletableFuture<CompletedPart> part) throws IOException {
        try {
            return part.get();
        } catch (ExecutionException e) {
            throw new BucketException("uploading a part of " + key + " failed: " + e.getCause().getMessage(), e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while uploading " + key, e);
        }
    }
}
