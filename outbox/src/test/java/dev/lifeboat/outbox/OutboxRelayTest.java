package dev.lifeboat.outbox;

import dev.lifeboat.events.Topics;
import dev.lifeboat.events.backup.BackupRequested;
import dev.lifeboat.events.backup.BackupTrigger;
import dev.lifeboat.events.envelope.CloudEvent;
import dev.lifeboat.events.envelope.EventCodec;
import dev.lifeboat.outbox.OutboxTestServers.Row;
import dev.lifeboat.realservers.RealServers;
import dev.lifeboat.realservers.quarkus.InjectRealServers;
import dev.lifeboat.realservers.quarkus.RealServersTestResource;
import dev.lifeboat.service.reactive.ReactiveSessions;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.junit.QuarkusTest;
import io.smallrye.mutiny.Uni;
import io.smallrye.reactive.messaging.MutinyEmitter;
import dev.lifeboat.service.stopping.RunsAtStop;
import io.smallrye.reactive.messaging.kafka.KafkaClientService;
import io.vertx.core.Vertx;
import jakarta.inject.Inject;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.config.TopicConfig;
import org.eclipse.microprofile.reactive.messaging.Channel;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The outbox's relay on real Kafka and PostgreSQL. The schedule is off in these tests
 * ({@code lifeboat.tasks.outbox-relay=off}): each test runs the relay itself, as a scheduled run would
 * ({@link OutboxRelay#publishPending()}, on the test's thread, returning once Kafka acknowledged or refused each send).
 * Events are committed through {@link Outbox#add} in a transaction, as {@link Outbox#commit} does, but the relay is not
 * asked to publish them: what a process that crashed between its commit and the publication leaves behind. Each test
 * has a record key (database id) of its own, and starts from an empty outbox and a free lease.
 */
@QuarkusTest
@QuarkusTestResource(value = RealServersTestResource.class, initArgs = @ResourceArg(name = "servers", value = "kafka,postgres"))
class OutboxRelayTest {

    private static final Duration WAIT = Duration.ofSeconds(30);
    /** A holder of the lease that is not a relay of this process: a replica that died holding it. */
    private static final String DEAD_REPLICA = "replica-that-died";

    @InjectRealServers
    RealServers realServers;

    @Inject
    Outbox outbox;

    @Inject
    OutboxRelay relay;

    @Inject
    @Channel("lifeboat-events-out")
    MutinyEmitter<CloudEvent<?>> kafka;

    @Inject
    Vertx vertx;

    @Inject
    KafkaClientService kafkaClients;

    private final EventCodec codec = new EventCodec();
    private OutboxTestServers servers;

    @BeforeEach
    void emptyOutboxAndFreeLease() {
        servers = new OutboxTestServers(realServers);
        servers.emptyOutboxAndFreeLease();
    }

    /**
     * The channel's settings come from the outbox's own {@code META-INF/microprofile-config.properties} (this test's
     * application.properties names only the topic, as each service's does): the relay awaits each acknowledgement, so
     * the producer must not linger for a batch that never forms, and an acknowledgement must mean every in-sync replica.
     */
    @Test
    void theChannelsProducerSendsEachEventAtOnceAndIsAcknowledgedByEveryInSyncReplica() {
        Map<String, ?> producer = kafkaClients.getProducer("lifeboat-events-out").configuration();

        assertThat(String.valueOf(producer.get("linger.ms"))).isEqualTo("0");
        assertThat(String.valueOf(producer.get("acks"))).isEqualTo("all");
        assertThat(String.valueOf(producer.get("value.serializer"))).isEqualTo("dev.lifeboat.service.requests.SigningEventSerializer");
    }

    @Test
    void anEventCommittedButNeverPublishedGoesOutOnTheRelaysNextRunExactlyOnceWithItsKeyOnItsTopic() {
        String key = databaseId();
        servers.ensureTopic(Topics.BACKUP_REQUESTS, Map.of());
        CloudEvent<BackupRequested> event = request(key, 1, Map.of());
        commitWithoutPublishing(List.of(event));
        assertThat(servers.rows(key)).as("committed, not sent").containsExactly(new Row(event.id(), false, null));
        assertThat(servers.published(Topics.BACKUP_REQUESTS, key)).as("not on Kafka before the relay runs").isEmpty();

        runOnce(relay);

        List<ConsumerRecord<String, byte[]>> records = await().atMost(WAIT)
                .until(() -> servers.published(Topics.BACKUP_REQUESTS, key), published -> !published.isEmpty());
        assertThat(records).singleElement().satisfies(record -> {
            assertThat(record.topic()).isEqualTo(Topics.BACKUP_REQUESTS);
            assertThat(record.key()).isEqualTo(key);
            assertThat(codec.decode(record.headers(), record.value())).as("the event as committed").isEqualTo(event);
        });
        assertThat(servers.rows(key)).as("marked sent").containsExactly(new Row(event.id(), true, null));

        runOnce(relay);
        runOnce(relay);
        assertThat(servers.publishedIds(Topics.BACKUP_REQUESTS, key)).as("after two more runs").containsExactly(event.id());
    }

    /**
     * A service that takes its own request records it and its event together ({@link Outbox#record}); the same request
     * made again (the capture asking again for the backup that ends a gap: a new event, the request's id the same), which
     * its intake finds recorded already, adds no second event.
     */
    @Test
    void aRequestItsIntakeFindsRecordedAlreadyAddsNoSecondEvent() {
        String key = databaseId();
        CloudEvent<BackupRequested> first = request(key, 1, Map.of());
        CloudEvent<BackupRequested> again = request(key, 1, Map.of());

        outbox.record(first, () -> Uni.createFrom().item(true));
        outbox.record(again, () -> Uni.createFrom().item(false));

        assertThat(again.id()).isNotEqualTo(first.id());
        assertThat(servers.rows(key)).as("one event, from the first time").containsExactly(new Row(first.id(), false, null));
    }

    /**
     * The first event's send really fails: the broker refuses a record larger than its topic's {@code max.message.bytes}
     * ({@code RecordTooLargeException}, which neither the Kafka producer nor SmallRye's sink retries), until the limit is
     * raised; the events committed after it must not overtake it meanwhile.
     */
    @Test
    void eventsOfOneKeyGoOutInTheOrderTheyWereCommittedEvenWhenTheFirstIsRefusedAtFirst() {
        String key = databaseId();
        String topic = "lifeboat.outbox-test.order-" + key;
        servers.ensureTopic(topic, Map.of(TopicConfig.MAX_MESSAGE_BYTES_CONFIG, "4096"));
        CloudEvent<BackupRequested> large = request(key, 1, labelsOfAbout(6000));
        CloudEvent<BackupRequested> second = request(key, 2, Map.of());
        CloudEvent<BackupRequested> third = request(key, 3, Map.of());
        for (CloudEvent<BackupRequested> event : List.of(large, second, third)) {
            commitWithoutPublishing(topic, event);
        }

        runOnce(relay);
        runOnce(relay);
        assertThat(servers.rows(key)).as("the refused event stays pending, and none after it is sent").containsExactly(
                new Row(large.id(), false, null), new Row(second.id(), false, null), new Row(third.id(), false, null));
        servers.assertNothingPublished(topic, key);

        servers.setTopicConfig(topic, TopicConfig.MAX_MESSAGE_BYTES_CONFIG, "1048588");
        await().atMost(WAIT).pollInterval(Duration.ofMillis(500)).until(() -> {
            runOnce(relay);
            return servers.rows(key).stream().allMatch(Row::sent);
        });
        assertThat(servers.publishedIds(topic, key)).as("each once, in the order committed")
                .containsExactly(large.id(), second.id(), third.id());
    }

    /**
     * This process's relay after a restart (a new relay: no claim, no sends of its own) finds the lease held by a
     * replica that died: it publishes nothing until that lease has run out, then the pending events, in order.
     */
    @Test
    void whileAnotherRelaysLeaseIsValidNothingIsPublishedAndOnceItRunsOutThePendingEventsGoOutInOrder() {
        String key = databaseId();
        servers.ensureTopic(Topics.BACKUP_REQUESTS, Map.of());
        servers.sql("UPDATE " + OutboxTestServers.SCHEMA + ".outbox_relay_lease SET holder = '" + DEAD_REPLICA
                + "', until = now() + interval '1 hour' WHERE id = 1");
        List<CloudEvent<BackupRequested>> events = List.of(request(key, 1, Map.of()), request(key, 2, Map.of()),
                request(key, 3, Map.of()));
        commitWithoutPublishing(events);
        OutboxRelay restarted = new OutboxRelay(kafka, vertx, new RunsAtStop());

        runOnce(restarted);
        runOnce(restarted);
        assertThat(servers.rows(key)).extracting(Row::sent).as("nothing sent while the lease is another's")
                .containsExactly(false, false, false);
        servers.assertNothingPublished(Topics.BACKUP_REQUESTS, key);
        assertThat(servers.leaseHolder()).as("the lease is left to its holder").isEqualTo(DEAD_REPLICA);

        servers.sql("UPDATE " + OutboxTestServers.SCHEMA + ".outbox_relay_lease SET until = now() - interval '1 second' WHERE id = 1");
        runOnce(restarted);

        await().atMost(WAIT).until(() -> servers.rows(key).stream().allMatch(Row::sent));
        assertThat(servers.publishedIds(Topics.BACKUP_REQUESTS, key)).as("each once, in the order committed")
                .containsExactlyElementsOf(events.stream().map(CloudEvent::id).toList());
        assertThat(servers.leaseHolder()).as("the restarted relay took the lease over").startsWith("relay-");
    }

    /**
     * {@link Outbox#add} writes what it is given; an event with a NUL character in a text fails the contract's checks
     * ({@code InvalidEventException} when the relay reads it back), so no run could ever publish it.
     */
    @Test
    void anEventTheCodecRefusesIsSetAsideWithItsReasonAndTheEventsAfterItStillGoOut() {
        String key = databaseId();
        servers.ensureTopic(Topics.BACKUP_REQUESTS, Map.of());
        String poisonedId = key + "-1";
        CloudEvent<BackupRequested> poisoned = outbox.event(poisonedId,
                new BackupRequested(poisonedId, key, BackupTrigger.MANUAL, "outbox\0test", Map.of()));
        CloudEvent<BackupRequested> second = request(key, 2, Map.of());
        CloudEvent<BackupRequested> third = request(key, 3, Map.of());
        commitWithoutPublishing(List.of(poisoned, second, third));

        runOnce(relay);

        List<Row> rows = servers.rows(key);
        assertThat(rows).extracting(Row::eventId).containsExactly(poisoned.id(), second.id(), third.id());
        assertThat(rows.get(0).sent()).as("the refused event is not sent").isFalse();
        assertThat(rows.get(0).rejected()).as("its reason, in column rejected").contains("NUL character");
        assertThat(rows.subList(1, 3)).as("the events after it").allSatisfy(row -> {
            assertThat(row.sent()).isTrue();
            assertThat(row.rejected()).isNull();
        });
        assertThat(servers.publishedIds(Topics.BACKUP_REQUESTS, key)).containsExactly(second.id(), third.id());

        runOnce(relay);
        assertThat(servers.rows(key)).as("set aside for good: a later run leaves it as it is").isEqualTo(rows);
        assertThat(servers.publishedIds(Topics.BACKUP_REQUESTS, key)).containsExactly(second.id(), third.id());
    }

    /** Commits the events in one transaction through {@link Outbox#add}, and does not ask the relay to publish them. */
    private void commitWithoutPublishing(List<CloudEvent<BackupRequested>> events) {
        ReactiveSessions.await(() -> Panache.withTransaction(() -> {
            Uni<Void> adding = Uni.createFrom().voidItem();
            for (CloudEvent<BackupRequested> event : events) {
                adding = adding.chain(() -> outbox.add(event));
            }
            return adding;
        }));
    }

    /** As {@link #commitWithoutPublishing(List)}, one event, in the same transaction routed to a topic of the test's own. */
    private void commitWithoutPublishing(String topic, CloudEvent<BackupRequested> event) {
        ReactiveSessions.await(() -> Panache.withTransaction(() -> outbox.add(event)
                .chain(() -> OutboxEntry.update("topic = ?1 where eventId = ?2", topic, event.id()))));
    }

    /** One run of the relay, as the schedule starts it; a failure of the run itself (not of a send) fails the test. */
    private static void runOnce(OutboxRelay relay) {
        try {
            relay.publishPending();
        } catch (Throwable e) {
            throw new AssertionError("the relay's run failed", e);
        }
    }

    private CloudEvent<BackupRequested> request(String databaseId, int number, Map<String, String> labels) {
        String requestId = databaseId + "-" + number;
        return outbox.event(requestId, new BackupRequested(requestId, databaseId, BackupTrigger.MANUAL, "outbox-test", labels));
    }

    /** Labels of 1000 characters each (the contract allows 1024 a value), about {@code bytes} in all. */
    private static Map<String, String> labelsOfAbout(int bytes) {
        return IntStream.rangeClosed(1, (bytes + 999) / 1000).boxed()
                .collect(Collectors.toMap(i -> "note-" + i, i -> "x".repeat(1000)));
    }

    /** A database id of this test alone (the records' key): nothing another test publishes has it. */
    private static String databaseId() {
        return "outbox-" + UUID.randomUUID().toString().substring(0, 8);
    }
}
