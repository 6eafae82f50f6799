package dev.lifeboat.audit.health;

import dev.lifeboat.audit.log.ActivityLog;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.health.api.AsyncHealthCheck;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;

/** Ready when the log's head can be read: proves the connection, the schema and the writer role's grants. */
@Readiness
@ApplicationScoped
public class LogReadinessCheck implements AsyncHealthCheck {

    @Override
    public Uni<HealthCheckResponse> call() {
        return Panache.withSession(ActivityLog::head)
                .map(head -> HealthCheckResponse.named("activity log").up().withData("headSeq", head.seq()).build())
                .onFailure().recoverWithItem(e -> HealthCheckResponse.named("activity log").down().withData("error", e.getMessage()).build());
    }
}
