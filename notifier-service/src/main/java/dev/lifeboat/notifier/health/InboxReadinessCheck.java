package dev.lifeboat.notifier.health;

import dev.lifeboat.notifier.inbox.NotificationInbox;
import io.smallrye.health.api.AsyncHealthCheck;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;

/** Ready when the notification inbox answers: proves the connection and this service's schema. */
@Readiness
@ApplicationScoped
public class InboxReadinessCheck implements AsyncHealthCheck {

    private final NotificationInbox inbox;

    public InboxReadinessCheck(NotificationInbox inbox) {
        this.inbox = inbox;
    }

    @Override
    public Uni<HealthCheckResponse> call() {
        return inbox.unsent()
                .map(value -> HealthCheckResponse.named("notification inbox").up().withData("unsentEvents", String.valueOf(value)).build())
                .onFailure().recoverWithItem(e -> HealthCheckResponse.named("notification inbox").down().withData("error", e.getMessage()).build());
    }
}
