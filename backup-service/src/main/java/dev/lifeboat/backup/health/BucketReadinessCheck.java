package dev.lifeboat.backup.health;

import dev.lifeboat.archive.bucket.BucketException;
import dev.lifeboat.archive.bucket.BucketObjects;
import io.smallrye.health.api.AsyncHealthCheck;
import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.infrastructure.Infrastructure;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.HealthCheckResponseBuilder;
import org.eclipse.microprofile.health.Readiness;

/**
 * Ready only when the backup bucket answers (HEAD bucket), asked on a worker thread: the bucket's client blocks. A hung
 * server (connections accepted, never answered) is down after {@link #ANSWER_WITHIN}, so the probe never hangs.
 */
@Readiness
@ApplicationScoped
public class BucketReadinessCheck implements AsyncHealthCheck {

    static final Duration ANSWER_WITHIN = Duration.ofSeconds(3);

    private final BucketObjects bucket;

    public BucketReadinessCheck(BucketObjects bucket) {
        this.bucket = bucket;
    }

    @Override
    public Uni<HealthCheckResponse> call() {
        return Uni.createFrom().item(this::headBucket)
                .runSubscriptionOn(Infrastructure.getDefaultWorkerPool())
                .ifNoItem().after(ANSWER_WITHIN)
                .recoverWithItem(() -> response().down()
                        .withData("error", "the bucket did not answer within " + ANSWER_WITHIN.toSeconds() + " s")
                        .build());
    }

    private HealthCheckResponse headBucket() {
        var response = response();
        try {
            bucket.reachable(ANSWER_WITHIN.plusSeconds(1));
            return response.up().build();
        } catch (BucketException e) {
            return response.down().withData("error", e.getMessage()).build();
        }
    }

    private HealthCheckResponseBuilder response() {
        return HealthCheckResponse.named("backup bucket").withData("bucket", bucket.bucket());
    }
}
