package dev.lifeboat.backup;

import dev.lifeboat.events.Topics;
import dev.lifeboat.events.backup.BackupRequested;
import dev.lifeboat.events.envelope.CloudEvent;
import dev.lifeboat.events.envelope.CloudEventHeaders;
import dev.lifeboat.events.envelope.EventCodec;
import dev.lifeboat.events.data.Request;
import dev.lifeboat.service.api.Roles;
import dev.lifeboat.realservers.RealServers;
import dev.lifeboat.realservers.kafka.KafkaProbe;
import dev.lifeboat.realservers.quarkus.InjectRealServers;
import dev.lifeboat.realservers.tokens.LocalTokens;
import io.quarkus.test.junit.QuarkusTest;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;

/**
 * Backup requests arrive over real Kafka, from the API or from any system, and are recorded once;
 * what is not a valid request goes to the dead-letter topic with its reason, and consumption goes on.
 */
@QuarkusTest
class BackupRequestIntakeTest {

    @InjectRealServers
    RealServers servers;

    private KafkaProbe kafka;

    @BeforeEach
    void probe() {
        kafka = new KafkaProbe(servers.kafka().orElseThrow().bootstrapServers());
    }

    @Test
    void aRequestThroughTheApiIsPublishedAndRecorded() {
        ProtectedDatabases.create(servers.postgres().orElseThrow());
        ProtectedDatabases.registerOnTestServer(servers.postgres().orElseThrow(), "intake-db", "tiny", "");
        String requestId = given().auth().oauth2(LocalTokens.forTest("operator")).contentType("application/json")
                .body("{\"databaseId\":\"intake-db\",\"labels\":{\"ticket\":\"OPS-1\"}}")
                .when().post("/api/backups").then().statusCode(202)
                .body("status", equalTo("REQUESTED"))
                .extract().path("requestId");

        awaitRecorded(requestId);
        given().auth().oauth2(LocalTokens.forTest("viewer")).when().get("/api/backups/requests/" + requestId).then()
                .statusCode(200)
                .body("databaseId", equalTo("intake-db"))
                .body("trigger", equalTo("MANUAL"))
                .body("requestedBy", equalTo("operator-user"))
                .body("labels.ticket", equalTo("OPS-1"))
                .body("correlationId", equalTo(requestId));
    }

    @Test
    void aCloudEventFromAPlainKafkaProducerIsConsumedAndValidated() {
        String requestId = UUID.randomUUID().toString();
        kafka.send(Topics.BACKUP_REQUESTS, "billing-db", ceHeaders("billing-db", "corr-" + requestId), requestJson(requestId, "billing-db"));

        awaitRecorded(requestId);
        given().auth().oauth2(LocalTokens.forTest("viewer")).when().get("/api/backups/requests/" + requestId).then()
                .statusCode(200)
                .body("trigger", equalTo("EXTERNAL"))
                .body("requestedBy", equalTo("billing-system"))
                .body("correlationId", equalTo("corr-" + requestId));
    }

    @Test
    void aMalformedMessageLandsOnTheDeadLetterTopicWithItsReasonAndConsumptionGoesOn() throws Exception {
        String badId = UUID.randomUUID().toString();
        String bad = "{\"requestId\":\"" + badId + "\",\"databaseId\":\"orders-db\",\"trigger\":\"SOMETIME\",\"requestedBy\":\"x\"}";
        kafka.send(Topics.BACKUP_REQUESTS, "orders-db", ceHeaders("orders-db", badId), bad.getBytes(StandardCharsets.UTF_8));
        kafka.send(Topics.BACKUP_REQUESTS, "orders-db", new RecordHeaders(), "not json at all".getBytes(StandardCharsets.UTF_8));
        String goodId = UUID.randomUUID().toString();
        kafka.send(Topics.BACKUP_REQUESTS, "orders-db", ceHeaders("orders-db", goodId), requestJson(goodId, "orders-db"));

        ConsumerRecord<String, byte[]> dead = kafka.awaitRecord(Topics.DEAD_LETTER,
                record -> record.value() != null && new String(record.value(), StandardCharsets.UTF_8).contains(badId), Duration.ofSeconds(30)).orElseThrow();
        assertThat(header(dead, "dead-letter-reason"))
                .contains("field 'trigger' of dev.lifeboat.backup.requested.v1 must be one of SCHEDULE, MANUAL, PRE_RESTORE, EXTERNAL, SCHEMA_CHANGE, AFTER_RESTORE, REPLAY_BUDGET, not 'SOMETIME'");
        assertThat(header(dead, "dead-letter-topic")).isEqualTo(Topics.BACKUP_REQUESTS);
        assertThat(dead.key()).isEqualTo("orders-db");

        ConsumerRecord<String, byte[]> notJson = kafka.awaitRecord(Topics.DEAD_LETTER,
                record -> record.value() != null && new String(record.value(), StandardCharsets.UTF_8).equals("not json at all"), Duration.ofSeconds(30)).orElseThrow();
        assertThat(header(notJson, "dead-letter-reason")).startsWith("value is not valid JSON");

        awaitRecorded(goodId);
        assertThat(rowsFor(badId)).isZero();
    }

    @Test
    void aBadTimeHeaderANulCharacterAndAStructuredModeEventNeverStopTheConsumer() throws Exception {
        String badTime = UUID.randomUUID().toString();
        RecordHeaders yesterday = ceHeaders("orders-db", badTime);
        yesterday.add(CloudEventHeaders.TIME, "yesterday".getBytes(StandardCharsets.UTF_8));
        kafka.send(Topics.BACKUP_REQUESTS, "orders-db", yesterday, requestJson(badTime, "orders-db"));
        String nul = UUID.randomUUID().toString();
        kafka.send(Topics.BACKUP_REQUESTS, "orders-db", ceHeaders("orders-db", nul), ("{\"requestId\":\"" + nul
                + "\",\"databaseId\":\"orders-db\",\"trigger\":\"EXTERNAL\",\"requestedBy\":\"x\",\"labels\":{\"a\\u0000b\":\"v\"}}")
                .getBytes(StandardCharsets.UTF_8));
        String structured = UUID.randomUUID().toString();
        CloudEvent<BackupRequested> event = CloudEvent.of("/billing", "corr-" + structured,
                new BackupRequested(structured, "orders-db", dev.lifeboat.events.backup.BackupTrigger.EXTERNAL, "billing-system", Map.of()));
        RecordHeaders structuredHeaders = new RecordHeaders();
        structuredHeaders.add(CloudEventHeaders.CONTENT_TYPE, CloudEventHeaders.STRUCTURED_JSON.getBytes(StandardCharsets.UTF_8));
        kafka.send(Topics.BACKUP_REQUESTS, "orders-db", LocalTokens.asRequester(event, structuredHeaders), new EventCodec().encodeStructured(event));

        ConsumerRecord<String, byte[]> deadTime = kafka.awaitRecord(Topics.DEAD_LETTER,
                record -> record.value() != null && new String(record.value(), StandardCharsets.UTF_8).contains(badTime), Duration.ofSeconds(30)).orElseThrow();
        assertThat(header(deadTime, "dead-letter-reason")).contains("'time' is not an RFC 3339 timestamp: 'yesterday'");
        ConsumerRecord<String, byte[]> deadNul = kafka.awaitRecord(Topics.DEAD_LETTER,
                record -> record.value() != null && new String(record.value(), StandardCharsets.UTF_8).contains(nul), Duration.ofSeconds(30)).orElseThrow();
        assertThat(header(deadNul, "dead-letter-reason")).contains("NUL character");
        awaitRecorded(structured);
        assertThat(rowsFor(badTime) + rowsFor(nul)).isZero();
    }

    @Test
    void aValidEventOfAnotherTypeOnTheRequestTopicIsDeadLetteredNotRecorded() throws Exception {
        String requestId = UUID.randomUUID().toString();
        dev.lifeboat.events.envelope.CloudEvent<dev.lifeboat.events.backup.BackupFailed> other = dev.lifeboat.events.envelope.CloudEvent.of(
                "/elsewhere", requestId, new dev.lifeboat.events.backup.BackupFailed(requestId, null, "orders-db",
                        dev.lifeboat.events.backup.BackupTrigger.EXTERNAL, "X", "misrouted", 1, false));
        dev.lifeboat.events.envelope.EncodedEvent encoded = new dev.lifeboat.events.envelope.EventCodec().encode(other);
        kafka.send(Topics.BACKUP_REQUESTS, encoded.key(), encoded.headers(), encoded.value());

        ConsumerRecord<String, byte[]> dead = kafka.awaitRecord(Topics.DEAD_LETTER,
                record -> record.value() != null && new String(record.value(), StandardCharsets.UTF_8).contains("misrouted"), Duration.ofSeconds(30)).orElseThrow();
        assertThat(header(dead, "dead-letter-reason"))
                .contains("dev.lifeboat.backup.failed.v1 belongs on lifeboat.backup.events, not on lifeboat.backup.requests");
        assertThat(rowsFor(requestId)).isZero();
    }

    @Test
    void aRepeatedRequestIdIsRecordedOnce() throws Exception {
        String requestId = UUID.randomUUID().toString();
        kafka.send(Topics.BACKUP_REQUESTS, "orders-db", ceHeaders("orders-db", requestId), requestJson(requestId, "orders-db"));
        kafka.send(Topics.BACKUP_REQUESTS, "orders-db", ceHeaders("orders-db", requestId), requestJson(requestId, "orders-db"));
        String after = UUID.randomUUID().toString();
        kafka.send(Topics.BACKUP_REQUESTS, "orders-db", ceHeaders("orders-db", after), requestJson(after, "orders-db"));

        awaitRecorded(after);
        assertThat(rowsFor(requestId)).isEqualTo(1);
    }

    @Test
    void aRequestThatMeetsATransientDatabaseFailureIsRetriedNotDeadLettered() throws Exception {
        String requestId = UUID.randomUUID().toString();
        long rollbacksBefore = rollbacks();
        servers.postgres().orElseThrow().execute("lifeboat", "ALTER TABLE backup.backup_request RENAME TO backup_request_away");
        try {
            kafka.send(Topics.BACKUP_REQUESTS, "orders-db", ceHeaders("orders-db", requestId), requestJson(requestId, "orders-db"));
            // The first attempt has failed once its transaction shows as rolled back.
            await().atMost(Duration.ofSeconds(20)).until(() -> rollbacks() > rollbacksBefore);
        } finally {
            servers.postgres().orElseThrow().execute("lifeboat", "ALTER TABLE backup.backup_request_away RENAME TO backup_request");
        }
        awaitRecorded(requestId);
    }

    @Test
    void aValidRequestThatCannotBeRecordedAfterItsRetriesIsDeadLetteredWholeAndConsumptionGoesOn() throws Exception {
        String requestId = UUID.randomUUID().toString();
        CloudEvent<?> event;
        try (Connection connection = servers.postgres().orElseThrow().connect("lifeboat"); Statement sql = connection.createStatement()) {
            sql.execute("ALTER TABLE backup.backup_request RENAME TO backup_request_away");
            try {
                kafka.send(Topics.BACKUP_REQUESTS, "orders-db", ceHeaders("orders-db", "corr-" + requestId), requestJson(requestId, "orders-db"));
                ConsumerRecord<String, byte[]> dead = kafka.awaitRecord(Topics.DEAD_LETTER, record -> record.value() != null
                        && new String(record.value(), StandardCharsets.UTF_8).contains(requestId), Duration.ofSeconds(60)).orElseThrow();
                event = new EventCodec().decode(dead.headers(), dead.value());
                assertThat(header(dead, "dead-letter-reason")).contains("backup_request");
                assertThat(header(dead, "dead-letter-topic")).isEqualTo(Topics.BACKUP_REQUESTS);
            } finally {
                sql.execute("ALTER TABLE backup.backup_request_away RENAME TO backup_request");
            }
        }
        assertThat(event.requireData(BackupRequested.class).data().requestId()).isEqualTo(requestId);
        assertThat(event.correlationId()).isEqualTo("corr-" + requestId);
        String after = UUID.randomUUID().toString();
        kafka.send(Topics.BACKUP_REQUESTS, "orders-db", ceHeaders("orders-db", after), requestJson(after, "orders-db"));
        awaitRecorded(after);
    }

    private long rollbacks() throws Exception {
        try (Connection connection = servers.postgres().orElseThrow().connect("lifeboat");
             ResultSet result = connection.createStatement().executeQuery(
                     "SELECT xact_rollback FROM pg_stat_database WHERE datname = 'lifeboat'")) {
            result.next();
            return result.getLong(1);
        }
    }

    private void awaitRecorded(String requestId) {
        await().atMost(Duration.ofSeconds(30)).until(() -> rowsFor(requestId) == 1);
    }

    private long rowsFor(String requestId) throws Exception {
        try (Connection connection = servers.postgres().orElseThrow().connect("lifeboat");
             PreparedStatement query = connection.prepareStatement("SELECT count(*) FROM backup.backup_request WHERE request_id = ?")) {
            query.setString(1, requestId);
            try (ResultSet result = query.executeQuery()) {
                result.next();
                return result.getLong(1);
            }
        }
    }

    private static byte[] requestJson(String requestId, String databaseId) {
        return ("{\"requestId\":\"" + requestId + "\",\"databaseId\":\"" + databaseId
                + "\",\"trigger\":\"EXTERNAL\",\"requestedBy\":\"billing-system\"}").getBytes(StandardCharsets.UTF_8);
    }

    private static RecordHeaders ceHeaders(String databaseId, String correlationId) {
        RecordHeaders headers = new RecordHeaders();
        Map.of(CloudEventHeaders.SPEC_VERSION, "1.0",
                        CloudEventHeaders.ID, UUID.randomUUID().toString(),
                        CloudEventHeaders.SOURCE, "/billing",
                        CloudEventHeaders.TYPE, "dev.lifeboat.backup.requested.v1",
                        CloudEventHeaders.SUBJECT, databaseId,
                        CloudEventHeaders.CORRELATION_ID, correlationId,
                        CloudEventHeaders.CONTENT_TYPE, "application/json")
                .forEach((name, value) -> headers.add(name, value.getBytes(StandardCharsets.UTF_8)));
        headers.add(Request.TOKEN_HEADER, ("Bearer " + LocalTokens.mint(LocalTokens.testKeys(), "billing-system", Roles.OPERATOR,
                Duration.ofHours(1))).getBytes(StandardCharsets.UTF_8));
        return headers;
    }

    private static String header(ConsumerRecord<String, byte[]> record, String name) {
        var header = record.headers().lastHeader(name);
        return header == null ? null : new String(header.value(), StandardCharsets.UTF_8);
    }
}
