package dev.lifeboat.notifier.delivery;

import dev.lifeboat.events.envelope.CloudEvent;
import dev.lifeboat.notifier.config.NotifierConfig;
import dev.lifeboat.notifier.inbox.NotifiableEvent;
import dev.lifeboat.notifier.message.EventMessages;
import dev.lifeboat.notifier.message.Message;
import dev.lifeboat.notifier.message.MessageJson;
import dev.lifeboat.notifier.restoretest.NewestRestoreTests;
import dev.lifeboat.notifier.routing.Route;
import dev.lifeboat.notifier.routing.RegistryLabels;
import dev.lifeboat.notifier.routing.RoutingRules;
import dev.lifeboat.notifier.message.Severity;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;

import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * Turns a received event into deliveries, in one transaction with the record that it was received (so a
 * redelivered Kafka message plans nothing twice): one delivery per routed channel, rendered now. A
 * failure of a database whose previous failure went to the same channel less than the digest window ago
 * is not sent on its own: it is counted by that window's digest, sent when the window ends.
 */
@ApplicationScoped
public class DeliveryPlanner {

    private final RoutingRules rules;
    private final NotifierConfig config;
    private final Clock clock;
    private final NewestRestoreTests restoreTests;
    private final RegistryLabels registryLabels;

    public DeliveryPlanner(RoutingRules rules, RegistryLabels registryLabels, NotifierConfig config, Clock clock,
                           NewestRestoreTests restoreTests) {
        this.rules = rules;
        this.registryLabels = registryLabels;
        this.restoreTests = restoreTests;
        this.config = config;
        this.clock = clock;
    }

    public Uni<Void> receive(CloudEvent<?> event) {
        return Panache.withTransaction(() -> NotifiableEvent.<NotifiableEvent>findById(event.id())
                .chain(seen -> seen != null ? Uni.createFrom().voidItem() : plan(event)));
    }

    private Uni<Void> plan(CloudEvent<?> event) {
        return registryLabels.of(event.subject()).chain(labels -> plan(event, labels));
    }

    private Uni<Void> plan(CloudEvent<?> event, Map<String, String> labels) {
        Instant now = clock.instant().truncatedTo(ChronoUnit.MICROS);
        Severity severity = Severity.of(event);
        List<Route> routes = rules.routes(event.eventType(), event.subject(), labels, severity);
        NotifiableEvent received = new NotifiableEvent();
        received.eventId = event.id();
        received.type = event.type();
        received.databaseId = event.subject();
        received.correlationId = event.correlationId();
        received.occurredAt = event.time();
        received.receivedAt = now;
        received.status = routes.isEmpty() ? "NO_ROUTE" : "ROUTED";
        Message message = EventMessages.of(event, severity);
        Uni<Void> chain = received.persist().chain(() -> restoreTests.remember(event));
        for (Route route : routes) {
            chain = chain.chain(() -> planOne(event, route, message, severity, now));
        }
        return chain;
    }

    private Uni<Void> planOne(CloudEvent<?> event, Route route, Message message, Severity severity, Instant now) {
        Delivery delivery = newDelivery(event.id(), route, Delivery.Kind.EVENT, message, now);
        if (severity != Severity.ERROR) {
            return delivery.persist().replaceWithVoid();
        }
        return Delivery.<Delivery>find("databaseId = ?1 and channel = ?2 and kind = ?3 and status <> ?4 and windowEndsAt > ?5 "
                        + "order by createdAt desc", event.subject(), route.channel(), Delivery.Kind.EVENT, Delivery.Status.COLLAPSED, now)
                .firstResult()
                .chain(open -> {
                    if (open == null) {
                        delivery.windowEndsAt = now.plus(config.digest().window());
                        return delivery.persist().replaceWithVoid();
                    }
                    return digestOf(open, route, message, now).chain(digest -> {
                        digest.collapsed++;
                        delivery.status = Delivery.Status.COLLAPSED;
                        delivery.nextAttemptAt = null;
                        delivery.digestId = digest.id;
                        return delivery.persist().replaceWithVoid();
                    });
                });
    }

    /** The digest of the window {@code open} started: found, or created due when the window ends. */
    private Uni<Delivery> digestOf(Delivery open, Route route, Message message, Instant now) {
        String digestEventId = "digest-" + open.id;
        return Delivery.<Delivery>find("eventId = ?1 and channel = ?2", digestEventId, route.channel()).firstResult()
                .chain(found -> {
                    if (found != null) {
                        return Uni.createFrom().item(found);
                    }
                    Delivery digest = newDelivery(digestEventId, route, Delivery.Kind.DIGEST, message, now);
                    digest.eventType = "digest";
                    digest.nextAttemptAt = open.windowEndsAt;
                    return digest.persist();
                });
    }

    /** A reminder's delivery to one route. */
    public static Delivery reminder(String eventId, Route route, Message message, Instant now) {
        return newDelivery(eventId, route, Delivery.Kind.REMINDER, message, now);
    }

    static Delivery newDelivery(String eventId, Route route, Delivery.Kind kind, Message message, Instant now) {
        Delivery delivery = new Delivery();
        delivery.id = UUID.randomUUID().toString();
        delivery.eventId = eventId;
        delivery.channel = route.channel();
        delivery.kind = kind;
        delivery.rule = route.rule();
        delivery.databaseId = message.databaseId();
        delivery.eventType = message.eventType();
        delivery.severity = message.severity().name();
        delivery.recipients = route.recipients().toArray(String[]::new);
        delivery.message = MessageJson.write(message);
        delivery.status = Delivery.Status.PENDING;
        delivery.nextAttemptAt = now;
        delivery.occurredAt = message.occurredAt();
        delivery.createdAt = now;
        return delivery;
    }
}
