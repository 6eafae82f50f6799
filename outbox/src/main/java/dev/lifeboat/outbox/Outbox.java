package dev.lifeboat.outbox;

import dev.lifeboat.events.EventData;
import dev.lifeboat.events.envelope.CloudEvent;
import dev.lifeboat.events.envelope.EventCodec;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;

import java.nio.charset.StandardCharsets;
import java.time.Instant;

/**
 * Writes events into the outbox inside the caller's transaction: an event exists exactly when the state
 * it reports was committed, and the {@link OutboxRelay} publishes it even after a crash.
 */
@ApplicationScoped
public class Outbox {

    private final EventCodec codec = new EventCodec();

    /** Must run inside {@code Panache.withTransaction}. */
    public Uni<Void> add(CloudEvent<? extends EventData> event) {
        OutboxEntry entry = new OutboxEntry();
        entry.eventId = event.id();
        entry.topic = event.eventType().topic();
        entry.recordKey = event.subject();
        entry.type = event.type();
        entry.payload = new String(codec.encodeStructured(event), StandardCharsets.UTF_8);
        entry.createdAt = Instant.now();
        return entry.persist().replaceWithVoid();
    }
}
