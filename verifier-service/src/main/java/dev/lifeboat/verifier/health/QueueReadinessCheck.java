package dev.lifeboat.verifier.health;

import dev.lifeboat.verifier.verification.VerificationQueue;
import io.smallrye.health.api.AsyncHealthCheck;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;

/** Ready when the verification queue answers: proves the connection and this service's schema. */
@Readiness
@ApplicationScoped
public class QueueReadinessCheck implements AsyncHealthCheck {

    private final VerificationQueue queue;

    public QueueReadinessCheck(VerificationQueue queue) {
        this.queue = queue;
    }

    @Override
    public Uni<HealthCheckResponse> call() {
        return queue.oldestPendingSince()
                .map(value -> HealthCheckResponse.named("verification queue").up().withData("oldestPendingSince", String.valueOf(value)).build())
                .onFailure().recoverWithItem(e -> HealthCheckResponse.named("verification queue").down().withData("error", e.getMessage()).build());
    }
}
