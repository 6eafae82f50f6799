package dev.lifeboat.backup;

import dev.lifeboat.realservers.RealServers;
import dev.lifeboat.realservers.kafka.KafkaBroker;
import dev.lifeboat.realservers.kafka.KafkaProbe;
import dev.lifeboat.realservers.quarkus.InjectRealServers;
import dev.lifeboat.realservers.tokens.LocalTokens;
import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.Test;

import java.time.Duration;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;

/**
 * The API does not wait for Kafka: with the broker killed, a backup request is answered 202 within a second and is
 * recorded at once (the request and its event in one transaction; its backup needs no round trip through Kafka),
 * readiness says Kafka is down, and once the broker is back its {@code BackupRequested} is published, once.
 */
@QuarkusTest
class KafkaOutageTest {

    @InjectRealServers
    RealServers servers;

    @Test
    void withTheBrokerDownABackupRequestIsAnsweredAndRecordedAtOnceAndPublishedOnceItIsBack() {
        KafkaBroker kafka = servers.kafka().orElseThrow();
        ProtectedDatabases.create(servers.postgres().orElseThrow());
        ProtectedDatabases.registerOnTestServer(servers.postgres().orElseThrow(), "outage-db", "tiny", "");
        String requestId;
        kafka.kill();
        try {
            long start = System.nanoTime();
            requestId = given().auth().oauth2(LocalTokens.forTest("operator")).contentType("application/json")
                    .body("{\"databaseId\":\"outage-db\"}")
                    .when().post("/api/backups").then().statusCode(202)
                    .extract().path("requestId");
            Duration answeredIn = Duration.ofNanos(System.nanoTime() - start);
            assertThat(answeredIn).isLessThan(Duration.ofSeconds(1));
            given().auth().oauth2(LocalTokens.forTest("viewer")).when().get("/api/backups/requests/" + requestId).then()
                    .statusCode(200).body("databaseId", equalTo("outage-db")).body("requestedBy", equalTo("operator-user"));
            await().atMost(Duration.ofSeconds(60)).until(() -> given().when().get("/q/health/ready").statusCode() == 503);
        } finally {
            kafka.restart();
        }
        String published = requestId;
        BackupEvents events = new BackupEvents(new KafkaProbe(kafka.bootstrapServers()));
        assertThat(events.requested(event -> event.data().requestId().equals(published), Duration.ofSeconds(90)))
                .as("the request's BackupRequested, published once the broker is back").isPresent();
        await().during(Duration.ofSeconds(2)).atMost(Duration.ofSeconds(5)).until(() ->
                events.allRequested(event -> event.data().requestId().equals(published)).size() == 1);
        await().atMost(Duration.ofSeconds(60)).until(() -> given().when().get("/q/health/ready").statusCode() == 200);
    }
}
