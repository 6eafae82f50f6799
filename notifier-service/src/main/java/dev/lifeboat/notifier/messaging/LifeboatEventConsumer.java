package dev.lifeboat.notifier.messaging;

import dev.lifeboat.service.messaging.ConsumerRetry;
import dev.lifeboat.events.envelope.CloudEvent;
import dev.lifeboat.notifier.delivery.DeliveryPlanner;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.jboss.logging.Logger;


/**
 * Reads the backup, restore and verification event topics (validated by the channel's
 * {@code EventDeserializer}; an unknown type or a malformed message goes to {@code lifeboat.dead-letter}
 * with its reason) and plans each event's deliveries; the offset is committed once they are persisted,
 * before any is attempted.
 */
@ApplicationScoped
public class LifeboatEventConsumer {

    private static final Logger LOG = Logger.getLogger(LifeboatEventConsumer.class);

    private final DeliveryPlanner planner;

    private final ConsumerRetry retry;

    public LifeboatEventConsumer(DeliveryPlanner planner, ConsumerRetry retry) {
        this.planner = planner;
        this.retry = retry;
    }

    @Incoming("lifeboat-events")
    public Uni<Void> consume(CloudEvent<?> event) {
        return retry.retrying(planner.receive(event)
                .onFailure().invoke(e -> LOG.warnf("Planning the notifications of %s %s failed: %s", event.type(), event.id(), e)));
    }
}
