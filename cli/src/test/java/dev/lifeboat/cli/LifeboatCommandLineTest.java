package dev.lifeboat.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.lifeboat.cli.api.ApiFailure;
import dev.lifeboat.cli.api.CannedApi;
import dev.lifeboat.cli.command.ExitCodes;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The command line's decisions over the services' answers (canned here, in the services' shapes): what it prints and
 * its exit status. The commands against the real stack run in {@code .ci/smoke-local-stack}.
 */
class LifeboatCommandLineTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Instant NOW = Instant.parse("2026-11-23T12:00:00Z");

    private final CannedApi api = new CannedApi();
    private final CommandLineRun cli = new CommandLineRun(api, NOW);

    private int run(String... args) {
        return cli.run(args);
    }

    @Test
    void aRestoreShowsEachStepOnceAsItRunsAndEndsWithWhatItRestored() {
        api.answer("POST", "/api/restores", "{\"restoreId\":\"r1\",\"status\":\"REQUESTED\",\"backupId\":\"b1\",\"chosenBecause\":\"the newest completed backup\"}");
        api.answer("GET", "/api/restores/r1", new ApiFailure(404, "restore-service answered 404 NOT_FOUND: no restore with id 'r1'"));
        api.answer("GET", "/api/restores/r1", restore("RUNNING", step("RESOLVE_SOURCE"), step("PREPARE_TARGET")));
        api.answer("GET", "/api/restores/r1", restore("COMPLETED", step("RESOLVE_SOURCE"), step("PREPARE_TARGET"), step("PG_RESTORE"),
                step("VALIDATION")));

        assertThat(run("restore", "orders-db", "--new", "orders_copy")).isEqualTo(ExitCodes.OK);

        assertThat(api.bodies.get(0)).isEqualTo("{\"databaseId\":\"orders-db\",\"source\":{\"kind\":\"LATEST\"},"
                + "\"target\":{\"kind\":\"NEW_DATABASE\",\"databaseName\":\"orders_copy\"},\"safetyBackup\":true}");
        String printed = cli.out.toString();
        assertThat(printed).contains("Backup b1: the newest completed backup", "Completed: orders_copy from backup b1, 40000 rows, in 2.5 s");
        for (String step : List.of("RESOLVE_SOURCE", "PREPARE_TARGET", "PG_RESTORE", "VALIDATION")) {
            assertThat(printed.split(step, -1)).as(step + " printed once").hasSize(2);
        }
    }

    @Test
    void aBackupShowsItsProgressEachTimeItMovesThenItsSize() {
        api.answer("POST", "/api/backups", "{\"requestId\":\"q1\",\"databaseId\":\"orders-db\",\"status\":\"REQUESTED\"}");
        String progress = "{\"status\":\"RUNNING\",\"progress\":{\"bytesDone\":20000000,\"bytesExpected\":40000000,"
                + "\"bytesPerSecond\":10000000,\"percent\":50,\"estimatedSecondsLeft\":2}}";
        api.answer("GET", "/api/backups/requests/q1", "{\"status\":\"RUNNING\",\"progress\":null}");
        api.answer("GET", "/api/backups/requests/q1", progress);
        api.answer("GET", "/api/backups/requests/q1", progress);
        api.answer("GET", "/api/backups/requests/q1", "{\"status\":\"COMPLETED\",\"backupId\":\"b9\",\"progress\":null}");
        api.answer("GET", "/api/backups/b9", "{\"backup\":{\"backupId\":\"b9\",\"sizeBytes\":4100000,\"durationMs\":4200,\"encrypted\":true}}");

        assertThat(run("backup", "orders-db")).isEqualTo(ExitCodes.OK);
        assertThat(cli.out.toString()).containsOnlyOnce("  [##########..........]  50%  20.0 MB of 40.0 MB  10.0 MB/s  about 2s left")
                .contains("Completed: backup b9, 4.1 MB in 4.2 s, encrypted");
    }

    @Test
    void aRolledBackRestoreExitsOneSayingWhereAndWhy() {
        api.answer("POST", "/api/restores", "{\"restoreId\":\"r2\",\"backupId\":\"b1\",\"chosenBecause\":\"x\"}");
        api.answer("GET", "/api/restores/r2", "{\"status\":\"ROLLED_BACK\",\"steps\":[],\"error\":{\"step\":\"POST_SWAP_CHECK\","
                + "\"code\":\"POST_SWAP_CHECK_FAILED\",\"message\":\"the smoke query failed\"}}");

        assertThat(run("restore", "orders-db", "--in-place", "--yes")).isEqualTo(ExitCodes.NOT_OK);
        assertThat(cli.out.toString()).contains("ROLLED BACK at POST_SWAP_CHECK (POST_SWAP_CHECK_FAILED): the smoke query failed");
    }

    @Test
    void anInPlaceRestoreSaysWhichDatabaseItReplacedFromWhichBackupAndWhereThePreviousOneIs() {
        api.answer("POST", "/api/restores", "{\"restoreId\":\"r4\",\"backupId\":\"b2\",\"chosenBecause\":\"the newest completed backup\"}");
        api.answer("GET", "/api/restores/r4", "{\"status\":\"COMPLETED\",\"targetKind\":\"IN_PLACE\",\"resolvedBackupId\":\"b2\","
                + "\"rowsRestored\":1,\"durationMs\":900,\"steps\":[],\"preRestoreDatabase\":\"orders_pre_restore_x\"}");

        assertThat(run("restore", "orders-db", "--in-place", "--yes")).isEqualTo(ExitCodes.OK);

        assertThat(cli.out.toString()).contains("Completed: orders-db replaced in place from backup b2, 1 row, in 900 ms; the previous "
                + "database is kept as orders_pre_restore_x").doesNotContain("null");
    }

    @Test
    void aRestoreToASecondGivenInAZoneAsksForThatSecondInUtcAndSaysWhatWasReplayed() {
        api.answer("POST", "/api/restores", "{\"restoreId\":\"r3\",\"backupId\":\"b1\",\"chosenBecause\":\"its changes are replayed\"}");
        api.answer("GET", "/api/restores/r3", "{\"status\":\"COMPLETED\",\"targetDatabase\":\"orders_then\",\"rowsRestored\":40000,"
                + "\"durationMs\":2500,\"steps\":[],\"pointReached\":{\"target\":\"2026-11-24T10:15:03Z\",\"committedAt\":"
                + "\"2026-11-24T10:15:02.870Z\",\"lsn\":\"0/3A2B1C8\",\"transactions\":412,\"rowChanges\":9870,"
                + "\"notReplayed\":{\"public.events\":\"it has no primary key\"}}}");

        assertThat(run("restore", "orders-db", "--at", "2026-11-24T11:15:03[Europe/Berlin]", "--new", "orders_then")).isEqualTo(ExitCodes.OK);

        assertThat(api.bodies.get(0)).contains("\"source\":{\"kind\":\"POINT_IN_TIME\",\"pointInTime\":\"2026-11-24T10:15:03Z\"}");
        assertThat(cli.out.toString()).contains("As it was at 2026-11-24T10:15:03Z: 412 transactions (9870 row changes) replayed onto the"
                + " backup, the last committed at 2026-11-24T10:15:02.870Z (LSN 0/3A2B1C8)",
                "public.events is as the backup had it: it has no primary key");
    }

    @Test
    void aMomentWithAnOffsetIsTheSameSecondAndOneWithoutAZoneIsAUsageErrorShowingHowToWriteIt() {
        api.answer("POST", "/api/restores", "{\"restoreId\":\"r4\",\"backupId\":\"b1\",\"chosenBecause\":\"x\"}");
        assertThat(run("restore", "orders-db", "--at", "2026-11-24T11:15:03+01:00", "--new", "x", "--no-wait")).isEqualTo(ExitCodes.OK);
        assertThat(api.bodies.get(0)).contains("\"pointInTime\":\"2026-11-24T10:15:03Z\"");

        assertThat(run("restore", "orders-db", "--at", "2026-11-24 10:15:03", "--new", "x")).isEqualTo(ExitCodes.USAGE);
        assertThat(cli.err.toString()).contains("write it as 2026-11-24T10:15:03Z (UTC)");
        assertThat(api.bodies).hasSize(1);
    }

    @Test
    void restoreHelpShowsHowToRestoreToASecond() {
        assertThat(run("restore", "--help")).isEqualTo(ExitCodes.OK);
        assertThat(cli.out.toString()).contains("--at 2026-11-24T10:15:03Z", "2026-11-24T11:15:03[Europe/Berlin]", "lifeboat window DB");
    }

    @Test
    void windowShowsTheRestorableSecondsTheStretchesBetweenThatAreNotAndHowTheCaptureFares() {
        api.answer("GET", "/api/databases/orders-db/point-in-time", "{\"databaseId\":\"orders-db\",\"enabled\":true,\"window\":\"P7D\","
                + "\"capture\":{\"state\":\"RUNNING\",\"schemaChanges\":\"schema changes replayed\",\"retainedWalBytes\":1048576},"
                + "\"from\":\"2026-11-23T09:00:00Z\",\"to\":\"2026-11-23T11:59:58Z\",\"unreachable\":[{\"from\":\"2026-11-23T10:00:00Z\","
                + "\"until\":\"2026-11-23T10:05:00Z\",\"reason\":\"orders-db was replaced by another database of its name\"}]}");

        assertThat(run("window", "orders-db")).isEqualTo(ExitCodes.OK);

        assertThat(cli.out.toString()).contains("Capture RUNNING; schema changes replayed; its slot keeps 1.0 MB of WAL",
                "orders-db can be restored to any second from 2026-11-23T09:00:00Z to 2026-11-23T11:59:58Z (keeping P7D), except:",
                "orders-db was replaced by another database of its name",
                "lifeboat restore orders-db --at 2026-11-23T11:59:58Z --new orders_db_then");
    }

    /** A capture that streams, no second restorable yet, and the newest backup completed at {@code completedAt}. */
    private void windowNotYetOpenWithNewestBackup(String backupId, String completedAt) {
        api.answer("GET", "/api/databases/orders-db/point-in-time", "{\"databaseId\":\"orders-db\",\"enabled\":true,\"window\":\"P7D\","
                + "\"capture\":{\"state\":\"RUNNING\"},\"unreachable\":[]}");
        api.answer("GET", "/api/backups?databaseId=orders-db&size=1",
                "{\"items\":[{\"backupId\":\"" + backupId + "\",\"completedAt\":\"" + completedAt + "\"}]}");
    }

    @Test
    void windowRightAfterTheFirstBackupSaysTheWindowOpensInAMomentNotToTakeABackup() {
        windowNotYetOpenWithNewestBackup("b1", "2026-11-23T11:59:55Z");

        assertThat(run("window", "orders-db")).isEqualTo(ExitCodes.NOT_OK);

        assertThat(cli.out.toString()).contains("the window opens from backup b1 (completed 5s ago) once the capture has stored the changes"
                + " after it, within about 10 s; ask again in a moment").doesNotContain("lifeboat backup orders-db");
    }

    @Test
    void windowWithoutARecentBackupSaysToTakeOne() {
        windowNotYetOpenWithNewestBackup("b0", "2026-11-23T10:00:00Z");

        assertThat(run("window", "orders-db")).isEqualTo(ExitCodes.NOT_OK);

        assertThat(cli.out.toString()).contains("the window opens with the first backup taken while the capture streams"
                + " (lifeboat backup orders-db)");
    }

    @Test
    void windowOfADatabaseNotCapturedExitsOneSayingHowToRegisterIt() {
        api.answer("GET", "/api/databases/orders-db/point-in-time", "{\"databaseId\":\"orders-db\",\"enabled\":false,"
                + "\"capture\":{\"state\":\"OFF\"},\"unreachable\":[]}");

        assertThat(run("window", "orders-db")).isEqualTo(ExitCodes.NOT_OK);
        assertThat(cli.out.toString()).contains("orders-db is not registered for point-in-time restore", "\"enabled\": true");
    }

    @Test
    void anInPlaceRestoreWithoutYesIsAUsageErrorAndAsksNothing() {
        assertThat(run("restore", "orders-db", "--in-place")).isEqualTo(ExitCodes.USAGE);
        assertThat(cli.err.toString()).contains("add --yes");
        assertThat(api.bodies).isEmpty();
    }

    @Test
    void aRefusedCallExitsThreeWithTheServicesSentenceOnOneLine() {
        api.answer("POST", "/api/restores", new ApiFailure(404, "restore-service answered 404 UNKNOWN_DATABASE: 'nope' is not registered"));

        assertThat(run("restore", "nope", "--new", "x")).isEqualTo(ExitCodes.API);
        assertThat(cli.err.toString()).isEqualTo("lifeboat: restore-service answered 404 UNKNOWN_DATABASE: 'nope' is not registered"
                + System.lineSeparator());
    }

    @Test
    void statusExitsOneAndSaysWhyWhenADatabaseIsAtRiskJudgingTestsThatEndedAndShowingRunningWork() throws Exception {
        api.answer("GET", "/api/backups/requests?status=RUNNING&size=500",
                "{\"items\":[{\"requestId\":\"r1\",\"databaseId\":\"orders-db\",\"status\":\"RUNNING\",\"progress\":{\"percent\":42}},"
                        + "{\"requestId\":\"r-dead\",\"databaseId\":\"fresh-db\",\"status\":\"RUNNING\"}]}"); // its replica died
        api.answer("GET", "/api/backups/queue?size=500",
                "{\"items\":[{\"place\":3,\"requestId\":\"r-dead\",\"databaseId\":\"fresh-db\",\"status\":\"RETRYING\","
                        + "\"hold\":\"SERVER_FULL\"}],\"servers\":{}}");
        api.answer("GET", "/api/restores?status=RUNNING&size=500", "{\"items\":[]}");
        api.answer("GET", "/api/databases?size=500", "{\"items\":[{\"id\":\"orders-db\",\"rpo\":\"PT24H\",\"nextBackupAt\":\"2026-11-24T02:00:00Z\"},"
                + "{\"id\":\"fresh-db\",\"rpo\":\"PT24H\"}]}");
        String recent = "\"2026-11-23T10:00:00Z\"";
        api.answer("GET", "/api/backups?databaseId=orders-db&size=1", "{\"items\":[{\"completedAt\":" + recent + ",\"sizeBytes\":4100000}]}");
        api.answer("GET", "/api/verifications?databaseId=orders-db&size=1", "{\"items\":[{\"status\":\"PASSED\",\"verifiedAt\":" + recent + "}]}");
        api.answer("GET", "/api/protection/orders-db", "{\"state\":\"PROTECTED\",\"protectedUntil\":" + recent + "}");
        api.answer("GET", "/api/restore-tests?databaseId=orders-db&size=10", "{\"items\":[{\"testId\":\"t2\",\"status\":\"RUNNING\"},"
                + "{\"status\":\"PASSED\",\"finishedAt\":" + recent + ",\"restoreMs\":4200}]}");
        for (String empty : List.of("/api/backups?databaseId=fresh-db&size=1", "/api/verifications?databaseId=fresh-db&size=1",
                "/api/protection/fresh-db", "/api/restore-tests?databaseId=fresh-db&size=10")) {
            api.answer("GET", empty, "{\"items\":[]}");
        }

        assertThat(run("status")).isEqualTo(ExitCodes.NOT_OK);
        assertThat(cli.out.toString()).contains("orders-db", "2h 0m ago", "4.1 MB", "4.2 s", "ok 2h 0m / 1d 0h", "in 14h 0m", "backup 42%",
                "restore test t2", "PASSED 2h 0m ago", "backup queued #3 (server full)", "AT RISK fresh-db: no backup yet").doesNotContain("AT RISK orders-db");
        assertThat(cli.out.toString()).as("a backup whose replica died shows once, queued").doesNotContain("backup, backup queued");
    }

    @Test
    void statusJsonIsOneDocumentSayingWhichDatabaseIsProtected() throws Exception {
        api.answer("GET", "/api/backups/requests?status=RUNNING&size=500", "{\"items\":[]}");
        api.answer("GET", "/api/backups/queue?size=500", new ApiFailure(404, "backup-service answered 404")); // older than the queue
        api.answer("GET", "/api/restores?status=RUNNING&size=500", "{\"items\":[]}");
        api.answer("GET", "/api/databases?size=500", "{\"items\":[{\"id\":\"fresh-db\",\"rpo\":\"PT1H\"}]}");
        for (String empty : List.of("/api/backups?databaseId=fresh-db&size=1", "/api/verifications?databaseId=fresh-db&size=1",
                "/api/protection/fresh-db", "/api/restore-tests?databaseId=fresh-db&size=10")) {
            api.answer("GET", empty, "{\"items\":[]}");
        }

        assertThat(run("status", "--json")).isEqualTo(ExitCodes.NOT_OK);
        JsonNode document = JSON.readTree(cli.out.toString());
        assertThat(document.get(0).path("databaseId").asText()).isEqualTo("fresh-db");
        assertThat(document.get(0).path("protected").asBoolean()).isFalse();
        assertThat(document.get(0).path("risks").get(0).asText()).isEqualTo("no backup yet");
    }

    @Test
    void theBackupsListSaysWhichAreVerifiedAndWhichHaveASecondCopy() {
        api.answer("GET", "/api/backups?databaseId=orders-db&size=20", "{\"total\":2,\"items\":["
                + "{\"backupId\":\"b2\",\"completedAt\":\"2026-11-27T02:00:00Z\",\"trigger\":\"SCHEDULE\",\"verification\":\"UNVERIFIED\"},"
                + "{\"backupId\":\"b1\",\"completedAt\":\"2026-11-26T02:00:00Z\",\"trigger\":\"SCHEDULE\",\"verification\":\"VERIFIED\","
                + "\"copiedAt\":\"2026-11-26T02:05:00Z\"}]}");

        assertThat(run("backups", "orders-db")).isEqualTo(ExitCodes.OK);
        assertThat(cli.out.toString()).contains("VERIFIED").contains("SECOND COPY").containsPattern("b2 .* unverified +-")
                .containsPattern("b1 .* verified +\\S+ ago");
    }

    @Test
    void anAnswerTheCommandLineCannotReadExitsFourNotOneWhichSaysTheWorkFailed() {
        api.answer("GET", "/api/backups?databaseId=orders-db&size=20", "{\"items\":[{\"backupId\":\"b1\",\"completedAt\":\"yesterday\"}]}");

        assertThat(run("backups", "orders-db")).isEqualTo(ExitCodes.FAILED);
        assertThat(cli.err.toString()).startsWith("lifeboat: failed unexpectedly (DateTimeParseException: ").doesNotContain("\tat ");
    }

    @Test
    void lifeboatWithoutACommandPrintsItsUsageAndFails() {
        assertThat(run()).isEqualTo(ExitCodes.USAGE);
        assertThat(cli.out.toString()).contains("status", "restore-test", "Exit codes:");
    }

    private static String step(String name) {
        return "{\"step\":\"" + name + "\",\"outcome\":\"OK\",\"durationMs\":120,\"details\":\"done\"}";
    }

    private static String restore(String status, String... steps) {
        return "{\"status\":\"" + status + "\",\"targetKind\":\"NEW_DATABASE\",\"resolvedBackupId\":\"b1\",\"targetDatabase\":\"orders_copy\","
                + "\"rowsRestored\":40000,\"durationMs\":2500,"
                + "\"steps\":[" + String.join(",", steps) + "]}";
    }
}
