package dev.lifeboat.realservers.quarkus;

import dev.lifeboat.realservers.tokens.LocalTokens;

import java.time.Duration;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItems;

/** What every Lifeboat service promises at its edges, checked the same way in each service's tests (REST Assured). */
public final class ServiceChecks {

    /** The readiness check SmallRye Reactive Messaging adds for the Kafka channels. */
    public static final String KAFKA_READINESS = "SmallRye Reactive Messaging - readiness check";

    private ServiceChecks() {
    }

    /**
     * Ready, live, with (at least) the named readiness checks; metrics open; the API's description and Swagger UI not
     * served (they are only where {@code lifeboat.api.docs=true}, which the local stack sets and its smoke checks).
     */
    public static void assertReadyAndObservable(String... readinessChecks) {
        given().when().get("/q/health/ready").then()
                .statusCode(200)
                .body("status", equalTo("UP"))
                .body("checks.name", hasItems(readinessChecks));
        given().when().get("/q/health/live").then().statusCode(200).body("status", equalTo("UP"));
        given().when().get("/q/metrics").then().statusCode(200).body(containsString("jvm_memory_used_bytes"));
        given().when().get("/q/openapi").then().statusCode(404);
        given().when().get("/q/swagger-ui/").then().statusCode(404);
    }

    /**
     * {@code GET path}: 401 without a token, with a bad one or with an admin's token for another audience, 403 with a
     * token that has no Lifeboat role, 200 for a viewer.
     */
    public static void assertReadableByViewersOnly(String path) {
        given().when().get(path).then().statusCode(401);
        given().auth().oauth2("not-a-token").when().get(path).then().statusCode(401);
        String otherAudience = LocalTokens.mint(LocalTokens.testKeys(), "admin-user", "admin", Duration.ofHours(1), "another-app");
        given().auth().oauth2(otherAudience).when().get(path).then().statusCode(401);
        given().auth().oauth2(LocalTokens.forTest("guest")).when().get(path).then().statusCode(403);
        given().auth().oauth2(LocalTokens.forTest("viewer")).when().get(path).then().statusCode(200);
    }
}
