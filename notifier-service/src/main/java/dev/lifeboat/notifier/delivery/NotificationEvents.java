package dev.lifeboat.notifier.delivery;

import dev.lifeboat.outbox.Outbox;
import dev.lifeboat.events.data.EventData;
import dev.lifeboat.events.notification.NotificationFailed;
import dev.lifeboat.events.notification.NotificationSent;
import dev.lifeboat.notifier.delivery.Delivery;
import dev.lifeboat.notifier.message.MessageJson;
import jakarta.enterprise.context.ApplicationScoped;


/**
 * Publishes {@code NotificationSent} and {@code NotificationFailed} on {@code lifeboat.notification.events}
 * (keyed by database id, correlated with the event notified about) through the outbox (blocking: the
 * delivery worker's thread), so a delivery is marked announced only once its event cannot be lost.
 */
@ApplicationScoped
public class NotificationEvents {

    private final Outbox outbox;

    public NotificationEvents(Outbox outbox) {
        this.outbox = outbox;
    }

    public void announce(Delivery delivery) {
        EventData data = delivery.status == Delivery.Status.SENT
                ? new NotificationSent(delivery.id, delivery.databaseId, delivery.eventId, delivery.eventType, delivery.channel, delivery.attempts)
                : new NotificationFailed(delivery.id, delivery.databaseId, delivery.eventId, delivery.eventType, delivery.channel,
                delivery.attempts, delivery.lastError);
        outbox.commit(outbox.event(correlationOf(delivery), data));
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
