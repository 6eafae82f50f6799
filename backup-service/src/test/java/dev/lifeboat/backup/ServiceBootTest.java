package dev.lifeboat.backup;

import dev.lifeboat.archive.CipherWarmUp;
import dev.lifeboat.realservers.RealServers;
import dev.lifeboat.realservers.quarkus.InjectRealServers;
import dev.lifeboat.realservers.quarkus.ServiceChecks;
import dev.lifeboat.realservers.tokens.LocalTokens;
import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.Test;

import java.util.concurrent.TimeUnit;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.not;

/** The service boots against the real servers and serves health, metrics, OpenAPI and a guarded API. */
@QuarkusTest
class ServiceBootTest {

    @InjectRealServers
    RealServers servers;

    @Test
    void readinessChecksKafkaTheSchemaAndTheBucket() {
        ServiceChecks.assertReadyAndObservable("backup request intake", "backup bucket", ServiceChecks.KAFKA_READINESS);
        given().when().get("/q/health/ready").then()
                .body("checks.find { it.name == 'backup bucket' }.data.bucket", equalTo("lifeboat-backups"));
    }

    @Test
    void aServiceWithArchiveKeysWarmsItsCipherAsItStarts() throws Exception {
        // looked at before asking: asking starts a warm-up that has not started, which then takes a moment
        boolean running = Thread.getAllStackTraces().keySet().stream().anyMatch(thread -> thread.getName().equals("lifeboat-cipher-warm-up"));
        var warmUp = CipherWarmUp.inBackground();
        assertThat(running || warmUp.isDone()).as("the warm-up started with the service, not at this call").isTrue();
        assertThat(warmUp.get(30, TimeUnit.SECONDS)).isPositive();
    }

    @Test
    void readinessFailsWhileTheSchemaIsMissing() {
        servers.postgres().orElseThrow().execute("lifeboat", "ALTER TABLE backup.backup_request RENAME TO backup_request_away");
        try {
            given().when().get("/q/health/ready").then()
                    .statusCode(503)
                    .body("checks.find { it.name == 'backup request intake' }.status", equalTo("DOWN"));
        } finally {
            servers.postgres().orElseThrow().execute("lifeboat", "ALTER TABLE backup.backup_request_away RENAME TO backup_request");
        }
        given().when().get("/q/health/ready").then().statusCode(200);
    }

    @Test
    void theApiWantsATokenAndTheRightRoleAndSaysSoInTheOneErrorShape() {
        given().when().get("/api/backups/requests/any").then().statusCode(401)
                .contentType("application/json").body("code", equalTo("UNAUTHENTICATED")).body("error", containsString("bearer token"));
        given().contentType("application/json").body("{\"databaseId\":\"orders-db\"}")
                .when().post("/api/backups").then().statusCode(401);
        given().auth().oauth2("not-a-token").when().get("/api/backups/requests/any").then().statusCode(401)
                .header("WWW-Authenticate", "Bearer").body("code", equalTo("UNAUTHENTICATED")).body(not(containsString("not-a-token")));

        given().auth().oauth2(LocalTokens.forTest("viewer")).contentType("application/json").body("{\"databaseId\":\"orders-db\"}")
                .when().post("/api/backups").then().statusCode(403)
                .contentType("application/json").body("code", equalTo("FORBIDDEN"));
        given().auth().oauth2(LocalTokens.forTest("viewer"))
                .when().get("/api/backups/requests/unknown").then().statusCode(404)
                .body("error", equalTo("no backup request with id 'unknown'")).body("code", equalTo("NOT_FOUND"));
    }

    @Test
    void badInputGetsA400ThatSaysWhatIsWrong() {
        given().auth().oauth2(LocalTokens.forTest("operator")).contentType("application/json")
                .body("{\"databaseId\":\"Orders DB!\"}")
                .when().post("/api/backups").then().statusCode(400)
                .body(containsString("databaseId must be 1-63 characters"));
        given().auth().oauth2(LocalTokens.forTest("operator")).contentType("application/json")
                .when().post("/api/backups").then().statusCode(400)
                .body(containsString("a JSON body with databaseId is required"));
        given().auth().oauth2(LocalTokens.forTest("operator")).contentType("application/json").body("{\"databaseId\":5}")
                .when().post("/api/backups").then().statusCode(400)
                .body("error", containsString("field 'databaseId'"));
    }
}
