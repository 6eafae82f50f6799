package dev.lifeboat.backup;

import dev.lifeboat.backup.registry.RegisteredDatabase;
import dev.lifeboat.backup.retention.RetentionSweep;
import dev.lifeboat.events.Topics;
import dev.lifeboat.events.backup.BackupCompleted;
import dev.lifeboat.events.envelope.CloudEvent;
import dev.lifeboat.events.verification.VerificationCheck;
import dev.lifeboat.events.verification.VerificationFailed;
import dev.lifeboat.events.verification.VerificationPassed;
import dev.lifeboat.realservers.RealServers;
import dev.lifeboat.realservers.kafka.KafkaProbe;
import dev.lifeboat.realservers.kafka.TopicEvents;
import dev.lifeboat.realservers.quarkus.InjectRealServers;
import dev.lifeboat.realservers.tokens.LocalTokens;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.vertx.VertxContextSupport;
import jakarta.inject.Inject;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.UUID;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.containsString;

/**
 * Issue 50: a database's newest good backup (verified by the verifier, never failed, its own) stays whatever the rules say
 * and a delete call needs force for it; before, retention kept only the newest backup by start, verified or not, and the
 * backup service never heard what the verifier found.
 */
@QuarkusTest
class LastGoodBackupTest {

    private static final String DATABASE = "tiny-good";

    @InjectRealServers
    RealServers servers;

    @Inject
    RetentionSweep sweep;

    private BackupEvents events;
    private TopicEvents verifications;

    @BeforeEach
    void setUp() {
        ProtectedDatabases.create(servers.postgres().orElseThrow());
        KafkaProbe kafka = new KafkaProbe(servers.kafka().orElseThrow().bootstrapServers());
        events = new BackupEvents(kafka);
        verifications = new TopicEvents(kafka, Topics.VERIFICATION_EVENTS);
    }

    @Test
    void theNewestVerifiedBackupOutlivesNewerUnverifiedOnesUntilACheckOfItFails() throws Throwable {
        ProtectedDatabases.registerOnTestServer(servers.postgres().orElseThrow(), DATABASE, "tiny", ",\"retention\":{\"keepLast\":1}");
        String good = backUp();
        verifications.publish(CloudEvent.of("/lifeboat/verifier-service", "v-" + good,
                new VerificationPassed("v-" + good, DATABASE, good, VerificationCheck.ARCHIVE, "read back whole")));
        awaitVerification(good, "VERIFIED");
        String unverified = backUp();
        String newest = backUp();

        given().auth().oauth2(LocalTokens.forTest("viewer")).when().get("/api/databases/" + DATABASE + "/retention/preview").then()
                .statusCode(200).body("decisions.find { it.backupId == '" + good + "' }.keptBecause", org.hamcrest.Matchers.contains("newest verified"));
        sweep.sweep(database()); // the scheduled sweep may have run first: what is left is what counts
        assertThat(backupIds()).containsExactlyInAnyOrder(good, newest).doesNotContain(unverified);

        given().auth().oauth2(LocalTokens.forTest("admin")).when().delete("/api/backups/" + good).then().statusCode(409)
                .body("error", containsString("is the newest verified backup of " + DATABASE));
        given().auth().oauth2(LocalTokens.forTest("admin")).when().delete("/api/backups/" + newest).then().statusCode(204);

        // a scrub finds it damaged: no longer good, so the next sweep lets it go once a newer backup exists
        verifications.publish(CloudEvent.of("/lifeboat/verifier-service", "s-" + good,
                new VerificationFailed("s-" + good, DATABASE, good, VerificationCheck.CHECKSUM, "scrub: SHA-256 differs")));
        awaitVerification(good, "FAILED");
        String after = backUp();
        sweep.sweep(database()); // the scheduled sweep may have run first: what is left is what counts
        assertThat(backupIds()).containsExactly(after);
    }

    private String backUp() {
        String requestId = "good-" + UUID.randomUUID();
        events.request(requestId, DATABASE);
        return events.await(BackupCompleted.class, requestId, Duration.ofSeconds(60)).data().backupId();
    }

    private static void awaitVerification(String backupId, String verification) {
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> given().auth().oauth2(LocalTokens.forTest("viewer"))
                .when().get("/api/backups/" + backupId).then().statusCode(200)
                .body("backup.verification", org.hamcrest.Matchers.equalTo(verification)));
    }

    private static List<String> backupIds() {
        return given().auth().oauth2(LocalTokens.forTest("viewer")).queryParam("databaseId", DATABASE).when().get("/api/backups")
                .then().statusCode(200).extract().jsonPath().getList("items.backupId", String.class);
    }

    private static RegisteredDatabase database() throws Throwable {
        return VertxContextSupport.subscribeAndAwait(() -> Panache.withSession(() -> RegisteredDatabase.findById(DATABASE)));
    }
}
