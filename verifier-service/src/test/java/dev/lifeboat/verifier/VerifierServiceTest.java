package dev.lifeboat.verifier;

import dev.lifeboat.events.backup.BackupCompleted;
import dev.lifeboat.events.backup.BackupStarted;
import dev.lifeboat.events.backup.BackupTrigger;
import dev.lifeboat.events.backup.Compression;
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
import java.time.Instant;
import java.util.Map;
import java.util.UUID;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.containsInAnyOrder;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.everyItem;

/** verifier-service boots on real Kafka, PostgreSQL and S3, guards its API, and verifies every completed backup once. */
@QuarkusTest
class VerifierServiceTest {

    @InjectRealServers
    RealServers servers;

    @Test
    void readinessChecksKafkaAndTheSchema() {
        ServiceChecks.assertReadyAndObservable("verification queue", ServiceChecks.KAFKA_READINESS);
    }

    @Test
    void theApiWantsATokenWithALifeboatRole() {
        ServiceChecks.assertReadableByViewersOnly("/api/verifications");
        ServiceChecks.assertReadableByViewersOnly("/api/protection");
    }

    @Test
    void aCompletedBackupIsVerifiedOnceAndOtherBackupEventsAreNot() {
        String databaseId = "db-" + UUID.randomUUID().toString().substring(0, 8);
        String backupId = UUID.randomUUID().toString();
        Instant now = Instant.now();
        KafkaProbe kafka = new KafkaProbe(servers.kafka().orElseThrow().bootstrapServers());
        send(kafka, new BackupStarted("r-1", backupId, databaseId, BackupTrigger.MANUAL, 1, now));
        BackupCompleted completed = new BackupCompleted("r-1", backupId, databaseId, BackupTrigger.MANUAL,
                dev.lifeboat.archive.ArchiveLayout.folder(databaseId, now, backupId) + "archive.dump",
                dev.lifeboat.archive.ArchiveLayout.folder(databaseId, now, backupId) + "manifest.json", 42, "0".repeat(64), Compression.ZSTD, false, null, 10, Map.of("public.t", 1L), "15.19", now, now);
        send(kafka, completed);
        send(kafka, completed);
        // A later backup of the same database (same key, same partition) shows the duplicate was processed.
        String laterId = UUID.randomUUID().toString();
        send(kafka, new BackupCompleted("r-2", laterId, databaseId, BackupTrigger.MANUAL,
                dev.lifeboat.archive.ArchiveLayout.folder(databaseId, now, laterId) + "archive.dump",
                dev.lifeboat.archive.ArchiveLayout.folder(databaseId, now, laterId) + "manifest.json", 43, "1".repeat(64), Compression.ZSTD, false, null, 10, Map.of("public.t", 2L), "15.19", now, now));

        await().atMost(Duration.ofSeconds(30)).untilAsserted(() ->
                given().auth().oauth2(LocalTokens.forTest("viewer")).queryParam("databaseId", databaseId)
                        .when().get("/api/verifications").then().statusCode(200)
                        .body("items.backupId", containsInAnyOrder(backupId, laterId))
                        .body("items.status", everyItem(equalTo("FAILED")))
                        .body("items.details", containsInAnyOrder(
                                "the manifest " + dev.lifeboat.archive.ArchiveLayout.folder(databaseId, now, backupId) + "manifest.json is missing from the bucket",
                                "the manifest " + dev.lifeboat.archive.ArchiveLayout.folder(databaseId, now, laterId) + "manifest.json is missing from the bucket")));
        // one page of one: the answer says which page, its size, and how many match in all
        given().auth().oauth2(LocalTokens.forTest("viewer")).queryParam("databaseId", databaseId).queryParam("size", 1).queryParam("page", 1)
                .when().get("/api/verifications").then().statusCode(200)
                .body("items", org.hamcrest.Matchers.hasSize(1)).body("page", equalTo(1)).body("size", equalTo(1)).body("total", equalTo(2));
    }

    private static void send(KafkaProbe kafka, dev.lifeboat.events.data.EventData data) {
        EncodedEvent encoded = new EventCodec().encode(CloudEvent.of("/test", "r-1", data));
        kafka.send(encoded.topic(), encoded.key(), encoded.headers(), encoded.value());
    }
}
