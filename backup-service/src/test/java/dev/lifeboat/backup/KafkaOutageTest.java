package dev.lifeboat.backup;

import dev.lifeboat.realservers.RealServers;
import dev.lifeboat.realservers.kafka.KafkaBroker;
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
 * The API does not wait for Kafka: with the broker killed, a backup request is answered 202 within a second
 * (it is in the outbox), readiness says Kafka is down, and once the broker is back the request is published,
 * consumed and recorded, once.
 */
@QuarkusTest
class KafkaOutageTest {

    @InjectRealServers
    RealServers servers;

    @Test
    void withTheBrokerDownABackupRequestIsAnsweredAtOnceAndRecordedOnceItIsBack() {
        KafkaBroker kafka = servers.kafka().orElseThrow();
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
            await().atMost(Duration.ofSeconds(60)).until(() -> given().when().get("/q/health/ready").statusCode() == 503);
        } finally {
            kafka.restart();
        }
        await().atMost(Duration.ofSeconds(90)).until(() -> given().auth().oauth2(LocalTokens.forTest("viewer"))
                .when().get("/api/backups/requests/" + requestId).statusCode() == 200);
        given().auth().oauth2(LocalTokens.forTest("viewer")).when().get("/api/backups/requests/" + requestId).then()
                .body("databaseId", equalTo("outage-db"))
                .body("requestedBy", equalTo("operator-user"));
        await().atMost(Duration.ofSeconds(60)).until(() -> given().when().get("/q/health/ready").statusCode() == 200);
    }
}
