package dev.lifeboat.restore;

import dev.lifeboat.archive.staging.StagingArea;
import dev.lifeboat.d1.D1Location;
import dev.lifeboat.d1.lock.D1DatabaseLock;
import dev.lifeboat.events.backup.BackupCompleted;
import dev.lifeboat.events.data.EventData;
import dev.lifeboat.events.restore.RestoreCompleted;
import dev.lifeboat.events.restore.RestoreFailed;
import dev.lifeboat.events.restore.RestoreRolledBack;
import dev.lifeboat.events.restore.ValidationResult;
import dev.lifeboat.realservers.RealServers;
import dev.lifeboat.realservers.postgres.PostgresServer;
import dev.lifeboat.realservers.quarkus.InjectRealServers;
import dev.lifeboat.realservers.tokens.LocalTokens;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.greaterThanOrEqualTo;

/**
 * Restores of a Cloudflare D1 database (local, through the real wrangler), each compared table by table, row by row: into a
 * new database, only chosen tables, in place, and in place with its load killed, which puts the live database back as it was;
 * one in place waits for the lock a backup of the database holds.
 */
@QuarkusTest
class D1RestoreFlowTest {

    private static final Duration TIMEOUT = Duration.ofMinutes(3);
    private static final D1Location LIVE = D1Portal.live(RestoreTestStack.D1_FOLDER);

    @Inject
    StagingArea staging;

    @InjectRealServers
    RealServers servers;

    private Flows flows;
    /** A backup of the portal as {@link D1Portal#create} makes it, which every test starts from: one is enough. */
    private static BackupCompleted pristine;

    @BeforeEach
    void setUp() {
        flows = new Flows(servers);
    }

    /** The live portal as {@link D1Portal#create} makes it, made again for each test that changes it (the others never read it). */
    private static void freshPortal() {
        D1Portal.create(RestoreTestStack.D1_FOLDER);
    }

    @Test
    void aNewDatabaseHoldsEveryRowOfTheBackupAndPassesTheRunbooksChecks() throws Exception {
        freshPortal();
        BackupCompleted backup = pristineBackup();
        Map<String, List<String>> atBackup = D1Portal.rows(LIVE);

        String copy = "portal_copy_" + UUID.randomUUID().toString().substring(0, 8);
        String restoreId = flows.restore("""
                {"databaseId":"portal","source":{"kind":"BACKUP_ID","backupId":"%s"},"target":{"kind":"NEW_DATABASE","databaseName":"%s"}}"""
                .formatted(backup.backupId(), copy));
        RestoreCompleted completed = flows.completed(restoreId, TIMEOUT);

        assertThat(D1Portal.rows(LIVE.sibling(copy, null))).isEqualTo(atBackup);
        assertThat(completed.targetDatabase()).isEqualTo(copy);
        assertThat(completed.rowsRestored()).isEqualTo(backup.tableRowCounts().values().stream().mapToLong(Long::longValue).sum());
        assertThat(completed.validations()).extracting(ValidationResult::check)
                .containsExactly("ROW_COUNTS", "INTEGRITY", "FK_INTEGRITY", "SCHEMA_OBJECTS");
        assertThat(completed.validations()).allMatch(ValidationResult::passed);
    }

    @Test
    void aTablesRestoreReplacesOnlyTheNamedTablesRows() throws Exception {
        freshPortal();
        pristineBackup();
        Map<String, List<String>> atBackup = D1Portal.rows(LIVE);
        D1Portal.QUERIES.execute(LIVE, "DELETE FROM invoices WHERE id > 1; UPDATE clients SET name = 'changed since' WHERE id = 2;");
        List<String> clientsNow = D1Portal.rows(LIVE).get("clients");

        String restoreId = flows.restore("""
                {"databaseId":"portal","source":{"kind":"LATEST"},"target":{"kind":"TABLES","tables":["invoices"]},"safetyBackup":false}""");
        flows.completed(restoreId, TIMEOUT);

        Map<String, List<String>> after = D1Portal.rows(LIVE);
        assertThat(after.get("invoices")).isEqualTo(atBackup.get("invoices"));
        assertThat(after.get("clients")).isEqualTo(clientsNow).isNotEqualTo(atBackup.get("clients"));
    }

    @Test
    void aTablesRestoreThatATriggerWouldTurnIntoChangesOfAnotherTableIsRolledBack() throws Exception {
        Map<String, List<String>> before = new HashMap<>();
        String restoreId = tablesRestoreThatATriggerMakesFailValidation(before);
        EventData ending = flows.ending(restoreId, TIMEOUT);

        assertThat(ending).isInstanceOf(RestoreRolledBack.class);
        assertThat(((RestoreRolledBack) ending).step()).isEqualTo("VALIDATION");
        assertThat(((RestoreRolledBack) ending).reason()).contains("activity_log");
        assertThat(D1Portal.rows(LIVE)).isEqualTo(before);
    }

    /** As above, but the lock's session ends after LOAD: the rollback writes nothing, and the failure says both. */
    @Test
    void aRestoreWhoseLockIsLostBeforeItsRollbackFailsSayingWhyItFailedAndThatNothingWasPutBack() throws Exception {
        Map<String, List<String>> before = new HashMap<>();
        String restoreId = tablesRestoreThatATriggerMakesFailValidation(before);
        await().atMost(TIMEOUT).pollInterval(Duration.ofMillis(50)).until(() -> given().auth().oauth2(LocalTokens.forTest("admin"))
                .when().get("/api/restores/" + restoreId).then().extract().jsonPath().getList("steps.step").contains("LOAD"));
        servers.postgres().orElseThrow().execute(PostgresServer.DATABASE, "SELECT pg_terminate_backend(pid) FROM pg_stat_activity"
                + " WHERE application_name = 'lifeboat restore " + restoreId + "#1'"); // during VALIDATION's two wrangler runs
        EventData ending = flows.ending(restoreId, TIMEOUT);

        assertThat(ending).isInstanceOfSatisfying(RestoreFailed.class, failed -> {
            assertThat(failed.step()).isEqualTo("ROLLBACK");
            assertThat(failed.errorCode()).isEqualTo("LOCK_LOST");
            assertThat(failed.message()).startsWith("VALIDATION failed (VALIDATION_FAILED: ").contains("activity_log",
                    "putting portal back failed too", "nothing of this load was written into portal");
        });
        assertThat(D1Portal.rows(LIVE)).as("the backup's rows stay: without the lock nothing is put back").isNotEqualTo(before);
        // before, the export that could put it back was deleted as the restore ended
        Matcher kept = Pattern.compile("the live database's export, taken before the restore, is kept at"
                + " (\\S+) \\(put it back with wrangler d1 execute --file, then delete it\\)$").matcher(((RestoreFailed) ending).message());
        assertThat(kept.find()).as(((RestoreFailed) ending).message()).isTrue();
        Path export = Path.of(kept.group(1));
        assertThat(export).isRegularFile().hasFileName("lifeboat-put-back-" + restoreId + ".sql");
        assertThat(Files.readString(export)).contains("CREATE TABLE tickets");
        Files.delete(export);
    }

    /**
     * A TABLES restore of {@code tickets} after ticket 3 was deleted: its rows' insert trigger writes {@code activity_log},
     * which VALIDATION finds; {@code before} gets the live database's rows as they were. @return the restore's id
     */
    private String tablesRestoreThatATriggerMakesFailValidation(Map<String, List<String>> before) throws Exception {
        freshPortal();
        pristineBackup();
        D1Portal.QUERIES.execute(LIVE, "DELETE FROM invoices WHERE ticket_id = 3; DELETE FROM tickets WHERE id = 3;");
        before.putAll(D1Portal.rows(LIVE));
        return flows.restore("""
                {"databaseId":"portal","source":{"kind":"LATEST"},"target":{"kind":"TABLES","tables":["tickets"]},"safetyBackup":false}""");
    }

    @Test
    void anInPlaceRestorePutsTheBackupsRowsAndSchemaBack() throws Exception {
        freshPortal();
        pristineBackup();
        Map<String, List<String>> atBackup = D1Portal.rows(LIVE);
        D1Portal.QUERIES.execute(LIVE, "INSERT INTO clients VALUES (99, 'after the backup', NULL); DROP VIEW client_totals;"
                + " CREATE TABLE scratch (x);");

        String restoreId = flows.restore("""
                {"databaseId":"portal","source":{"kind":"LATEST"},"target":{"kind":"IN_PLACE","confirmed":true},"safetyBackup":false}""");
        flows.completed(restoreId, TIMEOUT);

        assertThat(D1Portal.rows(LIVE)).isEqualTo(atBackup);
        assertThat(D1Portal.QUERIES.execute(LIVE, "SELECT name FROM sqlite_schema WHERE name IN ('client_totals', 'scratch')").get(0))
                .extracting(row -> row.path("name").asText()).containsExactly("client_totals");
    }

    /**
     * The lock in both directions, in one restore (each wrangler run costs seconds): it waits while a backup holds the lock,
     * changing nothing; then, its own lock's session ended after LOCK, it fails at LOAD without touching the live database
     * (no ROLLBACK either: without the lock, putting the export back could overwrite what a backup or another restore does).
     */
    @Test
    void anInPlaceRestoreWaitsForTheLockABackupHoldsAndOneThatLosesItsLockBeforeItsLoadFailsLeavingTheLiveDatabaseAlone()
            throws Exception {
        freshPortal();
        pristineBackup();
        Map<String, List<String>> atBackup = D1Portal.rows(LIVE);
        D1Portal.QUERIES.execute(LIVE, "INSERT INTO clients VALUES (96, 'written after the backup', NULL);");
        Map<String, List<String>> changed = D1Portal.rows(LIVE);
        String restoreId;
        try (D1DatabaseLock backingUp = D1DatabaseLock.take(() -> servers.postgres().orElseThrow().connect(PostgresServer.DATABASE),
                LIVE, Duration.ZERO)) {
            restoreId = flows.restore("""
                    {"databaseId":"portal","source":{"kind":"LATEST"},"target":{"kind":"IN_PLACE","confirmed":true},"safetyBackup":false}""");
            String lockSession = "lifeboat restore " + restoreId + "#1"; // the lock's session is named after the restore's attempt
            await().atMost(Duration.ofSeconds(30)).until(() -> servers.postgres().orElseThrow().hasSessionNamed(lockSession));
            await("waiting at LOCK, nothing prepared").during(Duration.ofSeconds(1)).atMost(Duration.ofSeconds(5))
                    .pollInterval(Duration.ofMillis(200)).untilAsserted(() -> given().auth().oauth2(LocalTokens.forTest("admin"))
                            .when().get("/api/restores/" + restoreId).then().statusCode(200)
                            .body("status", equalTo("RUNNING")).body("steps.step", contains("RESOLVE_SOURCE")));
            assertThat(D1Portal.rows(LIVE)).as("nothing changed while a backup holds the lock").isEqualTo(changed).isNotEqualTo(atBackup);
        }
        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(50)).until(() -> given().auth().oauth2(LocalTokens.forTest("admin"))
                .when().get("/api/restores/" + restoreId).then().extract().jsonPath().getList("steps.step").contains("LOCK"));
        servers.postgres().orElseThrow().execute(PostgresServer.DATABASE, "SELECT pg_terminate_backend(pid) FROM pg_stat_activity"
                + " WHERE application_name = 'lifeboat restore " + restoreId + "#1'");
        EventData ending = flows.ending(restoreId, TIMEOUT);

        assertThat(ending).as("failed, not rolled back: nothing was loaded, and without the lock nothing is put back either")
                .isInstanceOfSatisfying(RestoreFailed.class, failed -> {
                    assertThat(failed.step()).isEqualTo("LOAD");
                    assertThat(failed.errorCode()).isEqualTo("LOCK_LOST");
                    assertThat(failed.message()).contains("nothing of this load was written into portal").doesNotContain("holds part");
                });
        assertThat(D1Portal.rows(LIVE)).isEqualTo(changed);
        given().auth().oauth2(LocalTokens.forTest("admin")).when().get("/api/restores/" + restoreId).then().statusCode(200)
                .body("steps.step", contains("RESOLVE_SOURCE", "LOCK", "PREPARE_TARGET", "LOAD"))
                .body("steps.find { it.step == 'LOAD' }.outcome", equalTo("FAILED"))
                .body("steps.find { it.step == 'LOCK' }.durationMs", greaterThanOrEqualTo(1000))
                .body("steps.find { it.step == 'LOCK' }.details", equalTo("holding the lock of portal: its backups and other restores wait"));
        assertThat(staging.folder().resolve("lifeboat-put-back-" + restoreId + ".sql")).as("nothing loaded: its export is not kept")
                .doesNotExist();
    }

    @Test
    void anInPlaceRestoreWhoseLoadIsKilledPutsTheLiveDatabaseBackAsItWas() throws Exception {
        freshPortal();
        pristineBackup();
        D1Portal.QUERIES.execute(LIVE, "INSERT INTO clients VALUES (98, 'only in the live database', NULL);");
        Map<String, List<String>> before = D1Portal.rows(LIVE);
        CompletableFuture<Optional<String>> killed = CompletableFuture.supplyAsync(D1RestoreFlowTest::killTheFirstLoad);

        String restoreId = flows.restore("""
                {"databaseId":"portal","source":{"kind":"LATEST"},"target":{"kind":"IN_PLACE","confirmed":true},"safetyBackup":false}""");
        EventData ending = flows.ending(restoreId, TIMEOUT);

        assertThat(killed.get()).as("the wrangler running the load was killed").isPresent();
        assertThat(killed.get().get()).as("the load's files are in a work folder of the staging folder, which a sweep knows")
                .contains(staging.folder().toAbsolutePath().resolve("lifeboat-staged-d1-restore-").toString());
        assertThat(ending).isInstanceOf(RestoreRolledBack.class);
        assertThat(((RestoreRolledBack) ending).step()).isEqualTo("LOAD");
        assertThat(D1Portal.rows(LIVE)).isEqualTo(before);
        try (var left = Files.list(staging.folder())) {
            assertThat(left.map(path -> path.getFileName().toString())).as("the work folder and its lock, after the restore")
                    .noneMatch(name -> name.contains("d1-restore"));
        }
    }

    @Test
    void theRestoreTargetsListTheD1DatabaseWithItsEngineAndWhereItIsBesideThePostgresOnes() {
        given().auth().oauth2(LocalTokens.forTest("viewer")).when().get("/api/restore-targets").then().statusCode(200)
                .body("items.find { it.databaseId == 'portal' }.engine", equalTo("d1"))
                .body("items.find { it.databaseId == 'portal' }.database", equalTo("portal"))
                .body("items.find { it.databaseId == 'portal' }.d1.localFolder", equalTo(RestoreTestStack.D1_FOLDER.toString()))
                .body("items.find { it.databaseId == 'portal' }.host", org.hamcrest.Matchers.nullValue())
                .body("items.find { it.databaseId == 'shop' }.engine", equalTo("postgresql"));
    }

    @Test
    void aMomentInTimeIsRefusedWithA422NamingD1TimeTravel() {
        given().auth().oauth2(LocalTokens.forTest("admin")).contentType("application/json")
                .body("""
                        {"databaseId":"portal","source":{"kind":"POINT_IN_TIME","pointInTime":"2026-11-27T06:00:00Z"},"target":{"kind":"NEW_DATABASE","databaseName":"portal_then"}}""")
                .when().post("/api/restores").then().statusCode(422)
                .body("error", containsString("D1 Time Travel")).body("error", containsString("wrangler d1 time-travel restore portal"));
    }

    @Test
    void aTablesRestoreIntoADatabaseOfItsOwnIsRefusedWithA422SayingToRestoreANewDatabase() {
        given().auth().oauth2(LocalTokens.forTest("admin")).contentType("application/json")
                .body("""
                        {"databaseId":"portal","source":{"kind":"LATEST"},"target":{"kind":"TABLES","tables":["invoices"],"databaseName":"portal_aside"}}""")
                .when().post("/api/restores").then().statusCode(422)
                .body("error", containsString("restore it as NEW_DATABASE portal_aside"));
    }

    /** The backup of the portal as every test starts from it (taken once: each test makes the same portal again). */
    private BackupCompleted pristineBackup() {
        if (pristine == null) {
            pristine = flows.backup(RestoreTestStack.D1);
        }
        return pristine;
    }

    /** Kills (SIGKILL) the first wrangler that runs a file of a restore's load, as a crash would; returns its command line. */
    private static Optional<String> killTheFirstLoad() {
        long deadline = System.nanoTime() + TIMEOUT.toNanos();
        while (System.nanoTime() < deadline) {
            Optional<ProcessHandle> load = ProcessHandle.allProcesses().filter(process -> commandLine(process).filter(line ->
                    line.contains("d1 execute portal") && line.contains("lifeboat-d1-load-")).isPresent()).findFirst();
            if (load.isPresent()) {
                Optional<String> line = commandLine(load.get());
                load.get().descendants().forEach(ProcessHandle::destroyForcibly);
                load.get().destroyForcibly();
                return line;
            }
            Thread.onSpinWait();
        }
        return Optional.empty();
    }

    private static Optional<String> commandLine(ProcessHandle process) {
        return process.info().arguments().map(arguments -> String.join(" ", arguments));
    }
}
