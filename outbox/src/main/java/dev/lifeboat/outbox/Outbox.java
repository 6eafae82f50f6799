package dev.lifeboat.outbox;

import dev.lifeboat.service.reactive.ReactiveSessions;
import io.quarkus.hibernate.reactive.panache.Panache;
import dev.lifeboat.events.data.EventData;
import dev.lifeboat.events.envelope.CloudEvent;
import dev.lifeboat.events.envelope.EventCodec;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.function.Supplier;

/**
 * Writes events into the outbox: inside the caller's transaction ({@link #add}), so an event exists exactly
 * when the state it reports was committed, or in a transaction of its own ({@link #commit}); either way the
 * {@link OutboxRelay} publishes it, awaiting Kafka's acknowledgement, even after a crash or while Kafka is down.
 */
@ApplicationScoped
public class Outbox {

    private final EventCodec codec = new EventCodec();
    private final EventSource source;
    private final OutboxRelay relay;

    public Outbox(EventSource source, OutboxRelay relay) {
        this.source = source;
        this.relay = relay;
    }

    /** A new event of this service ({@link EventSource#source()}) in the flow {@code correlationId}. */
    public <T extends EventData> CloudEvent<T> event(String correlationId, T data) {
        return CloudEvent.of(source.source(), correlationId, data);
    }

    /**
     * Commits the event to the outbox in a transaction of its own and asks the relay to publish it now
     * (blocking: worker threads only). When this returns the event cannot be lost; it is published once Kafka takes it.
     */
    public void commit(CloudEvent<? extends EventData> event) {
        commit(() -> Uni.createFrom().voidItem(), event);
    }

    /**
     * Commits a change of state and the event that reports it in one transaction, then asks the relay to publish it
     * now (blocking: worker threads only): the state is changed exactly when its event exists, so a crash between the
     * two cannot leave a state no event will ever report.
     */
    public void commit(Supplier<Uni<?>> change, CloudEvent<? extends EventData> event) {
        ReactiveSessions.await(() -> Panache.withTransaction(() -> change.get().chain(() -> add(event))));
        relay.publishPendingQuietly();
    }

    /**
     * Takes a request that came in through an API: checked as its consumer will check it (an
     * {@link dev.lifeboat.events.envelope.InvalidEventException} says why not, which the API answers with
     * a 400), committed, and published in the background, so the caller's 202 means "recorded, and sent
     * once Kafka takes it" and is given at once even while Kafka is down (blocking: worker threads only).
     */
    public void accept(CloudEvent<? extends EventData> request) {
        accept(request, () -> Uni.createFrom().item(true));
    }

    /**
     * Checks a request as its consumer will check it ({@link dev.lifeboat.events.envelope.InvalidEventException} says why
     * not), before an API asks anything else of it.
     */
    public void check(CloudEvent<? extends EventData> request) {
        codec.check(request);
    }

    /**
     * As {@link #accept(CloudEvent)}, committing the service's own record of the request in the same transaction: a
     * service that takes its own request records it at once, and its consumer, meeting the request's id again, ignores
     * the repeat. {@code recorded} answers whether the request was new: a repeat of its id adds no second event.
     */
    public void accept(CloudEvent<? extends EventData> request, Supplier<Uni<Boolean>> recorded) {
        record(request, recorded);
        relay.publishSoon();
    }

    /**
     * As {@link #accept(CloudEvent, Supplier)}, leaving the publication to the caller ({@link OutboxRelay#publishSoon()})
     * or to the relay's schedule: a service that starts work on its own request first publishes once that work has started,
     * so the two do not share the database and the event loop. When {@code recorded} answers false (the request's id was
     * recorded already) the event went out the first time, and is not added again.
     */
    public void record(CloudEvent<? extends EventData> request, Supplier<Uni<Boolean>> recorded) {
        codec.check(request);
        ReactiveSessions.await(() -> Panache.withTransaction(() -> recorded.get()
                .chain(isNew -> isNew ? add(request) : Uni.createFrom().voidItem())));
    }

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
