package dev.lifeboat.audit;

import dev.lifeboat.events.data.EventData;
import dev.lifeboat.events.envelope.CloudEvent;
import dev.lifeboat.events.envelope.EncodedEvent;
import dev.lifeboat.events.envelope.EventCodec;
import dev.lifeboat.realservers.RealServers;
import dev.lifeboat.realservers.kafka.KafkaProbe;
import dev.lifeboat.realservers.tokens.LocalTokens;
import io.restassured.path.json.JsonPath;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.Headers;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;

/** Publishes to the real broker the way other Lifeboat services do, and reads the log back through the API. */
final class AuditTrail {

    static final Duration TIMEOUT = Duration.ofSeconds(60);

    private final KafkaProbe kafka;
    private final EventCodec codec = new EventCodec();

    private AuditTrail(KafkaProbe kafka) {
        this.kafka = kafka;
    }

    /** Publishes to the broker of these servers. */
    static AuditTrail on(RealServers servers) {
        return new AuditTrail(new KafkaProbe(servers.kafka().orElseThrow().bootstrapServers()));
    }

    static <T extends EventData> CloudEvent<T> event(String correlationId, Instant time, T data) {
        CloudEvent<T> event = CloudEvent.of("/test", correlationId, data);
        return new CloudEvent<>(event.id(), event.source(), event.type(), event.subject(), time, correlationId, data);
    }

    void publish(CloudEvent<?> event) {
        EncodedEvent encoded = codec.encode(event);
        kafka.send(encoded.topic(), encoded.key(), LocalTokens.asRequester(event, encoded.headers()), encoded.value());
    }

    /** Waits until the audit consumer has consumed (and committed past) everything on these events' topics. */
    void awaitConsumed(CloudEvent<?>... events) {
        for (String topic : java.util.Arrays.stream(events).map(event -> codec.encode(event).topic()).distinct().toList()) {
            kafka.awaitConsumed("audit-service", topic, TIMEOUT);
        }
    }

    void publishAll(List<? extends CloudEvent<?>> events) {
        kafka.sendAll(events.stream().map(event -> {
            EncodedEvent encoded = codec.encode(event);
            return new ProducerRecord<>(encoded.topic(), null, encoded.key(), encoded.value(), LocalTokens.asRequester(event, encoded.headers()));
        }).toList());
    }

    void publishRaw(String topic, String key, Headers headers, byte[] value) {
        kafka.send(topic, key, headers, value);
    }

    /** {@code GET /api/audit} as a viewer, with these query parameters; answers 200. */
    /** Events in this service's outbox not yet acknowledged by Kafka. */
    static long pendingOutboxEvents(RealServers servers) throws java.sql.SQLException {
        dev.lifeboat.realservers.postgres.PostgresServer postgres = servers.postgres().orElseThrow();
        try (java.sql.Connection connection = postgres.connect(dev.lifeboat.realservers.postgres.PostgresServer.DATABASE);
             java.sql.ResultSet count = connection.createStatement().executeQuery(
                     "SELECT count(*) FROM audit.outbox_event WHERE sent_at IS NULL AND rejected IS NULL")) {
            count.next();
            return count.getLong(1);
        }
    }

    static JsonPath page(Map<String, ?> query) {
        return given().auth().oauth2(LocalTokens.forTest("viewer")).queryParams(query).when().get("/api/audit")
                .then().statusCode(200).extract().jsonPath();
    }

    /** The logged row of one event, once it is logged. */
    static JsonPath awaitLogged(String correlationId, String eventId) {
        await().atMost(TIMEOUT).until(() -> page(Map.of("correlationId", correlationId, "limit", 1000))
                .getList("entries.eventId").contains(eventId));
        return new JsonPath(page(Map.of("correlationId", correlationId, "limit", 1000)).prettify());
    }

    static JsonPath verify() {
        return given().auth().oauth2(LocalTokens.forTest("viewer")).when().get("/api/audit/verify")
                .then().statusCode(200).extract().jsonPath();
    }
}
