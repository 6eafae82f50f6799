package dev.lifeboat.restore.health;

import dev.lifeboat.restore.intake.RestoreRequestIntake;
import io.smallrye.health.api.AsyncHealthCheck;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;

/** Ready when the restore requests table answers: proves the connection and this service's schema. */
@Readiness
@ApplicationScoped
public class IntakeReadinessCheck implements AsyncHealthCheck {

    private final RestoreRequestIntake intake;

    public IntakeReadinessCheck(RestoreRequestIntake intake) {
        this.intake = intake;
    }

    @Override
    public Uni<HealthCheckResponse> call() {
        return intake.waiting()
                .map(value -> HealthCheckResponse.named("restore request intake").up().withData("waitingRequests", String.valueOf(value)).build())
                .onFailure().recoverWithItem(e -> HealthCheckResponse.named("restore request intake").down().withData("error", e.getMessage()).build());
    }
}
