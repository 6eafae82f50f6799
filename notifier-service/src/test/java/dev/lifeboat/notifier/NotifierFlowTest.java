package dev.lifeboat.notifier;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.lifeboat.events.Topics;
import dev.lifeboat.events.backup.BackupCompleted;
import dev.lifeboat.events.backup.BackupFailed;
import dev.lifeboat.events.backup.BackupTrigger;
import dev.lifeboat.events.backup.Compression;
import dev.lifeboat.events.envelope.CloudEvent;
import dev.lifeboat.events.envelope.EncodedEvent;
import dev.lifeboat.events.envelope.EventCodec;
import dev.lifeboat.events.notification.NotificationFailed;
import dev.lifeboat.events.notification.NotificationSent;
import dev.lifeboat.events.restore.RestoreStarted;
import dev.lifeboat.events.restore.RestoreTarget;
import dev.lifeboat.events.verification.RestoreTestCompleted;
import dev.lifeboat.notifier.channel.WebhookSignature;
import dev.lifeboat.realservers.RealServers;
import dev.lifeboat.realservers.kafka.KafkaProbe;
import dev.lifeboat.realservers.kafka.TopicEvents;
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
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static dev.lifeboat.notifier.NotifierTestChannels.BROKEN_PATH;
import static dev.lifeboat.notifier.NotifierTestChannels.FLAKY_PATH;
import static dev.lifeboat.notifier.NotifierTestChannels.HOOK_PATH;
import static dev.lifeboat.notifier.NotifierTestChannels.HOOK_SECRET;
import static dev.lifeboat.notifier.NotifierTestChannels.ONCALL;
import static dev.lifeboat.notifier.NotifierTestChannels.SLACK_PATH;
import static dev.lifeboat.notifier.NotifierTestChannels.STAKEHOLDERS;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.not;

/**
 * Events on real Kafka become Slack messages on a real local HTTP server, emails on a real SMTP server
 * (GreenMail) and signed webhooks; with retries, a 429's Retry-After, a digest of a flapping database,
 * and the dead-letter topic for what is not an event.
 */
@QuarkusTest
class NotifierFlowTest {

    private static final Duration WAIT = Duration.ofSeconds(30);
    private static final EventCodec CODEC = new EventCodec();

    @InjectRealServers
    RealServers servers;

    private KafkaProbe kafka;
    private TopicEvents notificationEvents;
    private HttpReceiver receiver;

    @BeforeEach
    void connect() {
        kafka = new KafkaProbe(servers.kafka().orElseThrow().bootstrapServers());
        notificationEvents = new TopicEvents(kafka, Topics.NOTIFICATION_EVENTS);
        receiver = NotifierTestChannels.receiver();
    }

    @Test
    void aBackupFailedBecomesOneEmailOneValidSlackMessageAndOneSignedWebhookEachOnce() throws Exception {
        String db = "orders-" + shortId();
        CloudEvent<BackupFailed> failed = publish(backupFailed(db, "pg_dump: connection to server failed"));

        await().atMost(WAIT).until(() -> slack(db).size() == 1 && mails(ONCALL, db).size() == 1 && hooks(db).size() == 1);

        JsonNode slack = BlockKit.assertValid(slack(db).get(0).body());
        String blocks = slack.toString();
        assertThat(slack.path("text").asText()).isEqualTo(":red_circle: Backup FAILED: " + db);
        assertThat(slack.path("attachments").get(0).path("color").asText()).isEqualTo("#d1242f");
        assertThat(blocks).contains("CONNECTION_FAILED").contains("pg_dump: connection to server failed")
                .contains(failed.correlationId()).contains(failed.id());

        MailBox.Mail mail = mails(ONCALL, db).get(0);
        assertThat(mail.subject()).isEqualTo("[Lifeboat] Backup FAILED: " + db);
        assertThat(mail.mime()).contains("text/plain").contains("text/html").contains("CONNECTION_FAILED").contains(failed.correlationId());

        HttpReceiver.Received hook = hooks(db).get(0);
        assertThat(hook.header("Content-Type")).isEqualTo("application/cloudevents+json");
        assertThat(WebhookSignature.verify(HOOK_SECRET, hook.header(WebhookSignature.TIMESTAMP_HEADER),
                hook.header(WebhookSignature.SIGNATURE_HEADER), hook.body(), Instant.now())).isTrue();
        assertThat(WebhookSignature.verify(HOOK_SECRET, hook.header(WebhookSignature.TIMESTAMP_HEADER),
                hook.header(WebhookSignature.SIGNATURE_HEADER), hook.body().replace(db, "other-db"), Instant.now())).isFalse();
        assertThat(WebhookSignature.verify("not-the-secret", hook.header(WebhookSignature.TIMESTAMP_HEADER),
                hook.header(WebhookSignature.SIGNATURE_HEADER), hook.body(), Instant.now())).isFalse();
        assertThat(WebhookSignature.verify(HOOK_SECRET, hook.header(WebhookSignature.TIMESTAMP_HEADER),
                hook.header(WebhookSignature.SIGNATURE_HEADER), hook.body(), Instant.now().plus(Duration.ofMinutes(10)))).as("a replay later").isFalse();
        JsonNode cloudEvent = new ObjectMapper().readTree(hook.body());
        assertThat(cloudEvent.path("id").asText()).isEqualTo(failed.id());
        assertThat(cloudEvent.path("type").asText()).isEqualTo("dev.lifeboat.backup.failed.v1");
        assertThat(cloudEvent.path("data").path("errorCode").asText()).isEqualTo("CONNECTION_FAILED");

        for (String channel : List.of("slack", "email", "receiver")) {
            notificationEvents.await(NotificationSent.class, e -> e.data().eventId().equals(failed.id()) && e.data().channel().equals(channel), WAIT)
                    .orElseThrow(() -> new AssertionError("no NotificationSent for " + channel));
        }

        // The same Kafka message again (a redelivery), then a later marker on the same key: once the marker is
        // delivered, the redelivery before it on the same partition has been handled, and nothing was sent twice.
        publish(failed);
        CloudEvent<BackupCompleted> marker = CloudEvent.of("/test", "corr-marker-" + db, backupCompleted(db));
        publish(marker);
        notificationEvents.await(NotificationSent.class, e -> e.data().eventId().equals(marker.id()) && e.data().channel().equals("slack"), WAIT)
                .orElseThrow(() -> new AssertionError("the marker after the redelivery was not delivered"));
        assertThat(slack(db)).filteredOn(request -> request.body().contains("Backup FAILED")).hasSize(1);
        assertThat(mails(ONCALL, db)).hasSize(1);
        assertThat(hooks(db)).filteredOn(request -> request.body().contains(failed.id())).hasSize(1);
        given().auth().oauth2(LocalTokens.forTest("viewer")).queryParam("eventId", failed.id()).when().get("/api/notifications")
                .then().statusCode(200).body("total", equalTo(3)).body("items.status", org.hamcrest.Matchers.everyItem(equalTo("SENT")))
                .body(not(containsString("s3cr3t")));
        given().auth().oauth2(LocalTokens.forTest("viewer")).queryParam("eventId", failed.id()).queryParam("size", 2)
                .when().get("/api/notifications").then().statusCode(200)
                .body("items", org.hamcrest.Matchers.hasSize(2)).body("page", equalTo(0)).body("size", equalTo(2)).body("total", equalTo(3));
    }

    @Test
    void aSlack429WithRetryAfterIsHonouredAndTheSecondAttemptSends() {
        String db = "flaky-db";
        receiver.script(FLAKY_PATH, new HttpReceiver.Answer(429, "2"), new HttpReceiver.Answer(200, null));
        CloudEvent<BackupFailed> failed = publish(backupFailed(db, "disk full"));

        NotificationSent sent = notificationEvents.await(NotificationSent.class,
                e -> e.data().eventId().equals(failed.id()) && e.data().channel().equals("flaky-slack"), WAIT).orElseThrow().data();
        List<HttpReceiver.Received> attempts = receiver.requests(FLAKY_PATH, body -> body.contains(failed.id()));
        assertThat(attempts).hasSize(2);
        assertThat(sent.attempts()).isEqualTo(2);
        assertThat(Duration.between(attempts.get(0).at(), attempts.get(1).at())).isGreaterThanOrEqualTo(Duration.ofSeconds(2));
    }

    @Test
    void aSlackEndpointFailingForeverEndsAsNotificationFailedAfterTheConfiguredAttemptsAndCanBeRetried() {
        String db = "broken-db";
        receiver.alwaysAnswer(BROKEN_PATH, 500);
        CloudEvent<BackupFailed> failed = publish(backupFailed(db, "checksum mismatch"));

        NotificationFailed gaveUp = notificationEvents.await(NotificationFailed.class,
                e -> e.data().eventId().equals(failed.id()) && e.data().channel().equals("broken-slack"), WAIT).orElseThrow().data();
        assertThat(gaveUp.attempts()).isEqualTo(NotifierTestChannels.MAX_ATTEMPTS);
        assertThat(gaveUp.reason()).contains("Slack channel broken-slack answered HTTP 500").doesNotContain("127.0.0.1");
        assertThat(receiver.requests(BROKEN_PATH, body -> body.contains(failed.id()))).hasSize(NotifierTestChannels.MAX_ATTEMPTS);
        String deliveryId = given().auth().oauth2(LocalTokens.forTest("viewer")).queryParam("status", "FAILED")
                .queryParam("channel", "broken-slack").when().get("/api/notifications").then().statusCode(200)
                .body("items.eventId", hasItem(failed.id())).extract().path("items.find { it.eventId == '%s' }.id".formatted(failed.id()));

        // The channel is mended; an operator retries the delivery.
        receiver.stopAnswering(BROKEN_PATH);
        given().auth().oauth2(LocalTokens.forTest("viewer")).when().post("/api/notifications/{id}/retry", deliveryId).then().statusCode(403);
        given().auth().oauth2(LocalTokens.forTest("operator")).when().post("/api/notifications/{id}/retry", deliveryId).then().statusCode(202);
        await().atMost(WAIT).untilAsserted(() -> given().auth().oauth2(LocalTokens.forTest("viewer"))
                .when().get("/api/notifications/{id}", deliveryId).then().body("status", equalTo("SENT")).body("attempts", equalTo(1)));
        given().auth().oauth2(LocalTokens.forTest("operator")).when().post("/api/notifications/{id}/retry", deliveryId).then().statusCode(409);
        String metrics = given().when().get("/q/metrics").then().statusCode(200).extract().asString();
        assertThat(metrics).contains("lifeboat_notifier_attempts_total{channel=\"broken-slack\",outcome=\"failed\"}")
                .contains("lifeboat_notifier_attempts_total{channel=\"broken-slack\",outcome=\"retrying\"}")
                .contains("lifeboat_notifier_attempts_total{channel=\"broken-slack\",outcome=\"sent\"}")
                .contains("lifeboat_notifier_delivery_latency_seconds_count{channel=\"broken-slack\"}")
                .as("every configured channel's series from the start, before its first failure")
                .contains("lifeboat_notifier_attempts_total{channel=\"stakeholders\",outcome=\"failed\"}");
        given().auth().oauth2(LocalTokens.forTest("viewer")).queryParam("status", "LOST").when().get("/api/notifications")
                .then().statusCode(400).body("error", containsString("status must be one of"));
        given().auth().oauth2(LocalTokens.forTest("viewer")).queryParam("size", 0).when().get("/api/notifications")
                .then().statusCode(400).body("error", equalTo("size must be 1 to 500"));
    }

    @Test
    void twentyFailuresOfOneDatabaseInsideTheWindowAreOneMessageThenOneDigest() {
        String db = "flappy-" + shortId();
        for (int i = 1; i <= 20; i++) {
            publish(backupFailed(db, "attempt " + i + " failed"));
        }

        await().atMost(WAIT).until(() -> slack(db).size() == 2 && mails(ONCALL, db).size() == 2);
        await().during(Duration.ofSeconds(3)).atMost(Duration.ofSeconds(5)).until(() -> slack(db).size() == 2 && mails(ONCALL, db).size() == 2);
        assertThat(slack(db).get(0).body()).contains("Backup FAILED: " + db).contains("attempt 1 failed");
        assertThat(slack(db).get(1).body()).contains("Digest: 20 failures of " + db + " (19 more since the first)")
                .contains("attempt 20 failed");
        assertThat(mails(ONCALL, db)).extracting(MailBox.Mail::subject)
                .containsExactlyInAnyOrder("[Lifeboat] Backup FAILED: " + db, "[Lifeboat] Digest: 20 failures of " + db + " (19 more since the first)");
        JsonPath slackDeliveries = given().auth().oauth2(LocalTokens.forTest("viewer")).queryParam("databaseId", db)
                .queryParam("channel", "slack").when().get("/api/notifications").then().statusCode(200).extract().jsonPath();
        assertThat(slackDeliveries.getList("items.findAll { it.status == 'COLLAPSED' }")).hasSize(19);
        assertThat(slackDeliveries.getInt("items.find { it.kind == 'DIGEST' }.collapsed")).isEqualTo(19);
    }

    @Test
    void maintenanceNoticesGoToTheStakeholdersAndCompletedBackupsToSlackOnly() {
        String db = "billing-" + shortId();
        publish(new RestoreStarted("r-" + db, db, "b-1", RestoreTarget.Kind.IN_PLACE, db, Instant.now()));
        publish(backupCompleted(db));

        await().atMost(WAIT).until(() -> mails(STAKEHOLDERS, db).size() == 1 && slack(db).size() == 1);
        await().during(Duration.ofSeconds(3)).atMost(Duration.ofSeconds(5)).until(() ->
                mails(STAKEHOLDERS, db).size() == 1 && slack(db).size() == 1 && mails(ONCALL, db).isEmpty());
        assertThat(mails(STAKEHOLDERS, db).get(0).subject()).isEqualTo("[Lifeboat] Restore started: " + db);
        assertThat(slack(db).get(0).body()).contains("Backup completed: " + db).contains("#1a7f37").contains("12.0 MiB");
    }

    @Test
    void unknownEventTypesAndMalformedMessagesGoToTheDeadLetterTopicAndConsumptionGoesOn() {
        String db = "dead-" + shortId();
        EncodedEvent good = CODEC.encode(CloudEvent.of("/test", "corr-" + db, backupFailed(db, "after the bad ones")));
        RecordHeaders unknown = new RecordHeaders();
        good.headers().forEach(header -> unknown.add(header.key(),
                header.key().equals("ce_type") ? "dev.lifeboat.backup.exploded.v1".getBytes(StandardCharsets.UTF_8) : header.value()));
        kafka.send(Topics.BACKUP_EVENTS, db, unknown, good.value());
        kafka.send(Topics.BACKUP_EVENTS, db, new RecordHeaders(), ("not json " + db).getBytes(StandardCharsets.UTF_8));
        kafka.send(good.topic(), good.key(), good.headers(), good.value());

        ConsumerRecord<String, byte[]> deadType = kafka.awaitRecord(Topics.DEAD_LETTER, record -> db.equals(record.key())
                && new String(record.value(), StandardCharsets.UTF_8).contains("after the bad ones"), WAIT).orElseThrow();
        assertThat(header(deadType, "dead-letter-reason")).contains("dev.lifeboat.backup.exploded.v1");
        ConsumerRecord<String, byte[]> notJson = kafka.awaitRecord(Topics.DEAD_LETTER,
                record -> new String(record.value(), StandardCharsets.UTF_8).equals("not json " + db), WAIT).orElseThrow();
        assertThat(header(notJson, "dead-letter-reason")).isNotBlank();
        assertThat(header(notJson, "dead-letter-topic")).isEqualTo(Topics.BACKUP_EVENTS);
        await().atMost(WAIT).until(() -> slack(db).size() == 1);
    }

    @Test
    void theRulesInForceAreReadable() {
        given().auth().oauth2(LocalTokens.forTest("viewer")).when().get("/api/notifications/rules").then().statusCode(200)
                .body("items.find { it.name == 'failures' }.types", equalTo(List.of("BackupFailed", "CaptureRetainingWal", "CaptureStopped", "RestoreFailed", "RestoreRolledBack", "VerificationFailed")))
                .body("items.find { it.name == 'failures' }.channels", equalTo(List.of("slack", "email")))
                .body("items.find { it.name == 'failures' }.channelsSetUp.slack", equalTo(true))
                .body("items.find { it.name == 'backup-completed' }.channels", equalTo(List.of("slack")))
                .body("items.find { it.name == 'maintenance' }.types", equalTo(List.of("RestoreCompleted", "RestoreStarted")))
                .body("items.find { it.name == 'maintenance' }.channels", equalTo(List.of("stakeholders")))
                .body("items.find { it.name == 'flaky' }.databases", equalTo(List.of("flaky-db")))
                .body(not(containsString("s3cr3t"))).body(not(containsString(HOOK_SECRET)));
        given().when().get("/api/notifications/rules").then().statusCode(401);
    }

    @Test
    void theReminderSummarisesEachDatabasesLastRestoreTestWithALinkToItsReport() {
        String db = "quarterly-" + shortId();
        String testId = UUID.randomUUID().toString();
        publish(new RestoreTestCompleted(testId, db, "b-7", "restore-tests/" + db + "/x.md", 4200, 3600, true, null));
        await().atMost(WAIT).until(() -> slack(db).size() == 1);

        given().auth().oauth2(LocalTokens.forTest("viewer")).when().post("/api/notifications/reminders").then().statusCode(403);
        given().auth().oauth2(LocalTokens.forTest("operator")).when().post("/api/notifications/reminders").then().statusCode(202);

        await().atMost(WAIT).until(() -> receiver.requests(SLACK_PATH, body -> body.contains("Quarterly review") && body.contains(db)).size() >= 1);
        String reminder = receiver.requests(SLACK_PATH, body -> body.contains("Quarterly review") && body.contains(db)).get(0).body();
        assertThat(reminder).contains("PASS on ").contains("RTO 4200 ms, RPO 3600 s")
                .contains("http://verifier.test:8083/api/restore-tests/" + testId + "/report");
    }

    // --- helpers ---------------------------------------------------------------------------

    private <T extends dev.lifeboat.events.data.EventData> CloudEvent<T> publish(CloudEvent<T> event) {
        EncodedEvent encoded = CODEC.encode(event);
        kafka.send(encoded.topic(), encoded.key(), encoded.headers(), encoded.value());
        return event;
    }

    private <T extends dev.lifeboat.events.data.EventData> CloudEvent<T> publish(T data) {
        return publish(CloudEvent.of("/test", "corr-" + UUID.randomUUID(), data));
    }

    private static BackupFailed backupFailed(String db, String message) {
        return new BackupFailed("r-" + UUID.randomUUID(), null, db, BackupTrigger.SCHEDULE, "CONNECTION_FAILED", message, 1, true);
    }

    private static BackupCompleted backupCompleted(String db) {
        return new BackupCompleted("r-" + db, "b-" + db, db, BackupTrigger.SCHEDULE, "backups/" + db + "/a", "backups/" + db + "/m",
                12L * 1024 * 1024, "0".repeat(64), Compression.ZSTD, true, "k1", 4321, Map.of("public.t", 1L), "15.19",
                Instant.now().minusSeconds(5), Instant.now());
    }

    private List<HttpReceiver.Received> slack(String db) {
        return receiver.requests(SLACK_PATH, body -> body.contains(db) && !body.contains("Quarterly review"));
    }

    private List<HttpReceiver.Received> hooks(String db) {
        return receiver.requests(HOOK_PATH, body -> body.contains(db));
    }

    private List<MailBox.Mail> mails(String address, String db) {
        return MailBox.messages(servers.mail().orElseThrow().apiUrl(), address, mail -> mail.subject().contains(db));
    }

    private static String header(ConsumerRecord<String, byte[]> record, String name) {
        var header = record.headers().lastHeader(name);
        return header == null ? null : new String(header.value(), StandardCharsets.UTF_8);
    }

    private static String shortId() {
        return UUID.randomUUID().toString().substring(0, 8);
    }
}
