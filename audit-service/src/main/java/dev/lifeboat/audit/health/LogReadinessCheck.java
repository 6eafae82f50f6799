package dev.lifeboat.audit.health;

import dev.lifeboat.audit.log.ActivityLog;
import io.smallrye.health.api.AsyncHealthCheck;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;

/** Ready when the activity log answers: proves the connection and this service's schema. */
@Readiness
@ApplicationScoped
public class LogReadinessCheck implements AsyncHealthCheck {

    private final ActivityLog log;

    public LogReadinessCheck(ActivityLog log) {
        this.log = log;
    }

    @Override
    public Uni<HealthCheckResponse> call() {
        return log.newestReceivedAt()
                .map(value -> HealthCheckResponse.named("activity log").up().withData("newestEntryAt", String.valueOf(value)).build())
                .onFailure().recoverWithItem(e -> HealthCheckResponse.named("activity log").down().withData("error", e.getMessage()).build());
    }
}
