package dev.lifeboat.audit;

import dev.lifeboat.events.Topics;
import dev.lifeboat.events.backup.BackupRequested;
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
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.containsInAnyOrder;
import static org.hamcrest.Matchers.equalTo;

/** audit-service boots on real Kafka and PostgreSQL, guards its API, and logs every message of every topic once. */
@QuarkusTest
class AuditServiceTest {

    @InjectRealServers
    RealServers servers;

    @Test
    void readinessChecksKafkaAndTheSchema() {
        ServiceChecks.assertReadyAndObservable("/api/audit", "activity log", ServiceChecks.KAFKA_READINESS);
    }

    @Test
    void theApiWantsATokenWithALifeboatRole() {
        ServiceChecks.assertReadableByViewersOnly("/api/audit");
    }

    @Test
    void aRequestIsLoggedOnceWithItsActorAndAMalformedMessageDoesNotStopIngestion() {
        String databaseId = "db-" + UUID.randomUUID().toString().substring(0, 8);
        KafkaProbe kafka = new KafkaProbe(servers.kafka().orElseThrow().bootstrapServers());
        kafka.send(Topics.BACKUP_REQUESTS, databaseId, new RecordHeaders(), "{broken".getBytes(StandardCharsets.UTF_8));
        CloudEvent<BackupRequested> request = CloudEvent.of("/billing", "c-1",
                new BackupRequested("req-" + databaseId, databaseId, BackupTrigger.EXTERNAL, "billing-system", Map.of()));
        EncodedEvent encoded = new EventCodec().encode(request);
        kafka.send(encoded.topic(), encoded.key(), encoded.headers(), encoded.value());
        kafka.send(encoded.topic(), encoded.key(), encoded.headers(), encoded.value());
        // A later request of the same database (same key, same partition) shows the duplicate was processed.
        CloudEvent<BackupRequested> later = CloudEvent.of("/billing", "c-2",
                new BackupRequested("later-" + databaseId, databaseId, BackupTrigger.EXTERNAL, "billing-system", Map.of()));
        EncodedEvent laterEncoded = new EventCodec().encode(later);
        kafka.send(laterEncoded.topic(), laterEncoded.key(), laterEncoded.headers(), laterEncoded.value());

        await().atMost(Duration.ofSeconds(30)).untilAsserted(() ->
                given().auth().oauth2(LocalTokens.forTest("viewer")).queryParam("databaseId", databaseId)
                        .when().get("/api/audit").then().statusCode(200)
                        .body("eventId", containsInAnyOrder(request.id(), later.id()))
                        .body("find { it.eventId == '%s' }.type".formatted(request.id()), equalTo("dev.lifeboat.backup.requested.v1"))
                        .body("find { it.eventId == '%s' }.actor".formatted(request.id()), equalTo("billing-system"))
                        .body("find { it.eventId == '%s' }.topic".formatted(request.id()), equalTo(Topics.BACKUP_REQUESTS))
                        .body("find { it.eventId == '%s' }.data.requestId".formatted(request.id()), equalTo("req-" + databaseId)));
        assertThat(kafka.awaitRecord(Topics.DEAD_LETTER,
                record -> "{broken".equals(new String(record.value(), StandardCharsets.UTF_8)), Duration.ofSeconds(30))).isPresent();
    }
}
