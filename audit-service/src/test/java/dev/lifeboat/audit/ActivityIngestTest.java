package dev.lifeboat.audit;

import dev.lifeboat.audit.chain.CanonicalJson;
import dev.lifeboat.events.EventSamples;
import dev.lifeboat.events.EventType;
import dev.lifeboat.events.Topics;
import dev.lifeboat.events.backup.BackupCompleted;
import dev.lifeboat.events.backup.BackupRequested;
import dev.lifeboat.events.backup.BackupStarted;
import dev.lifeboat.events.backup.BackupTrigger;
import dev.lifeboat.events.envelope.CloudEvent;
import dev.lifeboat.events.envelope.EncodedEvent;
import dev.lifeboat.events.envelope.EventCodec;
import dev.lifeboat.events.notification.NotificationSent;
import dev.lifeboat.events.verification.VerificationCheck;
import dev.lifeboat.events.verification.VerificationPassed;
import dev.lifeboat.realservers.RealServers;
import dev.lifeboat.realservers.quarkus.InjectRealServers;
import dev.lifeboat.realservers.tokens.LocalTokens;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** Every message of every topic, published to the real broker, becomes one row with the right fields. */
@QuarkusTest
class ActivityIngestTest {

    private static final Map<EventType, String> OUTCOMES = new EnumMap<>(Map.ofEntries(
            Map.entry(EventType.BACKUP_REQUESTED, "REQUESTED"), Map.entry(EventType.BACKUP_STARTED, "STARTED"),
            Map.entry(EventType.BACKUP_COMPLETED, "SUCCEEDED"), Map.entry(EventType.BACKUP_FAILED, "FAILED"),
            Map.entry(EventType.BACKUP_EXPIRED, "SUCCEEDED"), Map.entry(EventType.BACKUP_DELETED, "SUCCEEDED"), Map.entry(EventType.BACKUP_UNDELETED, "SUCCEEDED"),
            Map.entry(EventType.BACKUP_PURGED, "SUCCEEDED"),
            Map.entry(EventType.RESTORE_REQUESTED, "REQUESTED"), Map.entry(EventType.RESTORE_STARTED, "STARTED"),
            Map.entry(EventType.RESTORE_COMPLETED, "SUCCEEDED"), Map.entry(EventType.RESTORE_FAILED, "FAILED"),
            Map.entry(EventType.RESTORE_ROLLED_BACK, "ROLLED_BACK"), Map.entry(EventType.VERIFICATION_PASSED, "SUCCEEDED"),
            Map.entry(EventType.VERIFICATION_FAILED, "FAILED"), Map.entry(EventType.RESTORE_TEST_COMPLETED, "SUCCEEDED"),
            Map.entry(EventType.NOTIFICATION_SENT, "SUCCEEDED"), Map.entry(EventType.NOTIFICATION_FAILED, "FAILED"),
            Map.entry(EventType.DATABASE_REGISTERED, "SUCCEEDED"), Map.entry(EventType.DATABASE_UPDATED, "SUCCEEDED"),
            Map.entry(EventType.DATABASE_REMOVED, "SUCCEEDED"), Map.entry(EventType.API_CALL_RECORDED, "SUCCEEDED"),
            Map.entry(EventType.CAPTURE_STOPPED, "FAILED"), Map.entry(EventType.CAPTURE_RESUMED, "SUCCEEDED"),
            Map.entry(EventType.CAPTURE_RETAINING_WAL, "FAILED")));

    @InjectRealServers
    RealServers servers;

    private AuditTrail trail;

    @BeforeEach
    void setUp() {
        trail = AuditTrail.on(servers);
    }

    @Test
    void anEventOfEveryTypeIsLoggedOnceWithItsFieldsAndTheSameMessageTwiceIsStoredOnce() {
        String flow = "every-type-" + UUID.randomUUID();
        Instant t0 = Instant.parse("2026-11-21T02:00:00.123456Z");
        List<CloudEvent<?>> events = new ArrayList<>();
        for (EventType type : EventType.values()) {
            events.add(AuditTrail.event(flow, t0.plusSeconds(type.ordinal()), EventSamples.of(type)));
        }
        trail.publishAll(events);
        await().atMost(AuditTrail.TIMEOUT).until(() -> AuditTrail.page(Map.of("correlationId", flow, "limit", 1000))
                .getList("entries").size() >= events.size());
        // Sent again once all are logged: the consumer polls them as a batch of which every message is logged already.
        trail.publish(events.get(0));
        trail.publish(events.get(EventType.BACKUP_COMPLETED.ordinal()));
        // The duplicates must have been consumed on their own (the audit consumer committed past them) before the marker goes:
        // an all-duplicates batch once failed to append and was retried for ever, and then this wait times out.
        trail.awaitConsumed(events.get(0), events.get(EventType.BACKUP_COMPLETED.ordinal()));
        CloudEvent<?> marker = AuditTrail.event(flow, t0.plusSeconds(100), EventSamples.of(EventType.BACKUP_STARTED));
        trail.publish(marker);
        AuditTrail.awaitLogged(flow, marker.id());
        JsonPath page = AuditTrail.page(Map.of("correlationId", flow, "limit", 1000));
        assertThat(page.getList("entries")).hasSize(events.size() + 1);
        assertThat(page.getList("entries.eventId")).doesNotHaveDuplicates();
        for (CloudEvent<?> event : events) {
            String row = "entries.find { it.eventId == '%s' }.".formatted(event.id());
            EventType type = event.eventType();
            assertThat(page.getString(row + "type")).as(type.name()).isEqualTo(type.type());
            assertThat(page.getString(row + "topic")).as(type.name()).isEqualTo(type.topic());
            assertThat(page.getString(row + "source")).isEqualTo("/test");
            assertThat(page.getString(row + "databaseId")).isEqualTo(EventSamples.DB);
            assertThat(page.getString(row + "correlationId")).isEqualTo(flow);
            assertThat(page.getString(row + "outcome")).as(type.name()).isEqualTo(OUTCOMES.get(type));
            assertThat(Instant.parse(page.getString(row + "occurredAt"))).isEqualTo(event.time());
            assertThat(page.getString(row + "hash")).hasSize(64);
            String data = new EventCodec().mapper().valueToTree(event.data()).toString();
            assertThat(CanonicalJson.of(jsonOf(page, row + "data"))).as(type.name()).isEqualTo(CanonicalJson.of(data));
        }
        assertThat(page.getString("entries.find { it.type == 'dev.lifeboat.backup.requested.v1' }.actor")).isEqualTo("alice");
        assertThat(page.getString("entries.find { it.type == 'dev.lifeboat.restore.requested.v1' }.actor")).isEqualTo("bob");
        assertThat(page.getString("entries.find { it.type == 'dev.lifeboat.backup.deleted.v1' }.actor")).isEqualTo("root");
        assertThat(page.getString("entries.find { it.type == 'dev.lifeboat.backup.purged.v1' }.actor")).isEqualTo("admin-b");
        assertThat(page.getString("entries.find { it.type == 'dev.lifeboat.backup.purged.v1' }.detail"))
                .isEqualTo("asked first by admin-a, approved by admin-b");
        assertThat(page.getString("entries.find { it.type == 'dev.lifeboat.database.registered.v1' }.actor")).isEqualTo("alice");
        assertThat(page.getString("entries.find { it.type == 'dev.lifeboat.database.removed.v1' }.actor")).isEqualTo("alice");
        assertThat(page.getString("entries.find { it.type == 'dev.lifeboat.apicall.recorded.v1' }.actor")).isEqualTo("alice");
        assertThat(page.getString("entries.find { it.type == 'dev.lifeboat.backup.failed.v1' }.detail"))
                .isEqualTo("AUTHENTICATION_FAILED: password authentication failed for user \"backup\"");
        assertThat(page.getString("entries.find { it.type == 'dev.lifeboat.verification.failed.v1' }.detail"))
                .isEqualTo("FRESHNESS: no verified backup for 26h (RPO 24h)");
        assertThat(AuditTrail.verify().getBoolean("intact")).isTrue();
    }

    private static String jsonOf(JsonPath page, String path) {
        return new com.fasterxml.jackson.databind.ObjectMapper().valueToTree(page.get(path)).toString();
    }

    @Test
    void oneWholeFlowIsReturnedInTheOrderItHappenedAndEveryStepCarriesTheActorOfItsRequest() {
        String databaseId = "flow-" + UUID.randomUUID().toString().substring(0, 8);
        String flow = "flow-" + UUID.randomUUID();
        Instant t0 = Instant.now().minusSeconds(60);
        CloudEvent<BackupRequested> requested = AuditTrail.event(flow, t0,
                new BackupRequested("req-1", databaseId, BackupTrigger.MANUAL, "carol", Map.of()));
        trail.publish(requested);
        AuditTrail.awaitLogged(flow, requested.id());

        BackupCompleted completedSample = (BackupCompleted) EventSamples.of(EventType.BACKUP_COMPLETED);
        List<CloudEvent<?>> rest = new ArrayList<>(List.of(
                AuditTrail.event(flow, t0.plusSeconds(1), new BackupStarted("req-1", "bk-1", databaseId, BackupTrigger.MANUAL, 1, t0)),
                AuditTrail.event(flow, t0.plusSeconds(5), new BackupCompleted("req-1", "bk-1", databaseId, BackupTrigger.MANUAL,
                        completedSample.objectKey(), completedSample.manifestKey(), 10, completedSample.sha256(), completedSample.compression(),
                        true, "key-1", 4000, Map.of(), "15.19", t0, t0.plusSeconds(5))),
                AuditTrail.event(flow, t0.plusSeconds(7), new VerificationPassed("vf-1", databaseId, "bk-1", VerificationCheck.CHECKSUM, "sha256 matches")),
                AuditTrail.event(flow, t0.plusSeconds(8), new NotificationSent("dl-1", databaseId, "ev", "dev.lifeboat.backup.completed.v1", "slack", 1))));
        List<CloudEvent<?>> shuffled = new ArrayList<>(rest);
        Collections.reverse(shuffled);
        trail.publishAll(shuffled);

        await().atMost(AuditTrail.TIMEOUT).untilAsserted(() -> given().auth().oauth2(LocalTokens.forTest("viewer"))
                .when().get("/api/audit/flows/" + flow).then().statusCode(200)
                .body("size()", org.hamcrest.Matchers.equalTo(5)));
        JsonPath steps = given().auth().oauth2(LocalTokens.forTest("viewer")).when().get("/api/audit/flows/" + flow)
                .then().extract().jsonPath();
        assertThat(steps.getList("type")).containsExactly("dev.lifeboat.backup.requested.v1", "dev.lifeboat.backup.started.v1",
                "dev.lifeboat.backup.completed.v1", "dev.lifeboat.verification.passed.v1", "dev.lifeboat.notification.sent.v1");
        assertThat(steps.getList("actor")).containsOnly("carol");
        assertThat(AuditTrail.page(Map.of("actor", "carol", "databaseId", databaseId)).getList("entries")).hasSize(5);
        assertThat(AuditTrail.page(Map.of("type", "BackupCompleted", "databaseId", databaseId)).getList("entries.eventId"))
                .containsExactly(rest.get(1).id());
        assertThat(AuditTrail.page(Map.of("databaseId", databaseId, "from", t0.plusSeconds(5).toString(),
                "to", t0.plusSeconds(8).toString())).getList("entries.type"))
                .containsExactlyInAnyOrder("dev.lifeboat.backup.completed.v1", "dev.lifeboat.verification.passed.v1");
    }

    @Test
    void aDeadLetteredMessageIsLoggedWithTheReasonItsConsumerGave() {
        String flow = "dead-" + UUID.randomUUID();
        String databaseId = "dead-" + UUID.randomUUID().toString().substring(0, 8);
        CloudEvent<BackupRequested> refused = AuditTrail.event(flow, Instant.now(),
                new BackupRequested("req-dead", databaseId, BackupTrigger.EXTERNAL, "erin", Map.of()));
        EncodedEvent encoded = new EventCodec().encode(refused);
        RecordHeaders headers = new RecordHeaders(encoded.headers().toArray());
        headers.add("dead-letter-reason", "no registered database with id 'x'".getBytes(StandardCharsets.UTF_8));
        headers.add("dead-letter-topic", Topics.BACKUP_REQUESTS.getBytes(StandardCharsets.UTF_8));
        trail.publishRaw(Topics.DEAD_LETTER, databaseId, headers, encoded.value());
        RecordHeaders unreadable = new RecordHeaders();
        unreadable.add("dead-letter-reason", "value is not valid JSON".getBytes(StandardCharsets.UTF_8));
        trail.publishRaw(Topics.DEAD_LETTER, databaseId, unreadable, "{broken".getBytes(StandardCharsets.UTF_8));

        JsonPath logged = AuditTrail.awaitLogged(flow, refused.id());
        assertThat(logged.getString("entries[0].outcome")).isEqualTo("DEAD_LETTERED");
        assertThat(logged.getString("entries[0].topic")).isEqualTo(Topics.DEAD_LETTER);
        assertThat(logged.getString("entries[0].type")).isEqualTo("dev.lifeboat.backup.requested.v1");
        assertThat(logged.getString("entries[0].actor")).as("a dead-lettered request's requestedBy was never authenticated").isNull();
        assertThat(logged.getString("entries[0].detail")).isEqualTo("from lifeboat.backup.requests: no registered database with id 'x'");
        await().atMost(AuditTrail.TIMEOUT).until(() -> AuditTrail.page(Map.of("databaseId", databaseId, "type", "unreadable"))
                .getList("entries").size() == 1);
        JsonPath broken = AuditTrail.page(Map.of("databaseId", databaseId, "type", "unreadable"));
        assertThat(broken.getString("entries[0].outcome")).isEqualTo("DEAD_LETTERED");
        assertThat(broken.getString("entries[0].detail")).isEqualTo("value is not valid JSON");
        assertThat(broken.getString("entries[0].data.value")).isEqualTo("{broken");
    }

    @Test
    void aRequestIsLoggedUnderTheUserItsTokenNamesAndOneWithoutATokenAsRefusedWithoutAnActor() {
        String databaseId = "forged-" + UUID.randomUUID().toString().substring(0, 8);
        String flow = "token-" + UUID.randomUUID();
        CloudEvent<BackupRequested> claimed = AuditTrail.event(flow, Instant.now(),
                new BackupRequested("req-claimed", databaseId, BackupTrigger.EXTERNAL, "the-ceo", Map.of()));
        EncodedEvent encoded = new EventCodec().encode(claimed);
        encoded.headers().add("authorization", ("Bearer " + LocalTokens.mint(LocalTokens.testKeys(), "mallory", "operator",
                Duration.ofHours(1))).getBytes(StandardCharsets.UTF_8));
        trail.publishRaw(Topics.BACKUP_REQUESTS, databaseId, encoded.headers(), encoded.value());
        CloudEvent<BackupRequested> forged = AuditTrail.event("forged-" + UUID.randomUUID(), Instant.now(),
                new BackupRequested("req-forged", databaseId, BackupTrigger.EXTERNAL, "the-ceo", Map.of()));
        EncodedEvent unsigned = new EventCodec().encode(forged);
        trail.publishRaw(Topics.BACKUP_REQUESTS, databaseId, unsigned.headers(), unsigned.value());

        assertThat(AuditTrail.awaitLogged(flow, claimed.id()).getString("entries[0].actor")).isEqualTo("mallory");
        await().atMost(AuditTrail.TIMEOUT).until(() -> AuditTrail.page(Map.of("databaseId", databaseId, "type", "unreadable"))
                .getList("entries").size() == 1);
        JsonPath refused = AuditTrail.page(Map.of("databaseId", databaseId, "type", "unreadable"));
        assertThat(refused.getString("entries[0].outcome")).isEqualTo("REJECTED");
        assertThat(refused.getString("entries[0].actor")).isNull();
        assertThat(refused.getString("entries[0].detail")).startsWith("a dev.lifeboat.backup.requested.v1 on Kafka needs the header "
                + "'authorization: Bearer <token>'");
        assertThat(AuditTrail.page(Map.of("actor", "the-ceo")).getList("entries")).isEmpty();
    }

    @Test
    void aNulCharacterABadTimeHeaderOrAStructuredModeEventIsLoggedAndTheLogGoesOn() {
        String databaseId = "odd-" + UUID.randomUUID().toString().substring(0, 8);
        RecordHeaders nulReason = new RecordHeaders();
        nulReason.add("dead-letter-reason", "bad \0 reason".getBytes(StandardCharsets.UTF_8));
        trail.publishRaw(Topics.DEAD_LETTER, databaseId, nulReason, "{\"a\":\"\\u0000\"}".getBytes(StandardCharsets.UTF_8));
        trail.publishRaw(Topics.BACKUP_REQUESTS, databaseId + "\0", new RecordHeaders(), "{\"k\\u0000\":1}".getBytes(StandardCharsets.UTF_8));
        String structuredFlow = "structured-" + UUID.randomUUID();
        CloudEvent<BackupRequested> structured = AuditTrail.event(structuredFlow, Instant.now(),
                new BackupRequested("req-structured", databaseId, BackupTrigger.EXTERNAL, "gina", Map.of()));
        RecordHeaders structuredHeaders = new RecordHeaders();
        structuredHeaders.add("content-type", "application/cloudevents+json".getBytes(StandardCharsets.UTF_8));
        trail.publishRaw(Topics.BACKUP_REQUESTS, databaseId, LocalTokens.asRequester(structured, structuredHeaders),
                new EventCodec().encodeStructured(structured));
        String badTimeFlow = "bad-time-" + UUID.randomUUID();
        CloudEvent<BackupRequested> badTime = AuditTrail.event(badTimeFlow, Instant.now(),
                new BackupRequested("req-bad-time", databaseId, BackupTrigger.EXTERNAL, "hal", Map.of()));
        EncodedEvent encoded = new EventCodec().encode(badTime);
        RecordHeaders yesterday = new RecordHeaders(encoded.headers().toArray());
        yesterday.add("ce_time", "yesterday".getBytes(StandardCharsets.UTF_8));
        trail.publishRaw(Topics.BACKUP_REQUESTS, databaseId, yesterday, encoded.value());
        String afterFlow = "after-" + UUID.randomUUID();
        CloudEvent<BackupRequested> after = AuditTrail.event(afterFlow, Instant.now(),
                new BackupRequested("req-after", databaseId, BackupTrigger.EXTERNAL, "ivy", Map.of()));
        trail.publish(after);

        AuditTrail.awaitLogged(afterFlow, after.id());
        assertThat(AuditTrail.awaitLogged(structuredFlow, structured.id()).getString("entries[0].actor")).isEqualTo("gina");
        JsonPath refused = AuditTrail.page(Map.of("databaseId", databaseId, "type", "unreadable"));
        assertThat(refused.getList("entries.detail", String.class))
                .anySatisfy(detail -> assertThat(detail).contains("'time' is not an RFC 3339 timestamp: 'yesterday'"))
                .anySatisfy(detail -> assertThat(detail).isEqualTo("bad \uFFFD reason"));
        assertThat(AuditTrail.page(Map.of("databaseId", databaseId + "\uFFFD", "type", "unreadable")).getList("entries")).hasSize(1);
        assertThat(AuditTrail.verify().getBoolean("intact")).isTrue();
    }

    @Test
    void whileTheLogCannotBeWrittenNothingIsSkippedAndTheMessageIsLoggedOnceItCanBe() throws Exception {
        String flow = "outage-" + UUID.randomUUID();
        CloudEvent<BackupRequested> event = AuditTrail.event(flow, Instant.now(),
                new BackupRequested("req-outage", "outage-db", BackupTrigger.EXTERNAL, "frank", Map.of()));
        try (Connection connection = servers.postgres().orElseThrow().connect("lifeboat"); Statement sql = connection.createStatement()) {
            sql.execute("REVOKE INSERT ON audit.audit_entry FROM lifeboat_audit_writer");
            try {
                trail.publish(event);
                await().during(Duration.ofSeconds(3)).atMost(Duration.ofSeconds(5)).until(() ->
                        AuditTrail.page(Map.of("correlationId", flow)).getList("entries").isEmpty());
            } finally {
                sql.execute("GRANT INSERT ON audit.audit_entry TO lifeboat_audit_writer");
            }
        }
        JsonPath logged = AuditTrail.awaitLogged(flow, event.id());
        assertThat(logged.getList("entries")).hasSize(1);
        assertThat(logged.getString("entries[0].actor")).isEqualTo("frank");
        assertThat(AuditTrail.verify().getBoolean("intact")).isTrue();
    }
}
