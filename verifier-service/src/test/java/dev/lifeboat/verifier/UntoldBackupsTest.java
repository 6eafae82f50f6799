package dev.lifeboat.verifier;

import dev.lifeboat.events.Topics;
import dev.lifeboat.events.backup.BackupCompleted;
import dev.lifeboat.events.verification.VerificationPassed;
import dev.lifeboat.realservers.RealServers;
import dev.lifeboat.realservers.kafka.KafkaProbe;
import dev.lifeboat.realservers.kafka.TopicEvents;
import dev.lifeboat.realservers.postgres.PostgresServer;
import dev.lifeboat.realservers.quarkus.InjectRealServers;
import dev.lifeboat.realservers.tokens.LocalTokens;
import dev.lifeboat.verifier.discovery.UntoldBackups;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.time.Duration;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Issue 50: a backup whose {@code BackupCompleted} the verifier never took (dead-lettered, or lost) was never verified;
 * the verifier now finds it in the bucket. "Never told" is made by removing the verifier's own row of a real backup.
 */
@QuarkusTest
class UntoldBackupsTest {

    private static final Duration WAIT = Duration.ofMinutes(2);

    @InjectRealServers
    RealServers servers;

    @Inject
    UntoldBackups untold;

    private TopicEvents verificationEvents;

    @BeforeEach
    void connect() {
        verificationEvents = new TopicEvents(new KafkaProbe(servers.kafka().orElseThrow().bootstrapServers()), Topics.VERIFICATION_EVENTS);
    }

    @Test
    void aBackupTheVerifierWasNeverToldAboutIsFoundInTheBucketAndVerifiedOnce() throws Exception {
        BackupCompleted backup = VerifierTestStack.backupService().backUp("shop", WAIT);
        await().atMost(WAIT).until(() -> passes(backup.backupId()) == 1);
        forget(backup.backupId());

        assertThat(untold.runOnce()).contains(backup.backupId());

        await().atMost(WAIT).until(() -> passes(backup.backupId()) == 2);
        assertThat(status(backup.backupId())).isEqualTo("PASSED");
        assertThat(untold.runOnce()).as("a backup found once is known").doesNotContain(backup.backupId());
    }

    @Test
    void aDeletedBackupIsNotTakenUpAgain() throws Exception {
        BackupCompleted backup = VerifierTestStack.backupService().backUp("shop", WAIT);
        await().atMost(WAIT).until(() -> passes(backup.backupId()) == 1);
        given().auth().oauth2(LocalTokens.forTest("admin")).queryParam("force", true)
                .when().delete(VerifierTestStack.backupService().url() + "/api/backups/" + backup.backupId()).then().statusCode(204);
        await().atMost(WAIT).until(() -> "GONE".equals(status(backup.backupId())));
        forget(backup.backupId());

        assertThat(untold.runOnce()).doesNotContain(backup.backupId());
        assertThat(status(backup.backupId())).isNull();
    }

    private long passes(String backupId) {
        return verificationEvents.all(VerificationPassed.class, event -> backupId.equals(event.data().backupId())
                && event.data().check() == dev.lifeboat.events.verification.VerificationCheck.ARCHIVE).size();
    }

    /** Removes the verifier's row of the backup, as if its BackupCompleted had never reached the verifier. */
    private void forget(String backupId) throws Exception {
        try (Connection connection = servers.postgres().orElseThrow().connect(PostgresServer.DATABASE);
             PreparedStatement delete = connection.prepareStatement("DELETE FROM verifier.verification WHERE backup_id = ?")) {
            delete.setString(1, backupId);
            assertThat(delete.executeUpdate()).isEqualTo(1);
        }
    }

    private static String status(String backupId) {
        return given().auth().oauth2(LocalTokens.forTest("viewer")).queryParam("databaseId", "shop").queryParam("size", 500)
                .when().get("/api/verifications").then().statusCode(200).extract().jsonPath()
                .getString("items.find { it.backupId == '%s' }.status".formatted(backupId));
    }
}
