package dev.lifeboat.verifier.storage;

import dev.lifeboat.archive.BackupManifest;
import dev.lifeboat.archive.ManifestJson;
import dev.lifeboat.archive.bucket.BucketSettings;
import jakarta.enterprise.context.ApplicationScoped;
import software.amazon.awssdk.core.ResponseInputStream;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.GetObjectResponse;
import software.amazon.awssdk.services.s3.model.NoSuchKeyException;

import java.io.IOException;
import java.nio.charset.StandardCharsets;

/** Backups, manifests and reports in the bucket (blocking: call on a worker thread). A missing object is a {@link MissingObjectException}. */
@ApplicationScoped
public class BucketObjects {

    private final S3Client s3;
    private final String bucket;

    public BucketObjects(S3Client s3, BucketSettings config) {
        this.s3 = s3;
        this.bucket = config.bucket();
    }

    public BackupManifest manifest(String key) throws IOException {
        try {
            return ManifestJson.read(text(key));
        } catch (IllegalArgumentException e) {
            throw new IOException("s3://" + bucket + "/" + key + " is not a readable manifest: " + e.getMessage(), e);
        }
    }

    public String text(String key) throws IOException {
        try {
            return s3.getObjectAsBytes(b -> b.bucket(bucket).key(key)).asString(StandardCharsets.UTF_8);
        } catch (NoSuchKeyException e) {
            throw new MissingObjectException(bucket, key);
        } catch (SdkException e) {
            throw new IOException("cannot read s3://" + bucket + "/" + key + ": " + e.getMessage(), e);
        }
    }

    /** The stored bytes of an object, as a stream; the caller closes it (or aborts it, to stop early). */
    public ResponseInputStream<GetObjectResponse> open(String key) throws IOException {
        try {
            return s3.getObject(b -> b.bucket(bucket).key(key));
        } catch (NoSuchKeyException e) {
            throw new MissingObjectException(bucket, key);
        } catch (SdkException e) {
            throw new IOException("cannot read s3://" + bucket + "/" + key + ": " + e.getMessage(), e);
        }
    }

    public void put(String key, String contentType, String body) throws IOException {
        try {
            s3.putObject(b -> b.bucket(bucket).key(key).contentType(contentType), RequestBody.fromString(body, StandardCharsets.UTF_8));
        } catch (SdkException e) {
            throw new IOException("cannot write s3://" + bucket + "/" + key + ": " + e.getMessage(), e);
        }
    }

    public String bucket() {
        return bucket;
    }
}
