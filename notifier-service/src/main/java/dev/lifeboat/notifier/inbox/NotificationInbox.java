package dev.lifeboat.notifier.inbox;

import dev.lifeboat.events.envelope.CloudEvent;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;

import java.time.Instant;
import java.util.List;

/** Every event received, each once, newest first. */
@ApplicationScoped
public class NotificationInbox {

    public Uni<Void> receive(CloudEvent<?> event) {
        return Panache.withTransaction(() -> NotifiableEvent.<NotifiableEvent>findById(event.id())
                .onItem().ifNull().switchTo(() -> {
                    NotifiableEvent row = new NotifiableEvent();
                    row.eventId = event.id();
                    row.type = event.type();
                    row.databaseId = event.subject();
                    row.correlationId = event.correlationId();
                    row.occurredAt = event.time();
                    row.receivedAt = Instant.now();
                    row.status = "RECEIVED";
                    return row.persist();
                })
                .replaceWithVoid());
    }

    public Uni<List<NotifiableEvent>> newest(int limit) {
        return Panache.withSession(() -> NotifiableEvent.<NotifiableEvent>find("order by receivedAt desc").page(0, limit).list());
    }

    /** How many received events are not yet notified about. */
    public Uni<Long> unsent() {
        return Panache.withSession(() -> NotifiableEvent.count("status", "RECEIVED"));
    }
}
