package dev.lifeboat.restore;

import dev.lifeboat.backup.fixtures.BackupServiceUnderTest;
import dev.lifeboat.backup.fixtures.ShopDatabase;
import dev.lifeboat.d1.D1Location;
import dev.lifeboat.events.Topics;
import dev.lifeboat.events.restore.RestoreCompleted;
import dev.lifeboat.events.restore.RestoreFailed;
import dev.lifeboat.events.restore.RestoreRolledBack;
import dev.lifeboat.realservers.RealServers;
import dev.lifeboat.realservers.kafka.KafkaProbe;
import dev.lifeboat.realservers.kafka.TopicEvents;
import dev.lifeboat.realservers.postgres.PostgresServer;
import dev.lifeboat.realservers.process.LoopbackPorts;
import dev.lifeboat.realservers.process.ServiceDebugger;
import dev.lifeboat.realservers.process.ServiceDebugger.StopAt;
import dev.lifeboat.realservers.process.ServiceProcess;
import io.restassured.path.json.JsonPath;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.time.Duration;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The built restore-service, a process of its own, killed with SIGKILL at each dangerous point of a restore: the
 * test stops the restore's thread at a statement of the service's source (a debugger's line breakpoint, so nothing
 * test-only ships) and kills the process there. None of these leaves the live database missing or refusing
 * connections. Started again, the service ends each restore from its journal once its heartbeat is stale (10 s here):
 * FAILED with INTERRUPTED where nothing live had changed, COMPLETED where the swap had committed and the post-swap
 * check passes; an ending committed but not yet published is published after the restart.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class RestoreCrashIT {

    private static final Duration WAIT = Duration.ofMinutes(2);
    private static final Path ROOT = Path.of("..").toAbsolutePath().normalize();
    private static final Path SOURCES = ROOT.resolve("restore-service/src/main/java/dev/lifeboat/restore");
    private static final String ADDED_AFTER_BACKUP = "added_after_backup";
    /** The crash of a local D1 database's load, between its batches; its live database is {@link D1Portal}'s. */
    private static final String D1 = "d1portal";
    private static final String IN_PLACE = """
            {"databaseId":"%s","source":{"kind":"LATEST"},"target":{"kind":"IN_PLACE","confirmed":true},"safetyBackup":false}""";

    /** One restore killed at one point: its database id, live database, request and where its thread stops. */
    private record Crash(String id, String live, String request, StopAt stop) {
    }

    private final Map<String, Crash> crashes = new LinkedHashMap<>();
    private final Map<String, String> restoreIds = new HashMap<>();
    private RealServers servers;
    private PostgresServer postgres;
    private TopicEvents restoreEvents;
    private ServiceProcess restarted;
    /** The service frozen (SIGSTOP) between a swap's renames, and the debugger holding its restore's thread there. */
    private ServiceProcess frozen;
    private ServiceDebugger frozenThread;
    private long storedBytes;
    private JsonPath heldBetweenRenames;
    private String metricsBetweenRenames;
    private List<?> publishedBeforeTheRestart;
    /** The staging folder of each restore service started here: the killed ones' and the restarted one's. */
    private Path staging;
    private D1Location d1Live;
    private Map<String, List<String>> d1Before;
    private Map<String, List<String>> d1Killed;

    private void crash(String id, String live, String request, StopAt stop) {
        crashes.put(id, new Crash(id, live, request.formatted(id), stop));
    }

    @BeforeAll
    void killEachRestoreAtItsPointThenRestartTheService() throws Exception {
        crash("renames", "shop_renames", IN_PLACE, StopAt.statement("dev.lifeboat.restore.target.ServerDatabases",
                SOURCES.resolve("target/ServerDatabases.java"), "statement.execute(renameSql(replacement, live));"));
        crash("frozen", "shop_frozen", IN_PLACE, StopAt.statement("dev.lifeboat.restore.target.ServerDatabases",
                SOURCES.resolve("target/ServerDatabases.java"), "statement.execute(renameSql(replacement, live));"));
        crash("refused", "shop_refused", IN_PLACE, StopAt.statement("dev.lifeboat.restore.job.InPlaceSwap",
                SOURCES.resolve("job/InPlaceSwap.java"), "run.lock().close();"));
        crash("swapped", "shop_swapped", IN_PLACE, StopAt.statement("dev.lifeboat.restore.job.InPlaceSwap",
                SOURCES.resolve("job/InPlaceSwap.java"), "journal.update(run.attempt(), row -> row.stagingDatabase = null);"));
        // its post-swap check fails (a table made after the backup), and the kill comes as the failed copy is to be dropped
        crash("putback", "shop_putback", IN_PLACE, StopAt.statement("dev.lifeboat.restore.job.PutBack",
                SOURCES.resolve("job/PutBack.java"), "databases.drop(failed, step);"));
        crash("copy", "shop_copy", """
                {"databaseId":"%s","source":{"kind":"LATEST"},"target":{"kind":"NEW_DATABASE","databaseName":"copy_new"}}""",
                StopAt.statement("dev.lifeboat.restore.job.CopySteps", SOURCES.resolve("job/CopySteps.java"), "var manifest = run.manifest();"));
        crash("rows", "shop_rows", """
                {"databaseId":"%s","source":{"kind":"LATEST"},"target":{"kind":"TABLES","tables":["public.orders"]},"safetyBackup":false}""",
                StopAt.statement("dev.lifeboat.restore.job.TablesIntoLive", SOURCES.resolve("job/TablesIntoLive.java"),
                        "new RestoredDatabaseChecks(live).all("));
        crash("committed", "shop_committed", """
                {"databaseId":"%s","source":{"kind":"LATEST"},"target":{"kind":"TABLES","tables":["public.orders"]},"safetyBackup":false}""",
                StopAt.statement("dev.lifeboat.restore.job.TablesIntoLive", SOURCES.resolve("job/TablesIntoLive.java"), "return outcome;"));
        crash("ended", "shop_ended", """
                {"databaseId":"%s","source":{"kind":"LATEST"},"target":{"kind":"NEW_DATABASE","databaseName":"ended_new"}}""",
                StopAt.statement("dev.lifeboat.outbox.Outbox", ROOT.resolve("outbox/src/main/java/dev/lifeboat/outbox/Outbox.java"),
                        "relay.publishPendingQuietly();").calledFrom("RestoreOutcomes"));
        // killed as the second of its batches is to be loaded: the first dropped the live database's tables and loaded some rows
        crash(D1, D1Portal.NAME, IN_PLACE, StopAt.statement("dev.lifeboat.d1.restore.D1Restore",
                ROOT.resolve("d1/src/main/java/dev/lifeboat/d1/restore/D1Restore.java"), "guard.check(database, loaded, batches.size());").onHit(2));

        Path state = Files.createDirectories(Path.of("target/restore-crash-it").toAbsolutePath());
        servers = RealServers.start(EnumSet.of(RealServers.Kind.KAFKA, RealServers.Kind.POSTGRES, RealServers.Kind.S3));
        postgres = servers.postgres().orElseThrow();
        restoreEvents = new TopicEvents(new KafkaProbe(servers.kafka().orElseThrow().bootstrapServers()), Topics.RESTORE_EVENTS);
        ShopDatabase shop = ShopDatabase.owner(postgres);
        Path ownerPassword = BackupServiceUnderTest.databaseSecret(state, "owner.password", shop.ownerPassword());
        Path superuserPassword = BackupServiceUnderTest.databaseSecret(state, "superuser.password", postgres.superuserPassword());
        Map<String, String> settings = new HashMap<>(BackupServiceUnderTest.sharedSettings(servers, state, "crashkey"));
        staging = state.resolve("staging");
        settings.put("lifeboat.staging.folder", staging.toString());
        d1Live = D1Portal.live(state.resolve("d1"));
        D1Portal.create(d1Live.localFolder());
        D1Portal.addActivity(d1Live.localFolder(), 20_000);
        try (BackupServiceUnderTest backups = BackupServiceUnderTest.start(servers, settings, "crashkey", state)) {
            backups.registerD1(D1, D1Portal.NAME, d1Live.localFolder());
            backups.allowRestoresWithoutSafetyBackup(D1);
            backups.backUp(D1, WAIT);
            for (Crash crash : postgresCrashes()) {
                shop.createShop(crash.live());
                backups.register(crash.id(), postgres, crash.live(), ShopDatabase.OWNER, "file:" + ownerPassword);
                long stored = backups.backUp(crash.id(), WAIT).sizeBytes();
                if (crash.id().equals("renames")) {
                    storedBytes = stored;
                }
            }
        }
        for (String id : List.of("renames", "frozen", "refused", "swapped", "putback", "rows", "committed")) {
            shop.asOwner(crashes.get(id).live(), "DELETE FROM orders WHERE id <= 300");
        }
        shop.asOwner("shop_putback", "CREATE TABLE " + ADDED_AFTER_BACKUP + " (id int)");
        D1Portal.QUERIES.execute(d1Live, "INSERT INTO clients VALUES (98, 'only in the live database', NULL);");
        d1Before = D1Portal.rows(d1Live);

        for (Crash crash : crashes.values()) {
            Path workDir = restoreTargets(state.resolve("crash-" + crash.id()), superuserPassword, Duration.ofHours(1));
            int debugPort = LoopbackPorts.free();
            ServiceProcess service = ServiceProcess.start(ROOT, "restore-service", LoopbackPorts.free(), settings, workDir,
                    List.of(ServiceDebugger.jvmOption(debugPort)));
            ServiceDebugger debugger = ServiceDebugger.attach(debugPort, crash.stop());
            try {
                HttpResponse<String> asked = RestoreServiceProcesses.restore(service, crash.request());
                assertThat(asked.statusCode()).as(asked.body()).isEqualTo(202);
                String restoreId = JsonPath.from(asked.body()).getString("restoreId");
                restoreIds.put(crash.id(), restoreId);
                debugger.awaitStop(WAIT);
                if (crash.id().equals("renames")) {
                    // held inside the swap's transaction, the restore is RUNNING and says how far it came (its heartbeat writes it)
                    heldBetweenRenames = await().atMost(Duration.ofSeconds(30)).until(
                            () -> JsonPath.from(RestoreServiceProcesses.get(service, "/api/restores/" + restoreId)),
                            view -> view.get("progress") != null && view.getInt("progress.percent") == 100);
                    metricsBetweenRenames = RestoreServiceProcesses.get(service, "/q/metrics");
                }
                if (crash.id().equals("frozen")) {
                    // not killed: the whole service stands still, its swap's transaction open between the renames, until a test resumes it
                    service.signal("STOP");
                    frozen = service;
                    frozenThread = debugger;
                    continue;
                }
                service.kill();
                if (crash.id().equals(D1)) {
                    d1Killed = D1Portal.rows(d1Live);
                }
            } finally {
                if (service != frozen) {
                    debugger.close();
                    service.close();
                }
            }
            if (crash.id().equals("ended")) {
                publishedBeforeTheRestart = restoreEvents.all(RestoreCompleted.class, event -> restoreIds.get(crash.id()).equals(event.correlationId()));
            }
        }
        restarted = ServiceProcess.start(ROOT, "restore-service", LoopbackPorts.free(), settings,
                restoreTargets(state.resolve("restarted"), superuserPassword, Duration.ofSeconds(10)));
    }

    @AfterAll
    void stop() {
        if (restarted != null) {
            restarted.close();
        }
        if (frozen != null) {
            frozen.close();
        }
        if (servers != null) {
            servers.close();
        }
    }

    @Test
    void aKillBetweenTheTwoRenamesLeavesTheLiveDatabaseAsItWasAndTheRestartEndsTheRestoreInterrupted() throws Exception {
        RestoreFailed failed = failed("renames");
        assertThat(failed.step()).isEqualTo("RECOVERY");
        assertThat(failed.message()).contains("shop_renames is as it was and accepts connections", "was dropped");
        assertThat(restoreEvents.all(RestoreCompleted.class, event -> restoreIds.get("renames").equals(event.correlationId()))).isEmpty();
        assertLiveAsBefore("shop_renames");
        assertThat(TestDatabases.databasesLike(postgres, "shop_renames_pre_restore_%")).isEmpty();
        JsonPath ended = JsonPath.from(RestoreServiceProcesses.get(restarted, "/api/restores/" + restoreIds.get("renames")));
        assertThat(ended.getString("status")).isEqualTo("FAILED");
        assertThat(ended.getString("error.code")).isEqualTo("INTERRUPTED");
        assertThat(ended.getString("preRestoreDatabase")).isNull();
        assertThat(restarted.logTail()).doesNotContain(postgres.superuserPassword());
    }

    @Test
    void heldBetweenTheRenamesTheRunningRestoreShowsTheWholeArchiveReadInItsRecordAndItsMetrics() {
        assertThat(heldBetweenRenames.getString("status")).isEqualTo("RUNNING");
        assertThat(heldBetweenRenames.getLong("progress.bytesDone")).isEqualTo(storedBytes);
        assertThat(heldBetweenRenames.getLong("progress.bytesExpected")).isEqualTo(storedBytes);
        assertThat(heldBetweenRenames.getLong("progress.estimatedSecondsLeft")).isZero();
        java.util.regex.Matcher gauge = java.util.regex.Pattern.compile(
                "(?m)^lifeboat_restore_progress_expected_bytes\\{database=\"renames\"[^}]*} (\\S+)$").matcher(metricsBetweenRenames);
        assertThat(gauge.find()).as("lifeboat_restore_progress_expected_bytes of renames").isTrue();
        assertThat((long) Double.parseDouble(gauge.group(1))).isEqualTo(storedBytes);
    }

    /**
     * Issue 50, part 6. Before: the restarted service's recovery waited for ever behind the frozen transaction (it holds
     * the live database's catalog row), its other recoveries with it, and the resumed worker went on writing the run.
     */
    @Test
    void aServiceFrozenBetweenTheRenamesIsTakenOverItsSwapRolledBackAndOnceResumedItRecordsAndAnnouncesNothing() throws Exception {
        String restoreId = restoreIds.get("frozen");
        assertThat(failed("frozen").message()).contains("shop_frozen is as it was and accepts connections", "was dropped");
        assertLiveAsBefore("shop_frozen");

        frozen.signal("CONT");
        frozenThread.close(); // its thread runs on, from the second rename, on a session the recovery ended
        await().atMost(WAIT).until(() -> frozen.logTail().contains("restore " + restoreId + ": attempt 1 no longer owns the run"));
        await().during(Duration.ofSeconds(3)).atMost(Duration.ofSeconds(10)).until(() -> restoreEvents.all(RestoreCompleted.class,
                event -> restoreId.equals(event.correlationId())).isEmpty() && restoreEvents.all(RestoreFailed.class,
                event -> restoreId.equals(event.correlationId())).size() == 1);
        assertLiveAsBefore("shop_frozen");
        assertThat(TestDatabases.databasesLike(postgres, "shop_frozen_pre_restore_%")).isEmpty();
        JsonPath ended = JsonPath.from(RestoreServiceProcesses.get(restarted, "/api/restores/" + restoreId));
        assertThat(ended.getString("status")).isEqualTo("FAILED");
        assertThat(ended.getString("error.code")).isEqualTo("INTERRUPTED");
    }

    @Test
    void aKillAfterTheLiveDatabaseRefusedConnectionsLetsItAcceptThemAgain() throws Exception {
        assertThat(failed("refused").step()).isEqualTo("RECOVERY");
        assertLiveAsBefore("shop_refused");
    }

    @Test
    void aKillAfterTheSwapCommittedCompletesTheRestoreOnceThePostSwapCheckPasses() throws Exception {
        RestoreCompleted completed = restoreEvents.await(RestoreCompleted.class, restoreIds.get("swapped"), WAIT).data();
        assertThat(completed.targetDatabase()).isEqualTo("shop_swapped");
        assertThat(completed.rowsRestored()).isPositive();
        assertThat(TestDatabases.count(postgres, "shop_swapped", "SELECT count(*) FROM orders")).isEqualTo(2000);
        assertThat(TestDatabases.databasesLike(postgres, "shop_swapped_pre_restore_%")).hasSize(1);
        assertThat(TestDatabases.databasesLike(postgres, "shop_swapped_restore_%")).isEmpty();
        assertThat(JsonPath.from(RestoreServiceProcesses.get(restarted, "/api/restores/" + restoreIds.get("swapped"))).getString("status")).isEqualTo("COMPLETED");
    }

    /**
     * Before, the swapped-in copy, renamed {@code _failed_} as the previous database came back, was left on the server, and
     * the restore was FAILED saying nothing live had changed.
     */
    @Test
    void aKillAfterARollbackSwappedBackButBeforeItDroppedTheFailedCopyRollsBackLeavingNoCopyBehind() throws Exception {
        RestoreRolledBack rolledBack = restoreEvents.await(RestoreRolledBack.class, restoreIds.get("putback"), WAIT).data();
        assertThat(rolledBack.step()).isEqualTo("POST_SWAP_CHECK");
        assertThat(rolledBack.reason()).containsPattern("shop_putback is as it was before the restore, and the restored copy "
                + "shop_putback_failed_\\d{14} was dropped");
        assertLiveAsBefore("shop_putback");
        assertThat(TestDatabases.count(postgres, "shop_putback", "SELECT count(*) FROM " + ADDED_AFTER_BACKUP)).as("the live one").isZero();
        assertThat(TestDatabases.databasesLike(postgres, "shop_putback_%")).isEmpty();
    }

    @Test
    void aKillWhileANewDatabaseIsFilledDropsTheHalfMadeDatabase() throws Exception {
        assertThat(failed("copy").message()).contains("copy_new was dropped");
        assertThat(TestDatabases.databasesLike(postgres, "copy_new")).isEmpty();
        assertThat(TestDatabases.count(postgres, "shop_copy", "SELECT count(*) FROM orders")).isEqualTo(2000);
    }

    @Test
    void aKillAfterATablesRowsWereReplacedButNotCommittedLeavesTheLiveTableAsItWasAndDropsStaging() throws Exception {
        assertThat(failed("rows").step()).isEqualTo("RECOVERY");
        assertLiveAsBefore("shop_rows");
        assertThat(JsonPath.from(RestoreServiceProcesses.get(restarted, "/api/restores/" + restoreIds.get("rows"))).getString("status")).isEqualTo("FAILED");
    }

    @Test
    void aKillJustAfterATablesRowsWereReplacedAndCommittedCompletesTheRestoreWithWhatItRecordedBeforeTheCommit() throws Exception {
        RestoreCompleted completed = restoreEvents.await(RestoreCompleted.class, restoreIds.get("committed"), WAIT).data();
        assertThat(completed.targetDatabase()).isEqualTo("shop_committed");
        assertThat(completed.rowsRestored()).isPositive();
        assertThat(completed.validations()).isNotEmpty();
        assertThat(TestDatabases.count(postgres, "shop_committed", "SELECT count(*) FROM orders")).as("the rows put back").isEqualTo(2000);
        assertThat(TestDatabases.databasesLike(postgres, "shop_committed_restore_%")).as("staging dropped").isEmpty();
        assertThat(JsonPath.from(RestoreServiceProcesses.get(restarted, "/api/restores/" + restoreIds.get("committed"))).getString("status"))
                .isEqualTo("COMPLETED");
    }

    @Test
    void aKillBetweenCommittingARestoresEndingAndPublishingItPublishesItOnceAfterTheRestart() throws Exception {
        assertThat(publishedBeforeTheRestart).as("RestoreCompleted published before the kill").isEmpty();
        RestoreCompleted completed = restoreEvents.await(RestoreCompleted.class, restoreIds.get("ended"), WAIT).data();
        assertThat(completed.targetDatabase()).isEqualTo("ended_new");
        await().during(Duration.ofSeconds(3)).atMost(Duration.ofSeconds(10)).until(() -> restoreEvents.all(RestoreCompleted.class,
                event -> restoreIds.get("ended").equals(event.correlationId())).size() == 1);
        assertThat(JsonPath.from(RestoreServiceProcesses.get(restarted, "/api/restores/" + restoreIds.get("ended"))).getString("status")).isEqualTo("COMPLETED");
    }

    /**
     * Before, the recovery failed the restore saying the database "may hold part of the backup": a local D1 database is
     * loaded in batches, and the one killed here had lost its tables and held a part of the backup's rows.
     */
    @Test
    void aKillBetweenTheBatchesOfALocalD1LoadPutsTheLiveDatabaseBackFromTheExportTakenBeforeIt() throws Exception {
        RestoreRolledBack rolledBack = restoreEvents.await(RestoreRolledBack.class, restoreIds.get(D1), WAIT).data();
        assertThat(d1Killed).as("killed mid-load: the live database held part of the backup").isNotEqualTo(d1Before);
        assertThat(d1Killed.get("activity_log")).as("part of the activity log").hasSizeLessThan(d1Before.get("activity_log").size());
        assertThat(rolledBack.step()).isEqualTo("RECOVERY");
        assertThat(rolledBack.reason()).contains("portal is as it was before the restore: the export taken before it changed anything was put back");
        assertThat(D1Portal.rows(d1Live)).isEqualTo(d1Before);
        JsonPath ended = JsonPath.from(RestoreServiceProcesses.get(restarted, "/api/restores/" + restoreIds.get(D1)));
        assertThat(ended.getString("status")).isEqualTo("ROLLED_BACK");
        assertThat(ended.getList("steps.step")).as("LOAD never ended").containsExactly("RESOLVE_SOURCE", "LOCK", "PREPARE_TARGET", "ROLLBACK");
        try (var staged = Files.list(staging)) {
            assertThat(staged.map(path -> path.getFileName().toString())).as("the export, once put back")
                    .noneMatch(name -> name.contains(restoreIds.get(D1)));
        }
    }

    private RestoreFailed failed(String id) {
        RestoreFailed failed = restoreEvents.await(RestoreFailed.class, restoreIds.get(id), WAIT).data();
        assertThat(failed.errorCode()).isEqualTo("INTERRUPTED");
        return failed;
    }

    /** The live database exists under its name, accepts a new connection, and still has the rows it had before the restore. */
    private void assertLiveAsBefore(String database) throws Exception {
        try (Connection connection = postgres.connect(database)) {
            assertThat(connection.isValid(5)).isTrue();
        }
        assertThat(TestDatabases.count(postgres, database, "SELECT count(*) FROM orders")).isEqualTo(1700);
        assertThat(TestDatabases.databasesLike(postgres, database + "_restore_%")).isEmpty();
    }

    private List<Crash> postgresCrashes() {
        return crashes.values().stream().filter(crash -> !crash.id().equals(D1)).toList();
    }

    /** The crash databases as restore targets: an hour's stale-after while the service is killed restore by restore (no run ends another's), 10 s for the restart. */
    private Path restoreTargets(Path workDir, Path superuserPassword, Duration staleAfter) throws Exception {
        Map<String, String> databases = new LinkedHashMap<>();
        postgresCrashes().forEach(crash -> databases.put(crash.id(), crash.live()));
        return RestoreServiceProcesses.workDir(workDir, postgres, databases, Map.of("putback", "SELECT 1 FROM " + ADDED_AFTER_BACKUP),
                superuserPassword, staleAfter);
    }
}
