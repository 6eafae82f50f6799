package dev.lifeboat.restore.messaging;

import dev.lifeboat.outbox.Outbox;
import dev.lifeboat.events.EventData;
import jakarta.enterprise.context.ApplicationScoped;


/** Publishes the restore events on {@code lifeboat.restore.events}, keyed by database id, and waits for Kafka's ack (blocking). */
@ApplicationScoped
public class RestoreEvents {

    private final Outbox outbox;

    public RestoreEvents(Outbox outbox) {
        this.outbox = outbox;
    }

    /** @param correlationId the restore's correlation id */
    public void publish(String correlationId, EventData data) {
        outbox.commit(outbox.event(correlationId, data));
    }
}
