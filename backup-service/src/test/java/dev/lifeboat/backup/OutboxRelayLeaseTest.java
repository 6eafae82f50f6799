package dev.lifeboat.backup;

import dev.lifeboat.events.backup.BackupRequested;
import dev.lifeboat.events.backup.BackupTrigger;
import dev.lifeboat.events.envelope.CloudEvent;
import dev.lifeboat.events.envelope.EventCodec;
import dev.lifeboat.outbox.OutboxRelay;
import dev.lifeboat.realservers.RealServers;
import dev.lifeboat.realservers.kafka.KafkaProbe;
import dev.lifeboat.realservers.quarkus.InjectRealServers;
import io.quarkus.test.junit.QuarkusTest;
import io.smallrye.reactive.messaging.MutinyEmitter;
import dev.lifeboat.service.stopping.RunsAtStop;
import io.smallrye.reactive.messaging.kafka.KafkaClientService;
import io.vertx.core.Vertx;
import jakarta.inject.Inject;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.eclipse.microprofile.reactive.messaging.Channel;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.function.Function;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Replicas of a service share one outbox table. Their relays must not publish the same pending events side by side:
 * only the holder of the relay lease publishes, so each event reaches its topic once.
 */
@QuarkusTest
class OutboxRelayLeaseTest {

    private static final int EVENTS = 300;

    @InjectRealServers
    RealServers servers;

    @Inject
    @Channel("lifeboat-events-out")
    MutinyEmitter<CloudEvent<?>> kafka;

    @Inject
    Vertx vertx;

    @Inject
    KafkaClientService kafkaClients;

    /** A service gets the channel's settings from the outbox's jar (its META-INF/microprofile-config.properties). */
    @Test
    void theServicesProducerTakesTheOutboxsSettings() {
        Map<String, ?> producer = kafkaClients.getProducer("lifeboat-events-out").configuration();

        assertThat(String.valueOf(producer.get("linger.ms"))).isEqualTo("0");
        assertThat(String.valueOf(producer.get("acks"))).isEqualTo("all");
    }

    @Test
    void threeRelaysOnOneOutboxPublishEachPendingEventOnce() throws Exception {
        String key = "relay-lease-" + UUID.randomUUID();
        try (Connection connection = servers.postgres().orElseThrow().connect("lifeboat");
             PreparedStatement insert = connection.prepareStatement("INSERT INTO backup.outbox_event "
                     + "(event_id, topic, record_key, type, payload, created_at) VALUES (?, ?, ?, ?, ?, now())")) {
            connection.setAutoCommit(false);
            for (int i = 0; i < EVENTS; i++) {
                CloudEvent<BackupRequested> event = CloudEvent.of("/lifeboat/backup-service", key + "-" + i,
                        new BackupRequested(key + "-" + i, "orders-db", BackupTrigger.MANUAL, "lease-test", Map.of()));
                insert.setString(1, event.id());
                insert.setString(2, "lifeboat.backup.requests.lease-test");
                insert.setString(3, key);
                insert.setString(4, event.type());
                insert.setString(5, new String(new EventCodec().encodeStructured(event), StandardCharsets.UTF_8));
                insert.addBatch();
            }
            insert.executeBatch();
            connection.commit();
        }

        OutboxRelay second = new OutboxRelay(kafka, vertx, new RunsAtStop());
        OutboxRelay third = new OutboxRelay(kafka, vertx, new RunsAtStop());
        CompletableFuture.allOf(CompletableFuture.runAsync(second::publishPendingQuietly),
                CompletableFuture.runAsync(third::publishPendingQuietly)).get();
        await().atMost(Duration.ofSeconds(60)).until(() -> unsent(key) == 0);

        List<ConsumerRecord<String, byte[]>> published = new KafkaProbe(servers.kafka().orElseThrow().bootstrapServers())
                .allRecords("lifeboat.backup.requests.lease-test", record -> key.equals(record.key()));
        Map<String, Long> timesPublished = published.stream().collect(Collectors.groupingBy(
                record -> new String(record.headers().lastHeader("ce_id").value(), StandardCharsets.UTF_8), Collectors.counting()));
        assertThat(timesPublished).hasSize(EVENTS);
        assertThat(timesPublished.values().stream().collect(Collectors.groupingBy(Function.identity(), Collectors.counting())))
                .as("how many events were published how many times").containsOnlyKeys(1L);
    }

    @Test
    void anEventThatCanNeverBePublishedIsSetAsideAndHoldsUpNoEventAfterIt() throws Exception {
        String key = "relay-poison-" + UUID.randomUUID();
        List<String> ids = new java.util.ArrayList<>();
        try (Connection connection = servers.postgres().orElseThrow().connect("lifeboat");
             PreparedStatement insert = connection.prepareStatement("INSERT INTO backup.outbox_event "
                     + "(event_id, topic, record_key, type, payload, created_at) VALUES (?, ?, ?, ?, ?, now())")) {
            for (int i = 0; i < 3; i++) {
                CloudEvent<BackupRequested> event = CloudEvent.of("/lifeboat/backup-service", key + "-" + i,
                        new BackupRequested(key + "-" + i, "orders-db", BackupTrigger.MANUAL, "poison-test", Map.of()));
                String payload = new String(new EventCodec().encodeStructured(event), StandardCharsets.UTF_8);
                // the first one carries a NUL, which the contract refuses (PostgreSQL could not store it downstream)
                insert.setString(1, event.id());
                insert.setString(2, "lifeboat.backup.requests.poison-test");
                insert.setString(3, key);
                insert.setString(4, event.type());
                insert.setString(5, i == 0 ? payload.replace("poison-test", "poison\\u0000test") : payload);
                insert.executeUpdate();
                ids.add(event.id());
            }
        }

        new OutboxRelay(kafka, vertx, new RunsAtStop()).publishPendingQuietly();
        await().atMost(Duration.ofSeconds(60)).until(() -> unsent(key) == 1);

        try (Connection connection = servers.postgres().orElseThrow().connect("lifeboat");
             PreparedStatement query = connection.prepareStatement(
                     "SELECT event_id, sent_at IS NOT NULL, rejected FROM backup.outbox_event WHERE record_key = ? ORDER BY seq")) {
            query.setString(1, key);
            try (ResultSet rows = query.executeQuery()) {
                rows.next();
                assertThat(rows.getString(1)).isEqualTo(ids.get(0));
                assertThat(rows.getBoolean(2)).as("the poisoned event is not sent").isFalse();
                assertThat(rows.getString(3)).contains("NUL character");
                for (int i = 1; i < 3; i++) {
                    rows.next();
                    assertThat(rows.getBoolean(2)).as("event %d after it is sent", i).isTrue();
                }
            }
        }
    }

    private long unsent(String key) throws Exception {
        try (Connection connection = servers.postgres().orElseThrow().connect("lifeboat");
             PreparedStatement query = connection.prepareStatement("SELECT count(*) FROM backup.outbox_event WHERE record_key = ? AND sent_at IS NULL")) {
            query.setString(1, key);
            try (ResultSet rows = query.executeQuery()) {
                rows.next();
                return rows.getLong(1);
            }
        }
    }
}
