package dev.lifeboat.notifier.messaging;

import dev.lifeboat.events.EventData;
import dev.lifeboat.events.envelope.CloudEvent;
import dev.lifeboat.events.notification.NotificationFailed;
import dev.lifeboat.events.notification.NotificationSent;
import dev.lifeboat.notifier.delivery.Delivery;
import dev.lifeboat.notifier.message.MessageJson;
import io.smallrye.mutiny.Uni;
import io.smallrye.reactive.messaging.MutinyEmitter;
import io.smallrye.reactive.messaging.kafka.Record;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.reactive.messaging.Channel;

import java.time.Duration;

/**
 * Publishes {@code NotificationSent} and {@code NotificationFailed} on {@code lifeboat.notification.events}
 * (keyed by database id, correlated with the event notified about) and waits for Kafka's ack (blocking:
 * the delivery worker's thread), so a delivery is marked announced only once it is.
 */
@ApplicationScoped
public class NotificationEvents {

    static final String SOURCE = "/lifeboat/notifier-service";

    private final MutinyEmitter<Record<String, CloudEvent<?>>> out;

    public NotificationEvents(@Channel("notification-events-out") MutinyEmitter<Record<String, CloudEvent<?>>> out) {
        this.out = out;
    }

    public void announce(Delivery delivery) {
        EventData data = delivery.status == Delivery.Status.SENT
                ? new NotificationSent(delivery.id, delivery.databaseId, delivery.eventId, delivery.eventType, delivery.channel, delivery.attempts)
                : new NotificationFailed(delivery.id, delivery.databaseId, delivery.eventId, delivery.eventType, delivery.channel,
                delivery.attempts, delivery.lastError);
        CloudEvent<EventData> event = CloudEvent.of(SOURCE, correlationOf(delivery), data);
        Uni<Void> sent = out.send(Record.of(event.subject(), event));
        sent.await().atMost(Duration.ofSeconds(30));
    }

    /** The flow of the event notified about; a digest or reminder is its own. */
    private static String correlationOf(Delivery delivery) {
        try {
            String correlation = MessageJson.read(delivery.message).correlationId();
            return correlation != null ? correlation : delivery.eventId;
        } catch (IllegalArgumentException e) {
            return delivery.eventId;
        }
    }
}
