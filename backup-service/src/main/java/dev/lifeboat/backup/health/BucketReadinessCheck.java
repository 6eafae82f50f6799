package dev.lifeboat.backup.health;

import dev.lifeboat.archive.bucket.BucketSettings;
import io.smallrye.health.api.AsyncHealthCheck;
import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.infrastructure.Infrastructure;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.s3.S3Client;

/** Ready only when the backup bucket answers (HEAD bucket), asked on a worker thread: the S3 client blocks. */
@Readiness
@ApplicationScoped
public class BucketReadinessCheck implements AsyncHealthCheck {

    private final S3Client s3;
    private final BucketSettings storage;

    public BucketReadinessCheck(S3Client s3, BucketSettings storage) {
        this.s3 = s3;
        this.storage = storage;
    }

    @Override
    public Uni<HealthCheckResponse> call() {
        return Uni.createFrom().item(this::headBucket).runSubscriptionOn(Infrastructure.getDefaultWorkerPool());
    }

    private HealthCheckResponse headBucket() {
        var response = HealthCheckResponse.named("backup bucket").withData("bucket", storage.bucket());
        try {
            s3.headBucket(request -> request.bucket(storage.bucket()));
            return response.up().build();
        } catch (SdkException e) {
            return response.down().withData("error", e.getClass().getSimpleName() + ": " + e.getMessage()).build();
        }
    }
}
