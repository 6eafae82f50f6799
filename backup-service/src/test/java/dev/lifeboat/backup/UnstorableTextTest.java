package dev.lifeboat.backup;

import dev.lifeboat.realservers.tokens.LocalTokens;
import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.Test;

import java.time.Duration;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;

/**
 * What PostgreSQL cannot store is refused before the 202, with a JSON reason: a NUL character in the path,
 * the query or the body, a text longer than the contract allows, a request over 1 MiB, a token whose user
 * name could not be recorded. Before, these were 500s, or a 202 whose request was then lost.
 */
@QuarkusTest
class UnstorableTextTest {

    @Test
    void aNulCharacterInThePathOrTheQueryIsA400() {
        given().auth().oauth2(LocalTokens.forTest("viewer")).urlEncodingEnabled(false)
                .when().get("/api/backups/requests/a%00b").then().statusCode(400)
                .body("code", equalTo("INVALID_REQUEST")).body("error", containsString("NUL character"));
        given().auth().oauth2(LocalTokens.forTest("viewer")).urlEncodingEnabled(false)
                .when().get("/api/backups?databaseId=x%00").then().statusCode(400)
                .body("error", containsString("query parameter 'databaseId' contains a NUL character"));
    }

    @Test
    void aNulCharacterInTheBodyIsA400NotALostRequest() {
        given().auth().oauth2(LocalTokens.forTest("operator")).contentType("application/json")
                .body("{\"databaseId\":\"orders-db\",\"labels\":{\"a\\u0000b\":\"x\"}}")
                .when().post("/api/backups").then().statusCode(400)
                .body("error", containsString("the request body contains a NUL character"));
    }

    @Test
    void aTextLongerThanTheContractAllowsIsA400AndARequestOver1MiBA413() {
        given().auth().oauth2(LocalTokens.forTest("operator")).contentType("application/json")
                .body("{\"databaseId\":\"orders-db\",\"labels\":{\"ticket\":\"" + "x".repeat(2000) + "\"}}")
                .when().post("/api/backups").then().statusCode(400)
                .body("error", containsString("field 'labels.ticket' of dev.lifeboat.backup.requested.v1 is 2000 bytes long; at most 1024"));
        StringBuilder labels = new StringBuilder();
        for (int i = 0; i < 1300; i++) {
            labels.append(i == 0 ? "" : ",").append("\"label").append(i).append("\":\"").append("y".repeat(1000)).append('"');
        }
        given().auth().oauth2(LocalTokens.forTest("operator")).contentType("application/json")
                .body("{\"databaseId\":\"orders-db\",\"labels\":{" + labels + "}}")
                .when().post("/api/backups").then().statusCode(413)
                .body("code", equalTo("TOO_LARGE"))
                .body("error", containsString("the request body is larger than 1048576 bytes"));
    }

    @Test
    void aTokenWhoseUserNameCannotBeRecordedIsA401() {
        for (String user : new String[]{"u".repeat(5000), "eve\u0000admin"}) {
            String token = LocalTokens.mint(LocalTokens.testKeys(), user, "operator", Duration.ofMinutes(5));
            given().auth().oauth2(token).contentType("application/json").body("{\"databaseId\":\"orders-db\"}")
                    .when().post("/api/backups").then().statusCode(401)
                    .body("error", containsString("the token's user name (upn or sub) must be 1 to 200 characters"));
        }
    }
}
