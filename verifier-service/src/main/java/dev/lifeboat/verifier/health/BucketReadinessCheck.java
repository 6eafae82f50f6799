package dev.lifeboat.verifier.health;

import dev.lifeboat.verifier.config.StorageConfig;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.s3.S3Client;

/** Ready only when the backup bucket answers (HEAD bucket). Runs on a worker thread: the S3 client blocks. */
@Readiness
@ApplicationScoped
public class BucketReadinessCheck implements HealthCheck {

    private final S3Client s3;
    private final StorageConfig storage;

    public BucketReadinessCheck(S3Client s3, StorageConfig storage) {
        this.s3 = s3;
        this.storage = storage;
    }

    @Override
    public HealthCheckResponse call() {
        var response = HealthCheckResponse.named("backup bucket").withData("bucket", storage.bucket());
        try {
            s3.headBucket(request -> request.bucket(storage.bucket()));
            return response.up().build();
        } catch (SdkException e) {
            return response.down().withData("error", e.getClass().getSimpleName() + ": " + e.getMessage()).build();
        }
    }
}
