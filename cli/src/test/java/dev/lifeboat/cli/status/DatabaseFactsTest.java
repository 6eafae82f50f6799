package dev.lifeboat.cli.status;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class DatabaseFactsTest {

    private static final Instant NOW = Instant.parse("2026-11-23T12:00:00Z");
    private static final Duration RPO = Duration.ofHours(24);

    private static DatabaseFacts facts(Instant lastBackup, Instant newestVerified, String verification, String test) {
        return new DatabaseFacts("orders-db", RPO, NOW.plusSeconds(3600), lastBackup, 1000L, newestVerified, verification, newestVerified,
                test, test == null ? null : NOW.minusSeconds(600), test == null ? null : 4200L, List.of(), null);
    }

    private static DatabaseFacts captured(DatabaseFacts.Capture capture) {
        DatabaseFacts f = facts(NOW.minusSeconds(3600), NOW.minusSeconds(3600), "PASSED", "PASSED");
        return new DatabaseFacts(f.databaseId(), f.rpo(), f.nextBackupAt(), f.lastBackupAt(), f.lastBackupBytes(), f.protectedUntil(),
                f.lastVerification(), f.lastVerifiedCheckAt(), f.lastTest(), f.lastTestAt(), f.lastTestRestoreMs(), f.running(), capture);
    }

    @Test
    void aStoppedPointInTimeCaptureIsAtRiskWithWhyEvenWithFreshBackups() {
        assertThat(captured(new DatabaseFacts.Capture("STOPPED", NOW.minusSeconds(7200), "REPLICATION_FAILED: replication slot"
                + " \"lifeboat_orders\" was not created in this database", 4096L, 10L << 30)).risks(NOW))
                .singleElement().asString().startsWith("point-in-time capture stopped 2h")
                .contains("was not created in this database").contains("keeps WAL");
    }

    @Test
    void aCaptureWhoseSlotKeepsMoreWalThanTheServicesLimitIsAtRiskAndOneWithinItIsNot() {
        assertThat(captured(new DatabaseFacts.Capture("RUNNING", null, "", 12L << 30, 10L << 30)).risks(NOW)).singleElement().asString()
                .contains("slot keeps 12").contains("more than its limit, 10");
        assertThat(captured(new DatabaseFacts.Capture("RUNNING", null, "", 16L << 20, 10L << 30)).risks(NOW)).isEmpty();
        // the limit is the service's: raised there, the same WAL is within it
        assertThat(captured(new DatabaseFacts.Capture("RUNNING", null, "", 12L << 30, 20L << 30)).risks(NOW)).isEmpty();
    }

    @Test
    void aDatabaseWithAFreshVerifiedBackupAndAPassedRestoreTestIsProtected() {
        assertThat(facts(NOW.minusSeconds(3600), NOW.minusSeconds(3600), "PASSED", "PASSED").risks(NOW)).isEmpty();
    }

    @Test
    void aDatabaseWithoutABackupIsAtRiskAndNeverTestedSaysHowToTestIt() {
        assertThat(facts(null, null, null, null).risks(NOW)).containsExactly("no backup yet",
                "never restore-tested: a backup never restored is a hope (lifeboat restore-test orders-db)");
    }

    @Test
    void aBackupNotYetVerifiedDoesNotCountForTheRpo() {
        assertThat(facts(NOW.minusSeconds(60), null, "PENDING", "PASSED").risks(NOW)).containsExactly("no verified backup yet");
    }

    @Test
    void theNewestVerifiedBackupOlderThanTheRpoIsAtRiskWithItsAge() {
        Instant old = NOW.minus(Duration.ofHours(30));
        assertThat(facts(NOW.minusSeconds(60), old, "PASSED", "PASSED").risks(NOW))
                .containsExactly("RPO exceeded: the newest verified moment is 1d 6h old, the RPO is 1d 0h");
    }

    @Test
    void aFailedVerificationOrRestoreTestIsARisk() {
        Instant recent = NOW.minusSeconds(60);
        assertThat(facts(recent, recent, "FAILED", "FAILED").risks(NOW))
                .containsExactly("the last verification failed", "the last restore test failed");
        assertThat(facts(recent, recent, "PASSED", "ERROR").risks(NOW)).containsExactly("the last restore test could not run");
    }
}
