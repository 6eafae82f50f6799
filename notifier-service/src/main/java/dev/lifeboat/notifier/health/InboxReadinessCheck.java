package dev.lifeboat.notifier.health;

import dev.lifeboat.notifier.delivery.DeliveryLog;
import io.smallrye.health.api.AsyncHealthCheck;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;

/** Ready when the delivery log answers: proves the connection and this service's schema. */
@Readiness
@ApplicationScoped
public class InboxReadinessCheck implements AsyncHealthCheck {

    private final DeliveryLog deliveries;

    public InboxReadinessCheck(DeliveryLog deliveries) {
        this.deliveries = deliveries;
    }

    @Override
    public Uni<HealthCheckResponse> call() {
        return deliveries.pending()
                .map(value -> HealthCheckResponse.named("notification inbox").up().withData("pendingDeliveries", String.valueOf(value)).build())
                .onFailure().recoverWithItem(e -> HealthCheckResponse.named("notification inbox").down().withData("error", e.getMessage()).build());
    }
}
