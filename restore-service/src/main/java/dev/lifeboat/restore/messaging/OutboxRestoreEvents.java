package dev.lifeboat.restore.messaging;

import dev.lifeboat.events.data.EventData;
import dev.lifeboat.outbox.Outbox;
import dev.lifeboat.restore.job.RestoreEvents;
import jakarta.enterprise.context.ApplicationScoped;


/** Publishes the restore events on {@code lifeboat.restore.events}, keyed by database id, through the transactional outbox (blocking). */
@ApplicationScoped
public class OutboxRestoreEvents implements RestoreEvents {

    private final Outbox outbox;

    public OutboxRestoreEvents(Outbox outbox) {
        this.outbox = outbox;
    }

    @Override
    public void publish(String correlationId, EventData data) {
        outbox.commit(outbox.event(correlationId, data));
    }
}
