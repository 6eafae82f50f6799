package dev.lifeboat.audit;

import dev.lifeboat.events.EventSamples;
import dev.lifeboat.events.EventType;
import dev.lifeboat.events.Topics;
import dev.lifeboat.events.backup.BackupCompleted;
import dev.lifeboat.events.backup.BackupRequested;
import dev.lifeboat.events.backup.BackupTrigger;
import dev.lifeboat.events.envelope.CloudEvent;
import dev.lifeboat.events.envelope.EncodedEvent;
import dev.lifeboat.events.envelope.EventCodec;
import dev.lifeboat.realservers.RealServers;
import dev.lifeboat.realservers.kafka.KafkaProbe;
import dev.lifeboat.realservers.quarkus.InjectRealServers;
import dev.lifeboat.realservers.tokens.LocalTokens;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Map;
import java.util.UUID;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;

/** Issue 50: a dead-lettered BackupCompleted was lost for good (its backup never verified); an admin now sends it again. */
@QuarkusTest
class DeadLetterReplayTest {

    private final EventCodec codec = new EventCodec();

    @InjectRealServers
    RealServers servers;

    private AuditTrail trail;
    private KafkaProbe kafka;

    @BeforeEach
    void setUp() {
        trail = AuditTrail.on(servers);
        kafka = new KafkaProbe(servers.kafka().orElseThrow().bootstrapServers());
    }

    @Test
    void aDeadLetteredEventGoesBackToItsTopicWithItsOwnIdAndDataSoOnlyTheConsumerThatMissedItTakesIt() {
        String flow = "replay-" + UUID.randomUUID();
        CloudEvent<BackupCompleted> completed = AuditTrail.event(flow, Instant.now().truncatedTo(ChronoUnit.MILLIS),
                (BackupCompleted) EventSamples.of(EventType.BACKUP_COMPLETED));
        long seq = deadLetter(completed, Topics.BACKUP_EVENTS, "connection refused: the verifier's database was down");

        given().auth().oauth2(LocalTokens.forTest("admin")).when().post("/api/dead-letters/" + seq + "/replay")
                .then().statusCode(202).body("eventId", equalTo(completed.id())).body("topic", equalTo(Topics.BACKUP_EVENTS))
                .body("type", equalTo(completed.type()));

        ConsumerRecord<String, byte[]> replayed = onTopic(Topics.BACKUP_EVENTS, completed.id());
        assertThat(codec.decode(replayed.headers(), replayed.value())).as("the very event, id, time and data").isEqualTo(completed);
        assertThat(replayed.key()).isEqualTo(completed.subject());
        assertThat(replayed.headers().lastHeader("dead-letter-reason")).isNull();

        given().auth().oauth2(LocalTokens.forTest("admin")).when().post("/api/dead-letters/" + seq + "/replay")
                .then().statusCode(409).body("code", equalTo("ALREADY_REPLAYED"));
    }

    @Test
    void aDeadLetteredRequestOrAnEventWhoseRepeatWouldUndoANewerStateIsNotSentAgain() {
        String flow = "replay-request-" + UUID.randomUUID();
        String databaseId = "replayed-" + UUID.randomUUID().toString().substring(0, 8);
        CloudEvent<BackupRequested> request = AuditTrail.event(flow, Instant.now().truncatedTo(ChronoUnit.MILLIS),
                new BackupRequested(flow, databaseId, BackupTrigger.EXTERNAL, "the-ceo", Map.of()));
        long requestSeq = deadLetter(request, Topics.BACKUP_REQUESTS, "a dev.lifeboat.backup.requested.v1 on Kafka needs the header 'authorization'");
        CloudEvent<?> verified = AuditTrail.event(flow, Instant.now().truncatedTo(ChronoUnit.MILLIS), EventSamples.of(EventType.VERIFICATION_PASSED));
        long verifiedSeq = deadLetter(verified, Topics.VERIFICATION_EVENTS, "connection refused");

        for (long seq : new long[] {requestSeq, verifiedSeq}) {
            given().auth().oauth2(LocalTokens.forTest("admin")).when().post("/api/dead-letters/" + seq + "/replay")
                    .then().statusCode(422).body("code", equalTo("NOT_REPLAYABLE"))
                    .body("error", containsString("only [dev.lifeboat.backup.completed.v1] are"));
        }
        assertThat(kafka.awaitRecord(Topics.BACKUP_REQUESTS, record -> request.id().equals(KafkaProbe.header(record, "ce_id")),
                Duration.ofSeconds(3))).as("a request published again without the API's checks").isEmpty();
    }

    @Test
    void onlyAnAdminReplaysAndARowThatIsMissingNoDeadLetterOrUnreadableIsRefusedSayingWhy() {
        String flow = "replay-refused-" + UUID.randomUUID();
        CloudEvent<BackupCompleted> completed = AuditTrail.event(flow, Instant.now().truncatedTo(ChronoUnit.MILLIS),
                (BackupCompleted) EventSamples.of(EventType.BACKUP_COMPLETED));
        long seq = deadLetter(completed, Topics.BACKUP_EVENTS, "a bug, since mended");
        for (String role : new String[] {"viewer", "operator"}) {
            given().auth().oauth2(LocalTokens.forTest(role)).when().post("/api/dead-letters/" + seq + "/replay")
                    .then().statusCode(403).body("code", equalTo("FORBIDDEN"));
        }
        given().when().post("/api/dead-letters/" + seq + "/replay").then().statusCode(401);

        given().auth().oauth2(LocalTokens.forTest("admin")).when().post("/api/dead-letters/999999999/replay")
                .then().statusCode(404).body("code", equalTo("NOT_FOUND")).body("error", equalTo("the audit log has no row 999999999"));

        CloudEvent<BackupCompleted> delivered = AuditTrail.event(flow, Instant.now(), (BackupCompleted) EventSamples.of(EventType.BACKUP_COMPLETED));
        trail.publish(delivered);
        long deliveredSeq = AuditTrail.awaitLogged(flow, delivered.id()).getLong("entries.find { it.eventId == '" + delivered.id() + "' }.seq");
        given().auth().oauth2(LocalTokens.forTest("admin")).when().post("/api/dead-letters/" + deliveredSeq + "/replay")
                .then().statusCode(409).body("code", equalTo("NOT_A_DEAD_LETTER")).body("error", containsString("its outcome is SUCCEEDED"));

        String databaseId = "unreadable-" + UUID.randomUUID().toString().substring(0, 8);
        RecordHeaders headers = new RecordHeaders();
        headers.add("dead-letter-reason", "value is not valid JSON".getBytes(StandardCharsets.UTF_8));
        trail.publishRaw(Topics.DEAD_LETTER, databaseId, headers, "{broken".getBytes(StandardCharsets.UTF_8));
        org.awaitility.Awaitility.await().atMost(AuditTrail.TIMEOUT).until(() -> AuditTrail.page(Map.of("databaseId", databaseId))
                .getList("entries").size() == 1);
        long unreadable = AuditTrail.page(Map.of("databaseId", databaseId)).getLong("entries[0].seq");
        given().auth().oauth2(LocalTokens.forTest("admin")).when().post("/api/dead-letters/" + unreadable + "/replay")
                .then().statusCode(422).body("code", equalTo("UNREADABLE"))
                .body("error", containsString("never a readable event (value is not valid JSON)"));
    }

    /** Puts {@code event} on the dead-letter topic as SmallRye does for a consumer of {@code from}; its audit row's seq. */
    private long deadLetter(CloudEvent<?> event, String from, String reason) {
        EncodedEvent encoded = codec.encode(event);
        RecordHeaders headers = new RecordHeaders(encoded.headers().toArray());
        headers.add("dead-letter-reason", reason.getBytes(StandardCharsets.UTF_8));
        headers.add("dead-letter-topic", from.getBytes(StandardCharsets.UTF_8));
        trail.publishRaw(Topics.DEAD_LETTER, encoded.key(), headers, encoded.value());
        JsonPath logged = AuditTrail.awaitLogged(event.correlationId(), event.id());
        assertThat(logged.getString("entries[0].outcome")).isEqualTo("DEAD_LETTERED");
        return logged.getLong("entries[0].seq");
    }

    private ConsumerRecord<String, byte[]> onTopic(String topic, String eventId) {
        return kafka.awaitRecord(topic, record -> eventId.equals(KafkaProbe.header(record, "ce_id")), Duration.ofSeconds(30))
                .orElseThrow(() -> new AssertionError("event " + eventId + " was not published again on " + topic));
    }
}
