package dev.lifeboat.notifier.messaging;

import dev.lifeboat.events.envelope.CloudEvent;
import dev.lifeboat.notifier.inbox.NotificationInbox;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.jboss.logging.Logger;

import java.time.Duration;

/**
 * Reads the backup, restore and verification event topics (validated by the channel's
 * {@code EventDeserializer}; invalid messages go to {@code lifeboat.dead-letter}) and persists each
 * event before any notification about it is attempted.
 */
@ApplicationScoped
public class LifeboatEventConsumer {

    private static final Logger LOG = Logger.getLogger(LifeboatEventConsumer.class);

    private final NotificationInbox inbox;

    public LifeboatEventConsumer(NotificationInbox inbox) {
        this.inbox = inbox;
    }

    @Incoming("lifeboat-events")
    public Uni<Void> consume(CloudEvent<?> event) {
        return inbox.receive(event)
                .onFailure().invoke(e -> LOG.warnf("Persisting %s %s failed: %s", event.type(), event.id(), e))
                .onFailure().retry().withBackOff(Duration.ofMillis(200), Duration.ofSeconds(5)).atMost(5);
    }
}
