package dev.lifeboat.backup;

import dev.lifeboat.realservers.RealServers;
import dev.lifeboat.realservers.quarkus.InjectRealServers;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import org.junit.jupiter.api.Test;

import java.time.Duration;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A hung S3 server (stopped with SIGSTOP: it accepts connections and never answers) makes readiness answer
 * 503 within seconds, naming the bucket; before, the probe itself hung. Once the server runs again, 200.
 */
@QuarkusTest
class HungBucketTest {

    @InjectRealServers
    RealServers servers;

    @Test
    void withTheBucketServerHungReadinessAnswers503WithinSecondsInsteadOfHanging() throws Exception {
        try (AutoCloseable frozen = servers.s3().orElseThrow().freeze()) {
            long start = System.nanoTime();
            Response ready = given().when().get("/q/health/ready");
            Duration answeredIn = Duration.ofNanos(System.nanoTime() - start);
            assertThat(ready.statusCode()).isEqualTo(503);
            assertThat(ready.asString()).contains("the bucket did not answer within 3 s");
            assertThat(answeredIn).isLessThan(Duration.ofSeconds(6));
        }
        await().atMost(Duration.ofSeconds(30)).until(() -> given().when().get("/q/health/ready").statusCode() == 200);
    }
}
