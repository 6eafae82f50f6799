package dev.lifeboat.archive.upload;

import dev.lifeboat.archive.bucket.BucketException;
import dev.lifeboat.archive.bucket.BucketSettings;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.NoSuchUploadException;
import software.amazon.awssdk.services.s3.model.S3Exception;

import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Writing large objects into the bucket as they are made (a backup's archive from its pipe), and sweeping uploads a
 * crash left open. Blocking: worker threads only. Parts upload on this bean's own daemon threads.
 */
@ApplicationScoped
public class BucketUploads {

    private final S3Client s3;
    private final String bucket;
    private final ExecutorService partUploads;

    public BucketUploads(S3Client s3, BucketSettings settings) {
        this.s3 = s3;
        this.bucket = settings.bucket();
        AtomicInteger threads = new AtomicInteger();
        this.partUploads = Executors.newCachedThreadPool(task -> {
            Thread thread = new Thread(task, "bucket-part-upload-" + threads.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        });
    }

    /** Stops the part uploads' threads (with the application, or with the client of a bucket made outside CDI). */
    @PreDestroy
    public void stop() {
        partUploads.shutdownNow();
    }

    /** An upload of {@code key} (multipart once it outgrows one part); the caller completes it, or closes it to abort. */
    public MultipartUploadStream open(String key, UploadParts parts) {
        return new MultipartUploadStream(s3, bucket, key, parts, partUploads, MultipartUploadStream.MAX_PARTS);
    }

    /** Multipart uploads under {@code prefix} that were begun and neither completed nor aborted. */
    public List<OpenUpload> openUploads(String prefix) throws BucketException {
        try {
            return s3.listMultipartUploadsPaginator(b -> b.bucket(bucket).prefix(prefix)).uploads().stream()
                    .map(upload -> new OpenUpload(upload.key(), upload.uploadId(), upload.initiated())).toList();
        } catch (SdkException e) {
            throw new BucketException("cannot list the open uploads of " + bucket + ": " + e.getMessage(), e);
        }
    }

    /** @return false when the upload was already gone: another replica's sweep, or its writer, ended it first */
    public boolean abort(OpenUpload upload) throws BucketException {
        try {
            s3.abortMultipartUpload(b -> b.bucket(bucket).key(upload.key()).uploadId(upload.uploadId()));
            return true;
        } catch (NoSuchUploadException e) {
            return false;
        } catch (S3Exception e) {
            if (e.statusCode() == 404) {
                return false;
            }
            throw new BucketException("cannot abort the upload of " + upload.key() + ": " + e.getMessage(), e);
        } catch (SdkException e) {
            throw new BucketException("cannot abort the upload of " + upload.key() + ": " + e.getMessage(), e);
        }
    }
}
