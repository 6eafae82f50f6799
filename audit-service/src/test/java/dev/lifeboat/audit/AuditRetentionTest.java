package dev.lifeboat.audit;

import dev.lifeboat.events.backup.BackupRequested;
import dev.lifeboat.events.backup.BackupTrigger;
import dev.lifeboat.events.envelope.CloudEvent;
import dev.lifeboat.realservers.RealServers;
import dev.lifeboat.realservers.quarkus.InjectRealServers;
import dev.lifeboat.realservers.tokens.LocalTokens;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.path.json.JsonPath;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Retention removes the oldest rows, the chain still verifies from the anchor it leaves, and the prune is
 * itself logged. Its own service instance (retention of two seconds), so no other test's rows are pruned.
 */
@QuarkusTest
@TestProfile(AuditRetentionTest.ShortRetention.class)
class AuditRetentionTest {

    public static class ShortRetention implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("lifeboat.audit.retention", "PT2S");
        }
    }

    @InjectRealServers
    RealServers servers;

    private JsonPath lastPrune;

    @Test
    void pruningKeepsTheChainVerifiableFromItsAnchorAndIsItselfLogged() {
        AuditTrail trail = AuditTrail.on(servers);
        String flow = "old-" + UUID.randomUUID();
        trail.publishAll(List.of(request(flow, "a"), request(flow, "b"), request(flow, "c")));
        await().atMost(AuditTrail.TIMEOUT).until(() -> AuditTrail.page(Map.of("correlationId", flow)).getList("entries").size() == 3);
        long newestOld = AuditTrail.page(Map.of("correlationId", flow)).getLong("entries[0].seq");

        pruneUntilGone(flow);
        assertThat(lastPrune.getLong("throughSeq")).isGreaterThanOrEqualTo(newestOld);
        JsonPath report = AuditTrail.verify();
        assertThat(report.getBoolean("intact")).isTrue();
        assertThat(report.getLong("anchorSeq")).isEqualTo(lastPrune.getLong("throughSeq"));
        JsonPath entry = AuditTrail.page(Map.of("type", "dev.lifeboat.audit.pruned.v1"));
        assertThat(entry.getLong("entries[0].seq")).isEqualTo(lastPrune.getLong("entrySeq"));
        assertThat(entry.getString("entries[0].outcome")).isEqualTo("PRUNED");
        assertThat(entry.getString("entries[0].actor")).isEqualTo("admin-user");
        assertThat(entry.getString("entries[0].detail")).startsWith("pruned " + lastPrune.getLong("prunedRows") + " rows recorded before ")
                .endsWith("(retention PT2S)");
        assertThat(entry.getLong("entries[0].data.prunedRows")).isEqualTo(lastPrune.getLong("prunedRows"));
        assertThat(entry.getLong("entries[0].data.throughSeq")).isEqualTo(lastPrune.getLong("throughSeq"));
        assertThat(entry.getString("entries[0].data.anchorHash")).isEqualTo(lastPrune.getString("anchorHash"));

        String later = "new-" + UUID.randomUUID();
        CloudEvent<BackupRequested> next = request(later, "d");
        trail.publish(next);
        AuditTrail.awaitLogged(later, next.id());
        assertThat(AuditTrail.verify().getBoolean("intact")).isTrue();

        pruneUntilGone(later);
        JsonPath afterSecond = AuditTrail.verify();
        assertThat(afterSecond.getBoolean("intact")).isTrue();
        assertThat(afterSecond.getLong("anchorSeq")).isEqualTo(lastPrune.getLong("throughSeq"));
        assertThat(AuditTrail.page(Map.of("type", "dev.lifeboat.audit.pruned.v1")).getLong("entries[0].seq"))
                .isEqualTo(lastPrune.getLong("entrySeq"));
    }

    /** Prunes as an admin until the flow's rows are gone (rows of one flow may have been recorded in more than one batch). */
    private void pruneUntilGone(String flow) {
        await().atMost(AuditTrail.TIMEOUT).pollInterval(Duration.ofMillis(250)).until(() -> {
            JsonPath result = given().auth().oauth2(LocalTokens.forTest("admin")).when().post("/api/audit/prune")
                    .then().statusCode(200).extract().jsonPath();
            if (result.getLong("prunedRows") > 0) {
                lastPrune = result;
            }
            return given().auth().oauth2(LocalTokens.forTest("viewer")).when().get("/api/audit/flows/" + flow).statusCode() == 404;
        });
    }

    private static CloudEvent<BackupRequested> request(String flow, String name) {
        return AuditTrail.event(flow, Instant.now(), new BackupRequested("req-" + name, "retained-db", BackupTrigger.MANUAL, "heidi", Map.of()));
    }
}
