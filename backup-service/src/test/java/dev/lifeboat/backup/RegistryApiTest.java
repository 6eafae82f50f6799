package dev.lifeboat.backup;

import dev.lifeboat.realservers.RealServers;
import dev.lifeboat.realservers.process.LoopbackPorts;
import dev.lifeboat.realservers.quarkus.InjectRealServers;
import dev.lifeboat.realservers.tokens.LocalTokens;
import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.startsWith;

/** The registry: databases registered, shown, changed, tested and removed; bad input is a 4xx that says what is wrong. */
@QuarkusTest
class RegistryApiTest {

    @InjectRealServers
    RealServers servers;

    @BeforeEach
    void setUp() {
        ProtectedDatabases.create(servers.postgres().orElseThrow());
    }

    private String body(String id, String extra) {
        return "{\"id\":\"" + id + "\",\"host\":\"" + servers.postgres().orElseThrow().host() + "\",\"port\":"
                + servers.postgres().orElseThrow().port() + ",\"database\":\"shop\",\"username\":\"shop_owner\",\"credentialRef\":\""
                + ProtectedDatabases.ownerPasswordRef() + "\"" + extra + "}";
    }

    @Test
    void aDatabaseIsRegisteredWithDefaultsShownWithoutSecretsChangedTestedAndRemoved() {
        given().auth().oauth2(LocalTokens.forTest("admin")).contentType("application/json")
                .body(body("orders-db", ",\"labels\":{\"team\":\"payments\"}"))
                .when().post("/api/databases").then().statusCode(201)
                .body("schedule", equalTo("0 2 * * *"))
                .body("rpo", equalTo("PT24H"))
                .body("retention.maxAgeDays", equalTo(30)).body("retention.daily", equalTo(7))
                .body("retention.weekly", equalTo(4)).body("retention.monthly", equalTo(12))
                .body("labels.team", equalTo("payments"))
                .body("freshnessColumns", equalTo(java.util.Map.of()))
                .body("declaredIn", equalTo("API"))
                .body(not(containsString(ProtectedDatabases.ownerPassword())));

        given().auth().oauth2(LocalTokens.forTest("viewer")).when().get("/api/databases/orders-db").then().statusCode(200)
                .body("credentialRef", startsWith("file:/"));
        given().auth().oauth2(LocalTokens.forTest("operator")).when().post("/api/databases/orders-db/test-connection").then()
                .statusCode(200).body("connected", equalTo(true)).body("serverVersion", startsWith("15."));

        given().auth().oauth2(LocalTokens.forTest("admin")).contentType("application/json")
                .body(body("orders-db", ",\"schedule\":\"30 3 * * 1\",\"rpo\":\"PT168H\",\"retention\":{\"keepLast\":5}"))
                .when().put("/api/databases/orders-db").then().statusCode(200)
                .body("schedule", equalTo("30 3 * * 1")).body("retention.keepLast", equalTo(5));

        given().auth().oauth2(LocalTokens.forTest("operator")).when().delete("/api/databases/orders-db").then().statusCode(403);
        given().auth().oauth2(LocalTokens.forTest("admin")).when().delete("/api/databases/orders-db").then().statusCode(204);
        given().auth().oauth2(LocalTokens.forTest("viewer")).when().get("/api/databases/orders-db").then().statusCode(404);
    }

    @Test
    void badInputIsA400ThatNamesTheProblem() {
        post(body("bad-cron", ",\"schedule\":\"every night\""), 400, "schedule 'every night' must have 5 fields");
        post(body("bad-cron2", ",\"schedule\":\"61 2 * * *\""), 400, "is not a valid cron expression");
        post(body("bad-field", ",\"pasword\":\"x\""), 400, "unknown field 'pasword'");
        post(body("Bad Id", ""), 400, "id must be 1-63 characters");
        post(body("bad-ref", "").replace(ProtectedDatabases.ownerPasswordRef(), "hunter2"), 400,
                "credentialRef must be env:VARIABLE_NAME or file:/absolute/path");
        post(body("bad-retention", ",\"retention\":{\"daily\":-1}"), 400, "retention.daily must be 0 or more");
        post(body("bad-rpo", ",\"rpo\":\"soon\""), 400, "request body is not valid JSON");
        post(body("bad-freshness", ",\"freshnessColumns\":{\"orders\":\"placed\"}"), 400,
                "freshnessColumns: 'orders' must be a table as schema.table");
        post(body("bad-freshness2", ",\"freshnessColumns\":{\"public.orders\":\"\"}"), 400,
                "freshnessColumns: the column of public.orders must be a PostgreSQL column name");
        post(body("bad-window", ",\"pointInTime\":{\"enabled\":true,\"window\":\"PT5M\"}"), 400,
                "pointInTime.window must be an ISO-8601 duration from PT1H to P90D, not PT5M");
        post("{\"id\":\"no-host\",\"username\":\"u\"}", 400, "host must be");
        post(body("keeps-nothing", ",\"retention\":{\"maxAgeDays\":0,\"keepLast\":0,\"daily\":0,\"weekly\":0,\"monthly\":0}"), 422,
                "retention keeps nothing: maxAgeDays, keepLast, daily, weekly and monthly are all 0 or unset");
        post("not json", 400, "request body is not valid JSON");
        post(body("twice", ""), 201, "");
        post(body("twice", ""), 409, "registered already");
        given().auth().oauth2(LocalTokens.forTest("admin")).contentType("application/merge-patch+json")
                .body("{\"retention\":{\"maxAgeDays\":0,\"daily\":0,\"weekly\":0,\"monthly\":0}}").when().patch("/api/databases/twice")
                .then().statusCode(422).body("error", startsWith("retention keeps nothing"));
        given().auth().oauth2(LocalTokens.forTest("viewer")).when().get("/api/databases/twice").then().statusCode(200)
                .body("retention.maxAgeDays", equalTo(30)).body("retention.daily", equalTo(7));
    }

    @Test
    void pointInTimeIsOffUnlessEnabledTakesASevenDayWindowByDefaultAndIsTurnedOffByAPatch() {
        post(body("pitr-default", ",\"pointInTime\":{\"enabled\":true}"), 201, "");
        given().auth().oauth2(LocalTokens.forTest("viewer")).when().get("/api/databases/pitr-default").then().statusCode(200)
                .body("pointInTime.enabled", equalTo(true)).body("pointInTime.window", equalTo("PT168H"));
        given().auth().oauth2(LocalTokens.forTest("admin")).contentType("application/merge-patch+json")
                .body("{\"pointInTime\":{\"enabled\":false}}").when().patch("/api/databases/pitr-default").then().statusCode(200)
                .body("pointInTime.enabled", equalTo(false));
        post(body("pitr-off", ""), 201, "");
        given().auth().oauth2(LocalTokens.forTest("viewer")).when().get("/api/databases/pitr-off").then().statusCode(200)
                .body("pointInTime.enabled", equalTo(false));
    }

    @Test
    void aConnectionTestSaysWhyItFailed() {
        post(body("closed-port", "").replace(":" + servers.postgres().orElseThrow().port() + ",", ":" + LoopbackPorts.free() + ","), 201, "");
        given().auth().oauth2(LocalTokens.forTest("operator")).when().post("/api/databases/closed-port/test-connection").then()
                .statusCode(422).body("error", startsWith("CONNECTION_FAILED: cannot connect to shop_owner@127.0.0.1:"));

        post(body("wrong-secret", "").replace(ProtectedDatabases.ownerPasswordRef(), ProtectedDatabases.passwordRef("wrong2", "not-it")), 201, "");
        given().auth().oauth2(LocalTokens.forTest("operator")).when().post("/api/databases/wrong-secret/test-connection").then()
                .statusCode(422).body("error", startsWith("AUTHENTICATION_FAILED")).body(not(containsString("not-it")));

        post(body("missing-env", "").replace(ProtectedDatabases.ownerPasswordRef(), "env:LIFEBOAT_DB_TEST_NOT_SET"), 201, "");
        given().auth().oauth2(LocalTokens.forTest("operator")).when().post("/api/databases/missing-env/test-connection").then()
                .statusCode(422).body("error", equalTo("CREDENTIAL_UNAVAILABLE: environment variable LIFEBOAT_DB_TEST_NOT_SET (named by env:LIFEBOAT_DB_TEST_NOT_SET) is not set"));
        given().auth().oauth2(LocalTokens.forTest("operator")).when().post("/api/databases/nobody/test-connection").then().statusCode(404);
    }

    @Test
    void aDatabaseDeclaredInConfigurationIsRegisteredAndCannotBeChangedThroughTheApi() {
        given().auth().oauth2(LocalTokens.forTest("viewer")).when().get("/api/databases/declared-db").then().statusCode(200)
                .body("declaredIn", equalTo("CONFIG")).body("schedule", equalTo("0 0 1 1 *")).body("database", equalTo("declared-db"))
                .body("freshnessColumns", equalTo(java.util.Map.of("public.item", "updated_at")));
        given().auth().oauth2(LocalTokens.forTest("admin")).contentType("application/json").body(body("declared-db", ""))
                .when().put("/api/databases/declared-db").then().statusCode(409)
                .body("error", containsString("declared in configuration"));
        given().auth().oauth2(LocalTokens.forTest("admin")).when().delete("/api/databases/declared-db").then().statusCode(409);
    }

    /**
     * The attack of issue 50: a registration naming the host of whoever registers and, as its password, one of the service's
     * own secrets, then a connection test that would send it there. Refused at registration with a 400 that names the rule
     * and not the reference; nothing is registered and nothing connects to that host. (Before: 201, and the test connected.)
     */
    @Test
    void aRegistrationNamingTheServicesOwnSecretsIsRefusedAndNothingIsSentToItsHost() throws Exception {
        try (ServerSocket attacker = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
            AtomicInteger connections = new AtomicInteger();
            Thread listening = new Thread(() -> {
                while (!attacker.isClosed()) {
                    try (Socket ignored = attacker.accept()) {
                        connections.incrementAndGet();
                    } catch (IOException closed) {
                        return;
                    }
                }
            });
            listening.setDaemon(true);
            listening.start();
            for (String reference : List.of("file:" + ArchiveKeyTestResource.KEY_FILE.toAbsolutePath(), "env:LIFEBOAT_STORAGE_SECRET_ACCESS_KEY",
                    "env:QUARKUS_DATASOURCE_PASSWORD", "file:" + ProtectedDatabases.SECRETS.toAbsolutePath() + "/../lifeboat-test-archive.key")) {
                String stolen = "{\"id\":\"stolen\",\"host\":\"127.0.0.1\",\"port\":" + attacker.getLocalPort()
                        + ",\"database\":\"shop\",\"username\":\"x\",\"credentialRef\":\"" + reference + "\"}";
                given().auth().oauth2(LocalTokens.forTest("admin")).contentType("application/json").body(stolen)
                        .when().post("/api/databases").then().statusCode(400)
                        .body("error", startsWith("credentialRef must name a secret provisioned for databases: env:LIFEBOAT_DB_… "))
                        .body(not(containsString(reference.substring(reference.indexOf(':') + 1))));
                given().auth().oauth2(LocalTokens.forTest("operator")).when().post("/api/databases/stolen/test-connection")
                        .then().statusCode(404);
            }
            post(body("stolen-restore", ",\"restore\":{\"username\":\"postgres\",\"credentialRef\":\"env:LIFEBOAT_ENCRYPTION_KEY\"}"),
                    400, "credentialRef must name a secret provisioned for databases");
            post(body("stolen-later", ""), 201, "");
            given().auth().oauth2(LocalTokens.forTest("admin")).contentType("application/merge-patch+json")
                    .body("{\"credentialRef\":\"env:LIFEBOAT_STORAGE_SECRET_ACCESS_KEY\"}")
                    .when().patch("/api/databases/stolen-later").then().statusCode(400)
                    .body("error", startsWith("credentialRef must name a secret provisioned for databases"));
            given().auth().oauth2(LocalTokens.forTest("viewer")).when().get("/api/databases/stolen-later").then().statusCode(200)
                    .body("credentialRef", equalTo(ProtectedDatabases.ownerPasswordRef()));
            given().auth().oauth2(LocalTokens.forTest("viewer")).when().get("/api/databases/stolen").then().statusCode(404);
            given().auth().oauth2(LocalTokens.forTest("admin")).when().delete("/api/databases/stolen-later").then().statusCode(204);
            attacker.close();
            listening.join(5_000);
            assertThat(connections.get()).as("connections to the registering party's host").isZero();
        }
    }

    private static void post(String json, int status, String message) {
        given().auth().oauth2(LocalTokens.forTest("admin")).contentType("application/json").body(json)
                .when().post("/api/databases").then().statusCode(status).body(containsString(message));
    }
}
