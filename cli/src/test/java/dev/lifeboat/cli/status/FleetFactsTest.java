package dev.lifeboat.cli.status;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.lifeboat.cli.api.ApiFailure;
import dev.lifeboat.cli.api.CannedApi;
import dev.lifeboat.cli.api.Service;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** What {@link FleetFacts} asks which service, and how it reads their answers into {@link DatabaseFacts}. */
class FleetFactsTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final FleetAnswers api = new FleetAnswers();

    private List<DatabaseFacts> all() {
        return new FleetFacts(api).all();
    }

    private static JsonNode json(String text) throws Exception {
        return JSON.readTree(text);
    }

    @Test
    void asksTheBackupRestoreAndVerifierServicesForTheFleetThenEachDatabasesHistory() {
        api.idleFleet("{\"id\":\"orders-db\",\"rpo\":\"PT12H\"}").history("orders-db", "{\"completedAt\":\"2026-11-23T10:00:00Z\"}",
                null, null, "");

        all();

        assertThat(api.calls).containsExactly(
                "BACKUP /api/backups/requests?status=RUNNING&size=500",
                "BACKUP /api/backups/queue?size=500",
                "RESTORE /api/restores?status=RUNNING&size=500",
                "BACKUP /api/databases?size=500",
                "BACKUP /api/backups?databaseId=orders-db&size=1",
                "VERIFIER /api/verifications?databaseId=orders-db&size=1",
                "VERIFIER /api/protection/orders-db",
                "VERIFIER /api/restore-tests?databaseId=orders-db&size=10");
    }

    @Test
    void readsTheNewestBackupVerificationPassedVerificationAndTheNewestRestoreTestThatEnded() {
        api.idleFleet("{\"id\":\"orders-db\",\"rpo\":\"PT12H\",\"nextBackupAt\":\"2026-11-24T02:00:00Z\"}")
                .history("orders-db", "{\"backupId\":\"b2\",\"completedAt\":\"2026-11-23T11:00:00Z\",\"sizeBytes\":4100000}",
                        "{\"status\":\"FAILED\",\"verifiedAt\":\"2026-11-23T11:30:00Z\"}",
                        "{\"state\":\"PROTECTED\",\"protectedUntil\":\"2026-11-23T08:00:00Z\"}",
                        "{\"testId\":\"t4\",\"status\":\"RUNNING\"},"
                                + "{\"testId\":\"t3\",\"status\":\"FAILED\",\"finishedAt\":\"2026-11-23T09:00:00Z\",\"restoreMs\":3000},"
                                + "{\"testId\":\"t2\",\"status\":\"PASSED\",\"finishedAt\":\"2026-11-22T09:00:00Z\",\"restoreMs\":2000}");

        assertThat(all()).containsExactly(new DatabaseFacts("orders-db", Duration.ofHours(12), Instant.parse("2026-11-24T02:00:00Z"),
                Instant.parse("2026-11-23T11:00:00Z"), 4_100_000L, Instant.parse("2026-11-23T08:00:00Z"), "FAILED",
                Instant.parse("2026-11-23T11:30:00Z"), "FAILED", Instant.parse("2026-11-23T09:00:00Z"), 3000L,
                List.of("restore test t4"), null));
    }

    @Test
    void aDatabaseWithNothingYetHasNullsTheDefaultRpoOfADayAndNothingRunning() {
        api.idleFleet("{\"id\":\"fresh-db\"}").history("fresh-db", null, null, null, "");

        assertThat(all()).containsExactly(new DatabaseFacts("fresh-db", Duration.ofHours(24), null, null, null, null, null, null, null,
                null, null, List.of(), null));
    }

    @Test
    void aPendingVerificationHasNoCheckTimeAndATestWithoutRestoreTimeHasNoRto() {
        api.idleFleet("{\"id\":\"orders-db\"}").history("orders-db", null, "{\"status\":\"PENDING\",\"verifiedAt\":null}", null,
                "{\"testId\":\"t1\",\"status\":\"ERROR\",\"finishedAt\":\"2026-11-23T09:00:00Z\",\"restoreMs\":null}");

        DatabaseFacts facts = all().get(0);

        assertThat(facts.lastVerification()).isEqualTo("PENDING");
        assertThat(facts.lastVerifiedCheckAt()).isNull();
        assertThat(facts.lastTest()).isEqualTo("ERROR");
        assertThat(facts.lastTestAt()).isEqualTo(Instant.parse("2026-11-23T09:00:00Z"));
        assertThat(facts.lastTestRestoreMs()).isNull();
        assertThat(facts.running()).isEmpty();
    }

    @Test
    void runningWorkListsTheDatabasesOwnBackupsThenQueuedOnesThenRestoresThenItsRestoreTest() {
        api.idleFleet("{\"id\":\"orders-db\"}")
                .answer(Service.BACKUP, "/api/backups/requests?status=RUNNING&size=500", "{\"items\":["
                        + "{\"requestId\":\"q1\",\"databaseId\":\"orders-db\",\"status\":\"RUNNING\",\"progress\":null},"
                        + "{\"requestId\":\"q9\",\"databaseId\":\"users-db\",\"status\":\"RUNNING\",\"progress\":{\"percent\":10}}]}")
                .answer(Service.BACKUP, "/api/backups/queue?size=500", "{\"items\":["
                        + "{\"place\":2,\"requestId\":\"q2\",\"databaseId\":\"orders-db\",\"hold\":\"DATABASE_BUSY\"},"
                        + "{\"place\":1,\"requestId\":\"q8\",\"databaseId\":\"users-db\",\"hold\":\"SERVER_FULL\"}],\"servers\":{}}")
                .answer(Service.RESTORE, "/api/restores?status=RUNNING&size=500", "{\"items\":["
                        + "{\"restoreId\":\"r7\",\"databaseId\":\"orders-db\",\"targetKind\":\"IN_PLACE\"},"
                        + "{\"restoreId\":\"r8\",\"databaseId\":\"users-db\",\"targetKind\":\"NEW_DATABASE\"}]}")
                .history("orders-db", null, null, null, "{\"testId\":\"t5\",\"status\":\"RUNNING\"}");

        assertThat(all().get(0).running()).containsExactly("backup", "backup queued #2 (after the running one)",
                "restore r7 (IN_PLACE)", "restore test t5");
    }

    @Test
    void aBackupServiceWithoutTheQueueEndpointMeansNothingQueuedAndRunningBackupsShowTheirPercent() {
        api.idleFleet("{\"id\":\"orders-db\"}")
                .answer(Service.BACKUP, "/api/backups/requests?status=RUNNING&size=500",
                        "{\"items\":[{\"requestId\":\"q1\",\"databaseId\":\"orders-db\",\"progress\":{\"percent\":42}}]}")
                .answer(Service.BACKUP, "/api/backups/queue?size=500", new ApiFailure(404, "backup-service answered 404"))
                .history("orders-db", null, null, null, "");

        assertThat(all().get(0).running()).containsExactly("backup 42%");
    }

    @Test
    void aQueueFailureOtherThanNotFoundIsNotSwallowed() {
        ApiFailure unreachable = new ApiFailure(0, CannedApi.unreachableMessage(Service.BACKUP));
        api.idleFleet("{\"id\":\"orders-db\"}").answer(Service.BACKUP, "/api/backups/queue?size=500", unreachable);

        assertThatThrownBy(this::all).isSameAs(unreachable);
        assertThat(api.calls).doesNotContain("BACKUP /api/databases?size=500");
    }

    @Test
    void theRpoAndTheProtectedMomentAreTheVerifiersWhichOwnsFreshness() {
        // the verifier holds it to its own 1h (the registry says 12h) and its change archive is checked up to 11:59
        api.idleFleet("{\"id\":\"orders-db\",\"rpo\":\"PT12H\"}").history("orders-db",
                "{\"completedAt\":\"2026-11-23T08:00:00Z\"}", null,
                "{\"state\":\"PROTECTED\",\"rpo\":\"PT1H\",\"protectedUntil\":\"2026-11-23T11:59:00Z\",\"by\":\"CHANGE_ARCHIVE\"}", "");

        DatabaseFacts facts = all().get(0);

        assertThat(facts.rpo()).isEqualTo(Duration.ofHours(1));
        assertThat(facts.protectedUntil()).isEqualTo(Instant.parse("2026-11-23T11:59:00Z"));
        assertThat(facts.rpoAge(Instant.parse("2026-11-23T12:00:00Z"))).isEqualTo(Duration.ofMinutes(1));
    }

    @Test
    void aDatabaseTheVerifierDoesNotKnowYetHasTheRegistrysRpoAndNothingVerified() {
        api.idleFleet("{\"id\":\"orders-db\",\"rpo\":\"PT12H\"}").history("orders-db", null, null, null, "")
                .answer(Service.VERIFIER, "/api/protection/orders-db", new ApiFailure(404, "verifier-service answered 404"));

        DatabaseFacts facts = all().get(0);

        assertThat(facts.rpo()).isEqualTo(Duration.ofHours(12));
        assertThat(facts.protectedUntil()).isNull();
    }

    @Test
    void aVerifierThatFailsOtherwiseFailsStatus() {
        api.idleFleet("{\"id\":\"orders-db\"}").history("orders-db", null, null, null, "")
                .answer(Service.VERIFIER, "/api/protection/orders-db", new ApiFailure(500, "verifier-service answered 500"));

        assertThatThrownBy(this::all).isInstanceOf(ApiFailure.class).hasMessageContaining("500");
    }

    @Test
    void aDatabaseIdIsUrlEncodedInEachOfItsQueries() {
        api.idleFleet("{\"id\":\"eu/orders db\"}").history("eu%2Forders+db", null, null, null, "");

        assertThat(all()).extracting(DatabaseFacts::databaseId).containsExactly("eu/orders db");
        assertThat(api.calls).contains("BACKUP /api/backups?databaseId=eu%2Forders+db&size=1");
    }

    @Test
    void aDatabaseRegisteredForPointInTimeHasItsCaptureReadWithCodeAndMessageAsWhy() {
        api.idleFleet("{\"id\":\"orders-db\",\"pointInTime\":{\"enabled\":true}}")
                .history("orders-db", null, null, null, "")
                .answer(Service.BACKUP, "/api/databases/orders-db/point-in-time", "{\"databaseId\":\"orders-db\",\"enabled\":true,"
                        + "\"capture\":{\"state\":\"STOPPED\",\"since\":\"2026-11-23T10:00:00Z\",\"code\":\"REPLICATION_FAILED\","
                        + "\"message\":\"slot gone\",\"retainedWalBytes\":4096,\"retainedWalLimitBytes\":10737418240}}");

        assertThat(all().get(0).capture()).isEqualTo(new DatabaseFacts.Capture("STOPPED", Instant.parse("2026-11-23T10:00:00Z"),
                "REPLICATION_FAILED: slot gone", 4096L, 10_737_418_240L));
    }

    @Test
    void aRunningCaptureWithoutCodeMessageOrRetainedWalHasEmptyWhyAndNulls() {
        api.idleFleet("{\"id\":\"orders-db\",\"pointInTime\":{\"enabled\":true}}")
                .history("orders-db", null, null, null, "")
                .answer(Service.BACKUP, "/api/databases/orders-db/point-in-time", "{\"capture\":{\"state\":\"RUNNING\"}}");

        assertThat(all().get(0).capture()).isEqualTo(new DatabaseFacts.Capture("RUNNING", null, "", null, null));
    }

    @Test
    void aDatabaseNotRegisteredForPointInTimeHasNoCaptureAndItIsNotAskedFor() {
        api.idleFleet("{\"id\":\"orders-db\",\"pointInTime\":{\"enabled\":false}}", "{\"id\":\"users-db\"}")
                .history("orders-db", null, null, null, "").history("users-db", null, null, null, "");

        assertThat(all()).extracting(DatabaseFacts::capture).containsExactly(null, null);
        assertThat(api.calls).noneMatch(call -> call.contains("point-in-time"));
    }

    @Test
    void aQueuedBackupShowsItsPlaceAndWhyItWaits() throws Exception {
        assertThat(FleetFacts.queuedBackup(json("{\"place\":3,\"hold\":\"SERVER_FULL\"}"))).isEqualTo("backup queued #3 (server full)");
        assertThat(FleetFacts.queuedBackup(json("{\"place\":2,\"hold\":\"DATABASE_BUSY\"}")))
                .isEqualTo("backup queued #2 (after the running one)");
        assertThat(FleetFacts.queuedBackup(json("{\"place\":1,\"hold\":\"NOT_DUE\"}"))).isEqualTo("backup queued #1 (retry, backing off)");
        assertThat(FleetFacts.queuedBackup(json("{\"place\":4,\"hold\":\"SOMETHING_NEW\"}"))).isEqualTo("backup queued #4");
        assertThat(FleetFacts.queuedBackup(json("{\"place\":5}"))).isEqualTo("backup queued #5");
    }
}
