package dev.lifeboat.notifier;

import dev.lifeboat.events.backup.BackupFailed;
import dev.lifeboat.events.backup.BackupTrigger;
import dev.lifeboat.events.envelope.CloudEvent;
import dev.lifeboat.events.envelope.EncodedEvent;
import dev.lifeboat.events.envelope.EventCodec;
import dev.lifeboat.realservers.RealServers;
import dev.lifeboat.realservers.kafka.KafkaProbe;
import dev.lifeboat.realservers.quarkus.InjectRealServers;
import dev.lifeboat.realservers.quarkus.ServiceChecks;
import dev.lifeboat.realservers.tokens.LocalTokens;
import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.Test;

import java.time.Duration;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;

/** notifier-service boots on real Kafka and PostgreSQL, guards its API, and plans a delivery per routed channel of every event. */
@QuarkusTest
class NotifierServiceTest {

    @InjectRealServers
    RealServers servers;

    @Test
    void readinessChecksKafkaAndTheSchema() {
        ServiceChecks.assertReadyAndObservable("notification inbox", ServiceChecks.KAFKA_READINESS);
    }

    @Test
    void theApiWantsATokenWithALifeboatRole() {
        ServiceChecks.assertReadableByViewersOnly("/api/notifications");
    }

    @Test
    void aBackupFailedEventIsPlannedAsOneDeliveryPerRoutedChannel() {
        CloudEvent<BackupFailed> failed = CloudEvent.of("/lifeboat/backup-service", "r-9",
                new BackupFailed("r-9", null, "orders-db", BackupTrigger.SCHEDULE, "CONNECTION_FAILED", "connection refused", 1, true));
        EncodedEvent encoded = new EventCodec().encode(failed);
        new KafkaProbe(servers.kafka().orElseThrow().bootstrapServers())
                .send(encoded.topic(), encoded.key(), encoded.headers(), encoded.value());

        await().atMost(Duration.ofSeconds(30)).untilAsserted(() ->
                given().auth().oauth2(LocalTokens.forTest("viewer")).when().get("/api/notifications").then().statusCode(200)
                        .body("items.eventId", hasItem(failed.id()))
                        .body("items.findAll { it.eventId == '%s' }.channel".formatted(failed.id()),
                                org.hamcrest.Matchers.containsInAnyOrder("slack", "email", "receiver"))
                        .body("items.find { it.eventId == '%s' }.eventType".formatted(failed.id()), equalTo("dev.lifeboat.backup.failed.v1")));
    }
}
