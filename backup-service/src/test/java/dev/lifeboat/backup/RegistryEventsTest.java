package dev.lifeboat.backup;

import dev.lifeboat.events.Topics;
import dev.lifeboat.events.apicall.ApiCallRecorded;
import dev.lifeboat.events.envelope.CloudEvent;
import dev.lifeboat.events.registry.DatabaseRegistered;
import dev.lifeboat.events.registry.DatabaseRemoved;
import dev.lifeboat.events.registry.DatabaseUpdated;
import dev.lifeboat.realservers.RealServers;
import dev.lifeboat.realservers.kafka.KafkaProbe;
import dev.lifeboat.realservers.kafka.TopicEvents;
import dev.lifeboat.realservers.quarkus.InjectRealServers;
import dev.lifeboat.realservers.tokens.LocalTokens;
import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.notNullValue;
import static org.hamcrest.Matchers.nullValue;

/**
 * Every change of the registry is published on {@code lifeboat.databases}, with who made it, so the other services
 * follow it; a merge patch changes only what it names.
 */
@QuarkusTest
class RegistryEventsTest {

    private static final Duration WAIT = Duration.ofSeconds(30);

    @InjectRealServers
    RealServers servers;

    private TopicEvents registry;

    @BeforeEach
    void setUp() {
        ProtectedDatabases.create(servers.postgres().orElseThrow());
        registry = new TopicEvents(new KafkaProbe(servers.kafka().orElseThrow().bootstrapServers()), Topics.DATABASES);
    }

    private String body(String id, String extra) {
        return "{\"id\":\"" + id + "\",\"host\":\"" + servers.postgres().orElseThrow().host() + "\",\"port\":"
                + servers.postgres().orElseThrow().port() + ",\"database\":\"shop\",\"username\":\"shop_owner\",\"credentialRef\":\""
                + ProtectedDatabases.ownerPasswordRef() + "\"" + extra + "}";
    }

    @Test
    void registeringPatchingAndRemovingADatabaseArePublishedWithWhoDidIt() {
        given().auth().oauth2(LocalTokens.forTest("admin")).contentType("application/json")
                .body(body("events-db", ",\"restore\":{\"username\":\"postgres\",\"credentialRef\":\"env:LIFEBOAT_DB_EVENTS_RESTORE\"}"))
                .when().post("/api/databases").then().statusCode(201)
                .body("restore.username", equalTo("postgres")).body("nextBackupAt", notNullValue());
        CloudEvent<DatabaseRegistered> registered = registry.await(DatabaseRegistered.class,
                event -> event.subject().equals("events-db"), WAIT).orElseThrow();
        assertThat(registered.data().changedBy()).isEqualTo("admin-user");
        assertThat(registered.data().registration().databaseName()).isEqualTo("shop");
        assertThat(registered.data().registration().restore().credentialRef()).isEqualTo("env:LIFEBOAT_DB_EVENTS_RESTORE");
        assertThat(registered.data().registration().credentialRef()).isEqualTo(ProtectedDatabases.ownerPasswordRef());
        assertThat(registered.toString()).doesNotContain(ProtectedDatabases.ownerPassword());

        given().auth().oauth2(LocalTokens.forTest("admin")).contentType("application/merge-patch+json")
                .body("{\"schedule\":\"0 * * * *\",\"restore\":null}")
                .when().patch("/api/databases/events-db").then().statusCode(200)
                .body("schedule", equalTo("0 * * * *")).body("database", equalTo("shop")).body("restore", nullValue())
                .body("credentialRef", equalTo(ProtectedDatabases.ownerPasswordRef()));
        CloudEvent<DatabaseUpdated> updated = registry.await(DatabaseUpdated.class,
                event -> event.subject().equals("events-db"), WAIT).orElseThrow();
        assertThat(updated.data().registration().schedule()).isEqualTo("0 * * * *");
        assertThat(updated.data().registration().restore()).isNull();
        assertThat(updated.data().registration().host()).isEqualTo(servers.postgres().orElseThrow().host());

        given().auth().oauth2(LocalTokens.forTest("admin")).when().delete("/api/databases/events-db").then().statusCode(204);
        assertThat(registry.await(DatabaseRemoved.class, event -> event.subject().equals("events-db"), WAIT).orElseThrow()
                .data().changedBy()).isEqualTo("admin-user");
    }

    @Test
    void aPatchIsCheckedAsAWholeRegistrationAndRefusedWithAReason() {
        given().auth().oauth2(LocalTokens.forTest("admin")).contentType("application/json").body(body("patched-db", ""))
                .when().post("/api/databases").then().statusCode(201);

        patch("patched-db", "{\"schedule\":\"every night\"}", 400, "schedule 'every night' must have 5 fields");
        patch("patched-db", "{\"port\":\"five\"}", 400, "the patched settings are not valid");
        patch("patched-db", "{\"id\":\"other\"}", 400, "an id cannot change");
        patch("patched-db", "[1]", 400, "a JSON object with the settings to change is required");
        patch("no-such-db", "{\"schedule\":\"0 * * * *\"}", 404, "no registered database");
        given().auth().oauth2(LocalTokens.forTest("operator")).contentType("application/merge-patch+json").body("{\"port\":5433}")
                .when().patch("/api/databases/patched-db").then().statusCode(403);
        given().auth().oauth2(LocalTokens.forTest("viewer")).when().get("/api/databases/patched-db").then().statusCode(200)
                .body("schedule", equalTo("0 2 * * *"));
    }

    @Test
    void aPasswordPastedAsTheReferenceIsRefusedWithoutBeingRepeated() {
        given().auth().oauth2(LocalTokens.forTest("admin")).contentType("application/json")
                .body(body("pasted-db", "").replace(ProtectedDatabases.ownerPasswordRef(), "Tr0ub4dor&3"))
                .when().post("/api/databases").then().statusCode(400)
                .body("error", containsString("credentialRef must be env:VARIABLE_NAME or file:/absolute/path"))
                .body(not(containsString("Tr0ub4dor")));
    }

    @Test
    void everyChangingCallAndEveryRefusedOneIsPublishedWithWhoMadeItAndNeverTheBody() {
        TopicEvents calls = new TopicEvents(new KafkaProbe(servers.kafka().orElseThrow().bootstrapServers()), Topics.API_CALLS);
        given().auth().oauth2(LocalTokens.forTest("admin")).contentType("application/json").body(body("called-db", ""))
                .when().post("/api/databases").then().statusCode(201);
        given().auth().oauth2(LocalTokens.forTest("viewer")).when().delete("/api/databases/called-db").then().statusCode(403);
        given().auth().oauth2("not-a-token").contentType("application/json").body("{\"databaseId\":\"called-db\"}")
                .when().post("/api/backups").then().statusCode(401);
        given().auth().oauth2(LocalTokens.forTest("viewer")).when().get("/api/databases/called-db").then().statusCode(200);

        // the topic holds the other tests' calls too: each is found by what makes it this test's
        ApiCallRecorded registered = calls.await(ApiCallRecorded.class,
                event -> "/api/databases/called-db".equals(event.data().location()), WAIT).orElseThrow().data();
        assertThat(registered).isEqualTo(new ApiCallRecorded("called-db", "admin-user", "POST", "/api/databases", 201,
                "/api/databases/called-db"));
        assertThat(calls.await(ApiCallRecorded.class, event -> event.data().method().equals("DELETE")
                && event.data().path().equals("/api/databases/called-db"), WAIT).orElseThrow().data())
                .isEqualTo(new ApiCallRecorded("called-db", "viewer-user", "DELETE", "/api/databases/called-db", 403, null));
        assertThat(calls.await(ApiCallRecorded.class, event -> event.data().path().equals("/api/backups")
                && event.data().status() == 401, WAIT).orElseThrow().data().actor()).isEqualTo(ApiCallRecorded.ANONYMOUS);
        // a read that was answered is not a change: it is not published
        assertThat(calls.await(ApiCallRecorded.class, event -> event.data().method().equals("GET")
                && event.data().path().equals("/api/databases/called-db"), Duration.ofSeconds(2))).isEmpty();
    }

    private static void patch(String id, String body, int status, String error) {
        given().auth().oauth2(LocalTokens.forTest("admin")).contentType("application/merge-patch+json").body(body)
                .when().patch("/api/databases/" + id).then().statusCode(status).body("error", containsString(error));
    }
}
