package dev.lifeboat.audit;

import dev.lifeboat.events.Topics;
import dev.lifeboat.events.apicall.ApiCallRecorded;
import dev.lifeboat.events.backup.BackupRequested;
import dev.lifeboat.events.backup.BackupTrigger;
import dev.lifeboat.events.envelope.CloudEvent;
import dev.lifeboat.realservers.RealServers;
import dev.lifeboat.realservers.quarkus.InjectRealServers;
import dev.lifeboat.realservers.quarkus.ServiceChecks;
import dev.lifeboat.realservers.tokens.LocalTokens;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;

/** audit-service boots on real Kafka and PostgreSQL, guards its API, and refuses bad queries with a reason. */
@QuarkusTest
class AuditServiceTest {

    @InjectRealServers
    RealServers servers;

    private AuditTrail trail;

    @BeforeEach
    void setUp() {
        trail = AuditTrail.on(servers);
    }

    @Test
    void readinessChecksKafkaAndTheLog() {
        ServiceChecks.assertReadyAndObservable("activity log", ServiceChecks.KAFKA_READINESS);
        given().when().get("/q/metrics").then().statusCode(200)
                .body(containsString("lifeboat_audit_chain_intact"))
                .body(containsString("lifeboat_audit_ingest_lag"))
                .body(containsString("lifeboat_audit_ingest_lag_seconds_bucket"))
                .body(containsString("lifeboat_audit_dead_letters_total"));
    }

    @Test
    void theApiWantsATokenWithALifeboatRoleAndPruningWantsAnAdmin() {
        ServiceChecks.assertReadableByViewersOnly("/api/audit");
        ServiceChecks.assertReadableByViewersOnly("/api/audit/verify");
        given().auth().oauth2(LocalTokens.forTest("operator")).when().post("/api/audit/prune").then().statusCode(403);
        given().auth().oauth2(LocalTokens.forTest("viewer")).when().post("/api/audit/prune").then().statusCode(403);
    }

    @Test
    void anActorsApiCallsAreInTheLogTheRefusedOnesIncluded() {
        String alice = "alice-" + UUID.randomUUID().toString().substring(0, 8);
        // another service's record of alice's call, as it publishes it
        CloudEvent<ApiCallRecorded> restore = AuditTrail.event("r-" + alice, Instant.now(),
                new ApiCallRecorded("shop", alice, "POST", "/api/restores", 202, "/api/restores/r-" + alice));
        trail.publish(restore);
        // and a call this service refuses her: pruning wants an admin
        given().auth().oauth2(LocalTokens.mint(LocalTokens.testKeys(), alice, "viewer", java.time.Duration.ofMinutes(5)))
                .when().post("/api/audit/prune").then().statusCode(403);
        given().auth().oauth2("not-a-token").when().post("/api/audit/prune").then().statusCode(401);

        await().atMost(AuditTrail.TIMEOUT).until(() -> AuditTrail.page(Map.of("actor", alice)).getList("entries").size() == 2);
        JsonPath hers = AuditTrail.page(Map.of("actor", alice));
        assertThat(hers.getList("entries.type")).containsOnly("dev.lifeboat.apicall.recorded.v1");
        assertThat(hers.getList("entries.outcome")).containsExactlyInAnyOrder("SUCCEEDED", "REFUSED");
        assertThat(hers.getList("entries.detail")).containsExactlyInAnyOrder(
                "POST /api/restores answered 202, /api/restores/r-" + alice, "POST /api/audit/prune answered 403");
        assertThat(hers.getList("entries.databaseId")).containsExactlyInAnyOrder("shop", "audit-service");
        await().atMost(AuditTrail.TIMEOUT).until(() -> AuditTrail.page(Map.of("actor", "anonymous", "outcome", "REFUSED"))
                .getList("entries.detail").contains("POST /api/audit/prune answered 401"));
    }

    /**
     * The audit service's own refusals go through its outbox like every service's events: one refused while the broker
     * is down is committed, and logged once the broker is back (before, it was sent straight to Kafka, and lost).
     */
    @Test
    void aCallRefusedWhileKafkaIsDownReachesTheLogOnceKafkaIsBack() {
        String mallory = "mallory-" + UUID.randomUUID().toString().substring(0, 8);
        servers.kafka().orElseThrow().kill();
        try {
            given().auth().oauth2(LocalTokens.mint(LocalTokens.testKeys(), mallory, "operator", java.time.Duration.ofMinutes(5)))
                    .when().post("/api/audit/prune").then().statusCode(403);
            await().atMost(AuditTrail.TIMEOUT).until(() -> AuditTrail.pendingOutboxEvents(servers) > 0);
        } finally {
            servers.kafka().orElseThrow().restart();
        }

        await().atMost(java.time.Duration.ofMinutes(2)).until(() -> AuditTrail.page(Map.of("actor", mallory)).getList("entries").size() == 1);
        JsonPath hers = AuditTrail.page(Map.of("actor", mallory));
        assertThat(hers.getList("entries.outcome")).containsExactly("REFUSED");
        assertThat(hers.getList("entries.detail")).containsExactly("POST /api/audit/prune answered 403");
    }

    @Test
    void aBadQueryIsRefusedSayingWhichParameterAndWhatItTakes() {
        badQuery(Map.of("outcome", "MAYBE"), "unknown outcome 'MAYBE'; one of REQUESTED");
        badQuery(Map.of("type", "BackupExploded"), "unknown type 'BackupExploded'");
        badQuery(Map.of("from", "yesterday"), "'from' must be an ISO-8601 time");
        badQuery(Map.of("from", "2026-11-21T00:00:00Z", "to", "2026-11-20T00:00:00Z"), "'from' (2026-11-21T00:00:00Z) must be before 'to'");
        badQuery(Map.of("cursor", "abc"), "'cursor' must be a nextCursor value");
        given().auth().oauth2(LocalTokens.forTest("viewer")).queryParam("limit", 0).when().get("/api/audit").then().statusCode(400);
        given().auth().oauth2(LocalTokens.forTest("viewer")).queryParam("format", "xml").when().get("/api/audit/export")
                .then().statusCode(400).body("error", containsString("unknown format 'xml'; one of ndjson, csv"));
        given().auth().oauth2(LocalTokens.forTest("viewer")).when().get("/api/audit/flows/no-such-flow")
                .then().statusCode(404).body("error", equalTo("no audit entry has correlation id 'no-such-flow'"));
    }

    private static void badQuery(Map<String, String> query, String error) {
        given().auth().oauth2(LocalTokens.forTest("viewer")).queryParams(query).when().get("/api/audit")
                .then().statusCode(400).body("error", containsString(error));
    }

    @Test
    void aMessageThatIsNotAnEventIsLoggedAsRejectedWithItsSecretsMaskedAndIngestionGoesOn() {
        String databaseId = "rejected-" + UUID.randomUUID().toString().substring(0, 8);
        RecordHeaders headers = new RecordHeaders();
        headers.add("authorization", "Bearer s3cr3t-token".getBytes(StandardCharsets.UTF_8));
        trail.publishRaw(Topics.BACKUP_REQUESTS, databaseId, headers,
                "{\"password\":\"hunter2\",\"dsn\":\"postgresql://app:pa55word@db/shop\",\"size\":1.50}".getBytes(StandardCharsets.UTF_8));
        trail.publishRaw(Topics.BACKUP_REQUESTS, databaseId, new RecordHeaders(), new byte[]{(byte) 0xff, 0, (byte) 0xfe});
        trail.publishRaw(Topics.BACKUP_REQUESTS, "nul\0key", new RecordHeaders(), "{\"a\":\"\\u0000\"}".getBytes(StandardCharsets.UTF_8));
        CloudEvent<BackupRequested> after = AuditTrail.event("c-" + databaseId, Instant.now(),
                new BackupRequested("req-" + databaseId, databaseId, BackupTrigger.EXTERNAL, "billing-system", Map.of()));
        trail.publish(after);

        JsonPath logged = AuditTrail.awaitLogged(after.correlationId(), after.id());
        assertThat(logged.getString("entries[0].actor")).isEqualTo("billing-system");
        await().atMost(AuditTrail.TIMEOUT).until(() -> AuditTrail.page(Map.of("databaseId", databaseId, "outcome", "REJECTED"))
                .getList("entries").size() == 2);
        String body = given().auth().oauth2(LocalTokens.forTest("viewer")).queryParam("databaseId", databaseId)
                .queryParam("outcome", "rejected").when().get("/api/audit").then().statusCode(200).extract().asString();
        assertThat(body).doesNotContain("hunter2").doesNotContain("pa55word").doesNotContain("s3cr3t-token");
        JsonPath rejected = new JsonPath(body);
        assertThat(rejected.getList("entries.type")).containsOnly("unreadable");
        assertThat(rejected.getList("entries.topic")).containsOnly(Topics.BACKUP_REQUESTS);
        // newest first: the binary message, then the JSON one
        assertThat(rejected.getString("entries[0].detail")).contains("not valid JSON");
        assertThat(rejected.getString("entries[0].data.base64")).isEqualTo("/wD+");
        assertThat(rejected.getString("entries[1].detail")).contains("specversion");
        assertThat(rejected.getString("entries[1].data.value.password")).isEqualTo("***");
        assertThat(rejected.getString("entries[1].data.value.dsn")).isEqualTo("postgresql://app:***@db/shop");
        assertThat(rejected.getString("entries[1].data.headers.authorization")).isEqualTo("***");
        assertThat(rejected.getInt("entries[1].data.bytes")).isPositive();
        assertThat(body).as("a refused message's numbers are kept exactly").contains("\"size\":1.50");
        JsonPath nul = AuditTrail.page(Map.of("databaseId", "nul\uFFFDkey"));
        assertThat(nul.getList("entries")).as("a NUL in a key or a value is replaced, and stalls nothing").isNotEmpty();
        assertThat(nul.getString("entries[0].data.value.a")).isEqualTo("\uFFFD");
        assertThat(AuditTrail.verify().getBoolean("intact")).isTrue();
    }
}
