package dev.lifeboat.backup.health;

import dev.lifeboat.backup.intake.BackupRequestIntake;
import io.smallrye.health.api.AsyncHealthCheck;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;

/** Ready when the backup requests table answers: proves the connection and this service's schema. */
@Readiness
@ApplicationScoped
public class IntakeReadinessCheck implements AsyncHealthCheck {

    private final BackupRequestIntake intake;

    public IntakeReadinessCheck(BackupRequestIntake intake) {
        this.intake = intake;
    }

    @Override
    public Uni<HealthCheckResponse> call() {
        return intake.lastReceivedAt()
                .map(value -> HealthCheckResponse.named("backup request intake").up().withData("lastRequestAt", String.valueOf(value)).build())
                .onFailure().recoverWithItem(e -> HealthCheckResponse.named("backup request intake").down().withData("error", e.getMessage()).build());
    }
}
