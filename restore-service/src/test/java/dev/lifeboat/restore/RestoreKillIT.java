package dev.lifeboat.restore;

import dev.lifeboat.backup.fixtures.BackupServiceUnderTest;
import dev.lifeboat.backup.fixtures.ShopDatabase;
import dev.lifeboat.events.Topics;
import dev.lifeboat.events.restore.RestoreCompleted;
import dev.lifeboat.events.restore.RestoreFailed;
import dev.lifeboat.realservers.RealServers;
import dev.lifeboat.realservers.kafka.KafkaProbe;
import dev.lifeboat.realservers.kafka.TopicEvents;
import dev.lifeboat.realservers.postgres.PostgresServer;
import dev.lifeboat.realservers.process.LoopbackPorts;
import dev.lifeboat.realservers.process.ServiceProcess;
import dev.lifeboat.realservers.tokens.LocalTokens;
import io.restassured.path.json.JsonPath;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.time.Duration;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The fault run's worst case, with the service as a separate process: the built restore-service (a child JVM) is
 * killed with SIGKILL inside the IN_PLACE swap's transaction, the live database renamed aside and staging not yet
 * renamed in. The live database is still there under its name (the server rolled the renames back with the dead
 * session); started again, the service ends the restore from its journal once its heartbeat is stale (10 s here):
 * FAILED/INTERRUPTED, the live database accepting connections with the rows it had, no staging database left. Held in
 * the swap, the running restore shows its progress (the whole archive read) in its record and its metrics.
 */
class RestoreKillIT {

    private static final String ID = "kill";
    private static final String LIVE = "shop_kill";
    private static final Duration WAIT = Duration.ofMinutes(2);

    @Test
    void aRestoreServiceKilledBetweenTheRenamesLeavesTheLiveDatabaseAndItsRestartEndsTheRestore() throws Exception {
        Path root = Path.of("..").toAbsolutePath().normalize();
        Path state = Files.createDirectories(Path.of("target/restore-kill-it").toAbsolutePath());
        try (RealServers servers = RealServers.start(EnumSet.of(RealServers.Kind.KAFKA, RealServers.Kind.POSTGRES, RealServers.Kind.S3))) {
            PostgresServer postgres = servers.postgres().orElseThrow();
            ShopDatabase shop = ShopDatabase.owner(postgres);
            shop.createShop(LIVE);
            Path ownerPassword = BackupServiceUnderTest.secretFile(state, "owner.password", shop.ownerPassword());
            Path superuserPassword = BackupServiceUnderTest.secretFile(state, "superuser.password", postgres.superuserPassword());
            Map<String, String> settings = new HashMap<>(BackupServiceUnderTest.sharedSettings(servers, state, "killkey"));
            long storedBytes;
            TopicEvents restoreEvents = new TopicEvents(new KafkaProbe(servers.kafka().orElseThrow().bootstrapServers()), Topics.RESTORE_EVENTS);
            try (BackupServiceUnderTest backups = BackupServiceUnderTest.start(servers, settings, "killkey", state)) {
                backups.register(ID, postgres, LIVE, ShopDatabase.OWNER, "file:" + ownerPassword);
                storedBytes = backups.backUp(ID, WAIT).sizeBytes();
            }
            shop.asOwner(LIVE, "DELETE FROM orders WHERE id <= 300");

            String restoreId;
            Path firstRun = restoreTarget(state.resolve("first"), postgres, superuserPassword, true);
            ServiceProcess first = ServiceProcess.start(root, "restore-service", LoopbackPorts.free(), settings, firstRun);
            try {
                HttpResponse<String> asked = post(first, """
                        {"databaseId":"kill","source":{"kind":"LATEST"},"target":{"kind":"IN_PLACE","confirmed":true},"safetyBackup":false}""");
                assertThat(asked.statusCode()).as(asked.body()).isEqualTo(202);
                restoreId = JsonPath.from(asked.body()).getString("restoreId");
                await().atMost(WAIT).until(() -> first.logTail().contains("paused at BETWEEN_RENAMES"));
                // held there, the restore is RUNNING and says how far it came (its heartbeat, each 5 s, writes it): the whole archive read
                JsonPath running = await().atMost(Duration.ofSeconds(30)).until(() -> JsonPath.from(get(first, "/api/restores/" + restoreId)),
                        view -> view.get("progress") != null && view.getInt("progress.percent") == 100);
                assertThat(running.getString("status")).isEqualTo("RUNNING");
                assertThat(running.getLong("progress.bytesDone")).isEqualTo(storedBytes);
                assertThat(running.getLong("progress.bytesExpected")).isEqualTo(storedBytes);
                assertThat(running.getInt("progress.percent")).isEqualTo(100);
                assertThat(running.getLong("progress.estimatedSecondsLeft")).isZero();
                java.util.regex.Matcher gauge = java.util.regex.Pattern.compile(
                        "(?m)^lifeboat_restore_progress_expected_bytes\\{database=\"kill\"[^}]*} (\\S+)$").matcher(get(first, "/q/metrics"));
                assertThat(gauge.find()).as("lifeboat_restore_progress_expected_bytes of kill").isTrue();
                assertThat((long) Double.parseDouble(gauge.group(1))).isEqualTo(storedBytes);
                ProcessHandle.of(first.pid()).ifPresent(ProcessHandle::destroyForcibly);
                await().atMost(WAIT).until(() -> ProcessHandle.of(first.pid()).map(process -> !process.isAlive()).orElse(true));
            } finally {
                first.close();
            }
            await().atMost(Duration.ofSeconds(30)).until(() -> TestDatabases.databasesLike(postgres, LIVE).size() == 1);

            Path secondRun = restoreTarget(state.resolve("second"), postgres, superuserPassword, false);
            try (ServiceProcess second = ServiceProcess.start(root, "restore-service", LoopbackPorts.free(), settings, secondRun)) {
                RestoreFailed failed = restoreEvents.await(RestoreFailed.class, restoreId, WAIT).data();
                assertThat(failed.errorCode()).isEqualTo("INTERRUPTED");
                assertThat(restoreEvents.all(RestoreCompleted.class, event -> restoreId.equals(event.correlationId()))).isEmpty();
                try (Connection connection = postgres.connect(LIVE)) {
                    assertThat(connection.isValid(5)).isTrue();
                }
                assertThat(TestDatabases.count(postgres, LIVE, "SELECT count(*) FROM orders")).isEqualTo(1700);
                assertThat(TestDatabases.databasesLike(postgres, LIVE + "_restore_%")).isEmpty();
                assertThat(TestDatabases.databasesLike(postgres, LIVE + "_pre_restore_%")).isEmpty();
                assertThat(second.logTail()).doesNotContain(postgres.superuserPassword());
            }
        }
    }

    /**
     * A working directory whose {@code config/application.properties} (read by Quarkus from the working directory)
     * makes {@code kill} a restore target, with a 10 s stale-after, and, for the first run, the pause in the swap.
     */
    private static Path restoreTarget(Path workDir, PostgresServer postgres, Path superuserPassword, boolean pause) throws Exception {
        String prefix = "lifeboat.restore.databases." + ID + ".";
        String properties = prefix + "host=" + postgres.host() + "\n" + prefix + "port=" + postgres.port() + "\n"
                + prefix + "database=" + LIVE + "\n" + prefix + "username=" + postgres.superuser() + "\n"
                + prefix + "credential-ref=file:" + superuserPassword + "\n"
                + "lifeboat.restore.stale-after=PT10S\n"
                + (pause ? "lifeboat.restore.pause-at." + ID + "=BETWEEN_RENAMES\n" : "");
        Files.writeString(Files.createDirectories(workDir.resolve("config")).resolve("application.properties"), properties);
        return workDir;
    }

    private static String get(ServiceProcess service, String path) throws Exception {
        return HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(service.url() + path))
                .header("Authorization", "Bearer " + LocalTokens.forTest("viewer")).GET().build(), HttpResponse.BodyHandlers.ofString()).body();
    }

    private static HttpResponse<String> post(ServiceProcess service, String json) throws Exception {
        return HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(service.url() + "/api/restores"))
                .header("Authorization", "Bearer " + LocalTokens.forTest("admin")).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(json)).build(), HttpResponse.BodyHandlers.ofString());
    }
}
