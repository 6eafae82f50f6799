package dev.lifeboat.archive.copy;

import dev.lifeboat.archive.bucket.BucketObjects;
import dev.lifeboat.archive.bucket.BucketSettings;
import dev.lifeboat.archive.bucket.S3Clients;
import dev.lifeboat.archive.upload.BucketUploads;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import software.amazon.awssdk.services.s3.S3Client;

import java.util.Optional;

/**
 * The second bucket's objects and uploads ({@link CopySettings}), through an S3 client of its own (its own endpoint and
 * credentials), closed with the application; empty when no second bucket is configured.
 */
@ApplicationScoped
public class SecondBucket {

    private final S3Client client;
    private final BucketObjects objects;
    private final BucketUploads uploads;

    public SecondBucket(CopySettings settings, BucketSettings primary) {
        Optional<BucketSettings> bucket = settings.asBucket();
        bucket.ifPresent(second -> refuseThePrimary(second, primary));
        this.client = bucket.map(S3Clients::create).orElse(null);
        this.objects = bucket.map(configured -> new BucketObjects(client, configured)).orElse(null);
        this.uploads = bucket.map(configured -> new BucketUploads(client, configured)).orElse(null);
    }

    /**
     * The second bucket must be another bucket: one that is the primary would have the copies' retention delete the
     * primary's backups, and hold no second copy.
     */
    static void refuseThePrimary(BucketSettings second, BucketSettings primary) {
        if (second.bucket().equals(primary.bucket()) && second.endpoint().equals(primary.endpoint())) {
            throw new IllegalArgumentException("lifeboat.copy.bucket names the primary bucket (" + primary.bucket() + " at "
                    + primary.endpoint().map(Object::toString).orElse("AWS S3") + "): the second copy must be another bucket, "
                    + "best on another endpoint, region or account");
        }
    }

    /** The second bucket's objects, when one is configured. */
    public Optional<BucketObjects> objects() {
        return Optional.ofNullable(objects);
    }

    /** Uploads into the second bucket; call only when {@link #objects()} is present. */
    public BucketUploads uploads() {
        if (uploads == null) {
            throw new IllegalStateException("no second bucket is configured (lifeboat.copy.bucket)");
        }
        return uploads;
    }

    @PreDestroy
    void close() {
        if (client != null) {
            uploads.stop();
            client.close();
        }
    }
}
