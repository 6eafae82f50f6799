package dev.lifeboat.restore;

import dev.lifeboat.realservers.RealServers;
import dev.lifeboat.realservers.quarkus.InjectRealServers;
import dev.lifeboat.realservers.quarkus.ServiceChecks;
import dev.lifeboat.realservers.tokens.LocalTokens;
import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.Test;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;

/** restore-service boots on real Kafka and PostgreSQL, guards its API, and takes restore requests over Kafka. */
@QuarkusTest
class RestoreServiceTest {

    private static final String NEW_DATABASE = """
            {"databaseId":"orders-db","source":{"kind":"LATEST"},"target":{"kind":"NEW_DATABASE","databaseName":"orders_copy"}}""";

    @InjectRealServers
    RealServers servers;

    @Test
    void readinessChecksKafkaAndTheSchema() {
        ServiceChecks.assertReadyAndObservable("/api/restores", "restore request intake", ServiceChecks.KAFKA_READINESS);
    }

    @Test
    void onlyAnAdminMayRestore() {
        given().contentType("application/json").body(NEW_DATABASE).when().post("/api/restores").then().statusCode(401);
        given().auth().oauth2(LocalTokens.forTest("operator")).contentType("application/json").body(NEW_DATABASE)
                .when().post("/api/restores").then().statusCode(403);
        given().auth().oauth2(LocalTokens.forTest("viewer")).when().get("/api/restores/nope").then().statusCode(404)
                .body("error", equalTo("no restore with id 'nope'"));
    }

    @Test
    void anUnconfirmedInPlaceRestoreIsRefusedWithTheReason() {
        given().auth().oauth2(LocalTokens.forTest("admin")).contentType("application/json")
                .body("{\"databaseId\":\"orders-db\",\"source\":{\"kind\":\"LATEST\"},\"target\":{\"kind\":\"IN_PLACE\"}}")
                .when().post("/api/restores").then().statusCode(400)
                .body("error", equalTo("target.confirmed must be true to replace the live database (IN_PLACE)"));
        given().auth().oauth2(LocalTokens.forTest("admin")).contentType("application/json")
                .body("{\"databaseId\":\"orders-db\",\"source\":{\"kind\":\"SOMETIME\"}")
                .when().post("/api/restores").then().statusCode(400)
                .body("error", containsString("request body is not valid"));
    }

    @Test
    void anAdminsRequestGoesThroughKafkaAndIsRecorded() {
        String restoreId = given().auth().oauth2(LocalTokens.forTest("admin")).contentType("application/json").body(NEW_DATABASE)
                .when().post("/api/restores").then().statusCode(202)
                .body("status", equalTo("REQUESTED"))
                .extract().path("restoreId");

        await().atMost(Duration.ofSeconds(30)).until(() -> recorded(restoreId));
        given().auth().oauth2(LocalTokens.forTest("viewer")).when().get("/api/restores/" + restoreId).then().statusCode(200)
                .body("targetKind", equalTo("NEW_DATABASE"))
                .body("targetDatabase", equalTo("orders_copy"))
                .body("safetyBackup", equalTo(true))
                .body("requestedBy", equalTo("admin-user"));
    }

    private boolean recorded(String restoreId) throws Exception {
        try (Connection connection = servers.postgres().orElseThrow().connect("lifeboat");
             PreparedStatement query = connection.prepareStatement("SELECT count(*) FROM restore.restore_request WHERE restore_id = ?")) {
            query.setString(1, restoreId);
            try (ResultSet result = query.executeQuery()) {
                result.next();
                return result.getLong(1) == 1;
            }
        }
    }
}
