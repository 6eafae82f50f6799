package dev.lifeboat.restore;

import dev.lifeboat.backup.fixtures.ShopDatabase;
import dev.lifeboat.realservers.quarkus.ServiceChecks;
import dev.lifeboat.realservers.tokens.LocalTokens;
import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.Test;


import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.nullValue;

/** restore-service boots on real Kafka and PostgreSQL, guards its API, and takes restore requests over Kafka. */
@QuarkusTest
class RestoreServiceTest {

    private static final String NEW_DATABASE = """
            {"databaseId":"orders-db","source":{"kind":"LATEST"},"target":{"kind":"NEW_DATABASE","databaseName":"orders_copy"}}""";

    @Test
    void readinessChecksKafkaAndTheSchema() {
        ServiceChecks.assertReadyAndObservable("restore request intake", ServiceChecks.KAFKA_READINESS);
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
    void aDatabaseThatIsNotARestoreTargetIsRefused() {
        given().auth().oauth2(LocalTokens.forTest("admin")).contentType("application/json").body(NEW_DATABASE)
                .when().post("/api/restores").then().statusCode(404)
                .body("code", equalTo("UNKNOWN_DATABASE"))
                .body("error", containsString("'orders-db' is not registered")).body("error", containsString("POST /api/databases"));
        RestoreTestStack.awaitTargets();
        given().auth().oauth2(LocalTokens.forTest("admin")).contentType("application/json")
                .body("{\"databaseId\":\"shop\",\"source\":{\"kind\":\"LATEST\"},\"target\":{\"kind\":\"NEW_DATABASE\",\"databaseName\":\"Bad Name\"}}")
                .when().post("/api/restores").then().statusCode(400)
                .body("code", equalTo("INVALID_TARGET"));
    }

    @Test
    void aDatabaseRegisteredThroughTheBackupApiIsARestoreTargetAsItsRestoreRoleAndConfigurationWins() {
        RestoreTestStack.awaitTargets();
        given().auth().oauth2(LocalTokens.forTest("viewer")).when().get("/api/restore-targets").then().statusCode(200)
                .body("items.find { it.databaseId == 'shop' }.database", equalTo("shop"))
                .body("items.find { it.databaseId == 'shop' }.source", equalTo("the registry's restore role"))
                .body("items.find { it.databaseId == 'shop' }.username", not(equalTo(ShopDatabase.OWNER)))
                .body("items.find { it.databaseId == 'rollback' }.source", equalTo("lifeboat.restore.databases.rollback"))
                .body("items.find { it.databaseId == 'shop' }.credentialRef", nullValue());
    }
}
