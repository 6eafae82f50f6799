package dev.lifeboat.verifier;

import dev.lifeboat.backup.fixtures.BackupServiceUnderTest;
import dev.lifeboat.backup.fixtures.ShopDatabase;
import dev.lifeboat.events.Topics;
import dev.lifeboat.events.backup.BackupCompleted;
import dev.lifeboat.events.envelope.CloudEvent;
import dev.lifeboat.events.verification.RestoreTestCompleted;
import dev.lifeboat.events.verification.VerificationCheck;
import dev.lifeboat.events.verification.VerificationFailed;
import dev.lifeboat.events.verification.VerificationPassed;
import dev.lifeboat.realservers.RealServers;
import dev.lifeboat.realservers.kafka.KafkaProbe;
import dev.lifeboat.realservers.kafka.TopicEvents;
import dev.lifeboat.realservers.quarkus.InjectRealServers;
import dev.lifeboat.realservers.tokens.LocalTokens;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import jakarta.inject.Inject;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.function.Predicate;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;

/** The freshness watch and the restore-test schedule, with the verifier's clock in the test's hands. */
@QuarkusTest
class VerifierClockTest {

    static final Duration WAIT = Duration.ofMinutes(2);

    @InjectRealServers
    RealServers servers;

    private TopicEvents verificationEvents;
    @Inject
    MovableClock clock;

    @BeforeEach
    void realTime() {
        verificationEvents = new TopicEvents(new KafkaProbe(servers.kafka().orElseThrow().bootstrapServers()), Topics.VERIFICATION_EVENTS);
        clock.reset();
    }

    @AfterEach
    void backToRealTime() {
        clock.reset();
    }

    @Test
    void aDatabaseWithoutAFreshVerifiedBackupRaisesOneFailureThenRecoversWithANewBackup() {
        BackupCompleted first = VerifierTestStack.backupService().backUp("fresh", WAIT);
        awaitPassed(first.backupId());
        JsonPath before = protection("fresh");
        assertThat(before.getString("state")).isEqualTo("PROTECTED");
        assertThat(before.getString("by")).isEqualTo("BACKUP");
        assertThat(before.getString("newestVerifiedBackupId")).isEqualTo(first.backupId());
        assertThat(before.getString("rpo")).isEqualTo("PT24H");

        clock.offset = Duration.ofHours(25);
        Predicate<CloudEvent<VerificationFailed>> freshnessOfFresh = event -> "fresh".equals(event.data().databaseId())
                && event.data().check() == VerificationCheck.FRESHNESS;
        VerificationFailed breach = verificationEvents.await(VerificationFailed.class, freshnessOfFresh, WAIT)
                .orElseThrow(() -> new AssertionError("no FRESHNESS failure for fresh")).data();
        assertThat(breach.details()).contains(first.backupId()).contains("the RPO is 1440 minutes");
        // the API shows the breach the event announced: one decision behind both
        JsonPath exceeded = protection("fresh");
        assertThat(exceeded.getString("state")).isEqualTo("RPO_EXCEEDED");
        assertThat(exceeded.getLong("ageSeconds")).isGreaterThan(Duration.ofHours(24).toSeconds());
        // Several watch ticks (one a second in tests) later, the breach has still been announced once.
        await().during(Duration.ofSeconds(4)).atMost(Duration.ofSeconds(10))
                .until(() -> verificationEvents.all(VerificationFailed.class, freshnessOfFresh).size() == 1);

        // Time alone does not end a breach: only a newer verified backup does.
        clock.offset = Duration.ZERO;
        Predicate<CloudEvent<VerificationPassed>> recoveryOfFresh = event -> "fresh".equals(event.data().databaseId())
                && event.data().check() == VerificationCheck.FRESHNESS;
        await().during(Duration.ofSeconds(3)).atMost(Duration.ofSeconds(10))
                .until(() -> verificationEvents.all(VerificationPassed.class, recoveryOfFresh).isEmpty());

        BackupCompleted second = VerifierTestStack.backupService().backUp("fresh", WAIT);
        VerificationPassed recovered = verificationEvents.await(VerificationPassed.class, recoveryOfFresh, WAIT)
                .orElseThrow(() -> new AssertionError("no FRESHNESS recovery for fresh")).data();
        assertThat(recovered.backupId()).isEqualTo(second.backupId());
        assertThat(verificationEvents.all(VerificationFailed.class, freshnessOfFresh)).hasSize(1);
    }

    @Test
    void aDatabaseRegisteredAndNeverBackedUpBreachesTheRpoTheRegistryGivesIt() {
        String registration = BackupServiceUnderTest.registration("never-backed", servers.postgres().orElseThrow(), "never_backed",
                ShopDatabase.OWNER, "env:LIFEBOAT_DB_NEVER_BACKED_PASSWORD");
        given().baseUri(VerifierTestStack.backupService().url()).auth().oauth2(LocalTokens.forTest("admin")).contentType("application/json")
                .body(registration.substring(0, registration.length() - 1) + ",\"rpo\":\"PT1H\"}")
                .when().post("/api/databases").then().statusCode(201);
        await().atMost(Duration.ofSeconds(30)).until(() -> given().when().get("/q/metrics").asString()
                .contains("lifeboat_verifier_rpo_target_seconds{database=\"never-backed\"} 3600.0"));

        clock.offset = Duration.ofHours(2);
        VerificationFailed breach = verificationEvents.await(VerificationFailed.class, event -> "never-backed".equals(event.data().databaseId())
                && event.data().check() == VerificationCheck.FRESHNESS, WAIT).orElseThrow(() -> new AssertionError("no FRESHNESS failure")).data();
        assertThat(breach.details()).contains("has had no verified backup since it was first seen").contains("the RPO is 60 minutes");
        JsonPath protection = protection("never-backed");
        assertThat(protection.getString("state")).isEqualTo("NO_VERIFIED_BACKUP");
        assertThat(protection.getString("rpo")).isEqualTo("PT1H");
        assertThat(protection.getString("protectedUntil")).isNull();
        assertThat(given().auth().oauth2(LocalTokens.forTest("viewer")).when().get("/api/protection?size=500").then().statusCode(200)
                .extract().jsonPath().getList("items.databaseId", String.class)).contains("never-backed");
        given().auth().oauth2(LocalTokens.forTest("viewer")).when().get("/api/protection/never-backd").then().statusCode(404)
                .body("code", equalTo("UNKNOWN_DATABASE"))
                .body("error", containsString("never-backed"));
        clock.offset = Duration.ZERO;
    }

    @Test
    void aQuarterStartFiresOneScheduledRestoreTestOfTheDatabasesOnTheDefaultSchedule() {
        BackupCompleted backup = VerifierTestStack.backupService().backUp("quarterly", WAIT);
        awaitPassed(backup.backupId());
        Instant quarterStart = Instant.parse("2027-04-01T00:00:00Z");

        clock.fixed = quarterStart.plusSeconds(30);
        RestoreTestCompleted completed = verificationEvents.await(RestoreTestCompleted.class,
                        event -> "quarterly".equals(event.data().databaseId()), WAIT)
                .orElseThrow(() -> new AssertionError("no scheduled restore test of quarterly")).data();
        assertThat(completed.passed()).isTrue();
        assertThat(completed.backupId()).isEqualTo(backup.backupId());

        // Later ticks see the same slot and fire nothing more.
        await().during(Duration.ofSeconds(3)).atMost(WAIT).untilAsserted(() -> {
            List<String> slots = given().auth().oauth2(LocalTokens.forTest("viewer")).queryParam("databaseId", "quarterly")
                    .when().get("/api/restore-tests").then().statusCode(200).extract().jsonPath().getList("items.scheduledFor");
            assertThat(slots).hasSize(1);
            assertThat(Instant.parse(slots.get(0))).isEqualTo(quarterStart);
        });
        for (String other : new String[]{"shop", "edited", "fresh"}) {
            assertThat(given().auth().oauth2(LocalTokens.forTest("viewer")).queryParam("databaseId", other)
                    .when().get("/api/restore-tests").then().extract().jsonPath().getList("items.findAll { it.trigger == 'SCHEDULE' }")).isEmpty();
        }
    }

    private static JsonPath protection(String databaseId) {
        return given().auth().oauth2(LocalTokens.forTest("viewer")).when().get("/api/protection/" + databaseId).then().statusCode(200)
                .extract().jsonPath();
    }

    private void awaitPassed(String backupId) {
        verificationEvents.await(VerificationPassed.class, event -> backupId.equals(event.data().backupId()), WAIT)
                .orElseThrow(() -> new AssertionError("no VerificationPassed for " + backupId));
    }
}
