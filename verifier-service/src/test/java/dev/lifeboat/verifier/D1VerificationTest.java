package dev.lifeboat.verifier;

import dev.lifeboat.archive.staging.StagingArea;
import dev.lifeboat.events.Topics;
import dev.lifeboat.events.backup.BackupCompleted;
import dev.lifeboat.events.verification.RestoreTestCompleted;
import dev.lifeboat.events.verification.VerificationCheck;
import dev.lifeboat.events.verification.VerificationPassed;
import dev.lifeboat.realservers.RealServers;
import dev.lifeboat.realservers.kafka.KafkaProbe;
import dev.lifeboat.realservers.kafka.TopicEvents;
import dev.lifeboat.realservers.quarkus.InjectRealServers;
import dev.lifeboat.realservers.tokens.LocalTokens;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.stream.Stream;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * A D1 backup is proved as a PostgreSQL one is: read back through its checksum with each table's rows counted from the
 * export, and restore-tested into a scratch local D1 (nothing remote), whose folder is gone afterwards.
 */
@QuarkusTest
class D1VerificationTest {

    private static final Duration WAIT = Duration.ofMinutes(2);

    @InjectRealServers
    RealServers servers;

    @Inject
    StagingArea staging;

    private TopicEvents verificationEvents;

    @BeforeEach
    void connect() {
        verificationEvents = new TopicEvents(new KafkaProbe(servers.kafka().orElseThrow().bootstrapServers()), Topics.VERIFICATION_EVENTS);
    }

    @Test
    void aD1BackupIsReadBackAndRestoreTestedInAScratchLocalD1ThatIsRemovedAfter() throws Exception {
        BackupCompleted backup = VerifierTestStack.backupService().backUp(VerifierTestStack.D1, WAIT);

        VerificationPassed passed = verificationEvents.await(VerificationPassed.class, event -> backup.backupId().equals(event.data().backupId()),
                WAIT).orElseThrow(() -> new AssertionError("no VerificationPassed for " + backup.backupId())).data();
        assertThat(passed.check()).isEqualTo(VerificationCheck.ARCHIVE);
        assertThat(passed.details()).contains("D1 export holds the manifest's 2 tables");

        String testId = given().auth().oauth2(LocalTokens.forTest("operator")).contentType("application/json")
                .body("{\"databaseId\":\"portal\"}").when().post("/api/restore-tests").then().statusCode(202).extract().path("testId");
        RestoreTestCompleted completed = verificationEvents.await(RestoreTestCompleted.class, testId, WAIT).data();

        assertThat(completed.passed()).isTrue();
        assertThat(completed.backupId()).isEqualTo(backup.backupId());
        assertThat(completed.restoreDurationMs()).isPositive();
        given().auth().oauth2(LocalTokens.forTest("viewer")).when().get("/api/restore-tests/{id}", testId).then().statusCode(200)
                .body("checks.check", org.hamcrest.Matchers.contains("ROW_COUNTS", "INTEGRITY", "FK_INTEGRITY", "SCHEMA_OBJECTS"))
                .body("checks.passed", org.hamcrest.Matchers.everyItem(org.hamcrest.Matchers.equalTo(true)))
                .body("rowsRestored", org.hamcrest.Matchers.equalTo(5));
        try (Stream<Path> left = Files.list(staging.folder())) {
            assertThat(left.map(path -> path.getFileName().toString())).as("the scratch database's work folder and its lock")
                    .noneMatch(name -> name.contains("d1-scratch"));
        }
    }
}
