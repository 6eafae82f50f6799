package dev.lifeboat.backup;

import dev.lifeboat.postgres.lock.DatabaseLock;
import dev.lifeboat.events.backup.BackupCompleted;
import dev.lifeboat.events.backup.BackupStarted;
import dev.lifeboat.events.envelope.CloudEvent;
import dev.lifeboat.realservers.RealServers;
import dev.lifeboat.realservers.kafka.KafkaProbe;
import dev.lifeboat.realservers.quarkus.InjectRealServers;
import dev.lifeboat.realservers.tokens.LocalTokens;
import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** One database is never backed up twice at once, and a repeated request id runs once. */
@QuarkusTest
class OneAtATimeTest {

    @InjectRealServers
    RealServers servers;

    private BackupEvents events;

    @BeforeEach
    void setUp() {
        ProtectedDatabases.create(servers.postgres().orElseThrow());
        ProtectedDatabases.registerOnTestServer(servers.postgres().orElseThrow(), "tiny", "tiny", "");
        events = new BackupEvents(new KafkaProbe(servers.kafka().orElseThrow().bootstrapServers()));
    }

    @Test
    void tenConcurrentRequestsForOneDatabaseRunOneAfterAnother() throws Exception {
        ExecutorService clients = Executors.newFixedThreadPool(10);
        List<Future<String>> posted = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            posted.add(clients.submit(() -> given().auth().oauth2(LocalTokens.forTest("operator")).contentType("application/json")
                    .body("{\"databaseId\":\"tiny\"}").when().post("/api/backups").then().statusCode(202).extract().<String>path("requestId")));
        }
        List<BackupCompleted> backups = new ArrayList<>();
        for (Future<String> requestId : posted) {
            backups.add(events.await(BackupCompleted.class, requestId.get(), Duration.ofSeconds(120)).data());
        }
        clients.shutdown();

        backups.sort(Comparator.comparing(BackupCompleted::startedAt));
        for (int i = 1; i < backups.size(); i++) {
            assertThat(backups.get(i).startedAt()).as("backup %d starts after backup %d completed", i, i - 1)
                    .isAfterOrEqualTo(backups.get(i - 1).completedAt());
        }
    }

    @Test
    void aRequestLeftRunningByAReplicaThatDiedIsTakenBackByTheNextScheduledLookAndCompleted() throws Exception {
        String requestId = "abandoned-" + UUID.randomUUID();
        // What a replica killed mid-backup leaves: RUNNING, its first attempt's heartbeat an hour old (stale-after is 2 min).
        servers.postgres().orElseThrow().execute("lifeboat", "INSERT INTO backup.backup_request (request_id, database_id, trigger, "
                + "requested_by, event_id, correlation_id, source, received_at, status, attempt, next_attempt_at, heartbeat_at) VALUES ('"
                + requestId + "', 'tiny', 'MANUAL', 'test', 'event-" + requestId + "', '" + requestId + "', '/test', "
                + "now() - interval '1 hour', 'RUNNING', 1, now() - interval '1 hour', now() - interval '1 hour')");

        BackupStarted started = events.await(BackupStarted.class, requestId, Duration.ofSeconds(60)).data();
        events.await(BackupCompleted.class, requestId, Duration.ofSeconds(60));

        assertThat(started.attempt()).as("the dead replica's attempt counts").isEqualTo(2);
    }

    @Test
    void aBackupWaitsWhileTheDatabaseIsLockedByAnotherServiceAndStartsWhenItIsReleased() throws Exception {
        String requestId = "locked-" + UUID.randomUUID();
        Instant released;
        try (Connection restore = DriverManager.getConnection(servers.postgres().orElseThrow().jdbcUrl("tiny"),
                ProtectedDatabases.OWNER, ProtectedDatabases.ownerPassword())) {
            // What the restore service does before it touches the database.
            try (ResultSet locked = restore.createStatement().executeQuery(DatabaseLock.TRY_LOCK_SQL)) {
                locked.next();
                assertThat(locked.getBoolean(1)).isTrue();
            }
            events.request(requestId, "tiny");
            await().atMost(Duration.ofSeconds(30)).untilAsserted(() ->
                    given().auth().oauth2(LocalTokens.forTest("viewer")).get("/api/backups/requests/" + requestId).then()
                            .body("status", org.hamcrest.Matchers.equalTo("RUNNING")));
            // While the lock is held, no BackupStarted appears (checked throughout two seconds).
            await().during(Duration.ofSeconds(2)).atMost(Duration.ofSeconds(5)).until(() ->
                    events.all(BackupStarted.class, e -> requestId.equals(e.correlationId())).isEmpty());
            released = Instant.now();
        }
        BackupStarted started = events.await(BackupStarted.class, requestId, Duration.ofSeconds(60)).data();
        assertThat(started.startedAt()).isAfterOrEqualTo(released.minusMillis(5));
        events.await(BackupCompleted.class, requestId, Duration.ofSeconds(60));
    }

    @Test
    void aRepeatedRequestIdIsBackedUpOnce() {
        String requestId = "twice-" + UUID.randomUUID();
        events.request(requestId, "tiny");
        events.request(requestId, "tiny");
        String after = "after-" + UUID.randomUUID();
        events.request(after, "tiny");

        events.await(BackupCompleted.class, after, Duration.ofSeconds(60));
        List<CloudEvent<BackupCompleted>> completed = events.all(BackupCompleted.class, e -> requestId.equals(e.correlationId()));
        assertThat(completed).hasSize(1);
        List<CloudEvent<BackupStarted>> started = events.all(BackupStarted.class, e -> requestId.equals(e.correlationId()));
        assertThat(started).hasSize(1);
    }
}
