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

    public SecondBucket(CopySettings settings) {
        Optional<BucketSettings> bucket = settings.asBucket();
        this.client = bucket.map(S3Clients::create).orElse(null);
        this.objects = bucket.map(configured -> new BucketObjects(client, configured)).orElse(null);
        this.uploads = bucket.map(configured -> new BucketUploads(client, configured)).orElse(null);
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
