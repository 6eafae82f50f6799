package dev.lifeboat.backup;

import dev.lifeboat.events.backup.BackupCompleted;
import dev.lifeboat.events.backup.BackupStarted;
import dev.lifeboat.realservers.RealServers;
import dev.lifeboat.realservers.kafka.KafkaProbe;
import dev.lifeboat.realservers.postgres.PostgresServer;
import dev.lifeboat.realservers.quarkus.InjectRealServers;
import dev.lifeboat.realservers.tokens.LocalTokens;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.sql.Connection;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;

/**
 * At most {@code maxConcurrentPerServer} backups run at once against one PostgreSQL server, whatever the replicas' free
 * threads; the rest wait in the queue, which says what holds them. On real PostgreSQL 15, Kafka and S3Proxy: a backup
 * whose pg_dump waits for a table lock that the test holds keeps its server's place for as long as the test wants.
 */
@QuarkusTest
class ServerLimitTest {

    private static final Duration WAIT = Duration.ofSeconds(90);

    @InjectRealServers
    RealServers servers;

    private BackupEvents events;
    private PostgresServer postgres;

    @BeforeEach
    void setUp() {
        postgres = servers.postgres().orElseThrow();
        ProtectedDatabases.create(postgres);
        events = new BackupEvents(new KafkaProbe(servers.kafka().orElseThrow().bootstrapServers()));
    }

    @Test
    void aServerAtItsLimitKeepsTheNextBackupWaitingUntilAPlaceIsFree() throws Exception {
        register("limit-a", ",\"maxConcurrentPerServer\":1");
        register("limit-b", ",\"maxConcurrentPerServer\":1");
        try {
            aServerAtItsLimitKeepsTheNextBackupWaiting();
        } finally {
            unregister("limit-a", "limit-b"); // the test server's limit is 2 again for the other tests
        }
    }

    private void aServerAtItsLimitKeepsTheNextBackupWaiting() throws Exception {
        given().auth().oauth2(LocalTokens.forTest("viewer")).when().get("/api/databases/limit-a")
                .then().statusCode(200).body("maxConcurrentPerServer", equalTo(1));
        String first;
        String second;
        try (Connection lock = lockTable("limit_a")) {
            first = requestBackup("limit-a");
            events.await(BackupStarted.class, first, WAIT); // its pg_dump now waits for the lock, holding the server's one place
            second = requestBackup("limit-b");
            await().atMost(WAIT).until(() -> "SERVER_FULL".equals(queued("limit-b").getString("items[0].hold")));
            JsonPath queue = queued("limit-b");
            assertThat(queue.getInt("items[0].place")).isPositive();
            assertThat(queue.getString("items[0].server")).isEqualTo(postgres.host() + ":" + postgres.port());
            assertThat(queue.<String, Object>getMap("servers").get(postgres.host() + ":" + postgres.port()))
                    .asInstanceOf(org.assertj.core.api.InstanceOfAssertFactories.MAP).containsEntry("running", 1);
            String server = "server=\"" + postgres.host() + ":" + postgres.port() + "\"";
            await().atMost(WAIT).until(() -> given().when().get("/q/metrics").then().extract().asString()
                    .contains("lifeboat_queue_running_backups{" + server + "} 1.0"));
            assertThat(given().when().get("/q/metrics").then().extract().asString())
                    .contains("lifeboat_queue_waiting_backups{" + server + "}", "lifeboat_queue_oldest_wait_seconds");
            await().during(Duration.ofSeconds(3)).atMost(WAIT)
                    .until(() -> events.all(BackupStarted.class, event -> event.data().requestId().equals(second)).isEmpty());
        }
        BackupCompleted firstDone = events.await(BackupCompleted.class, first, WAIT).data();
        BackupStarted secondStarted = events.await(BackupStarted.class, second, WAIT).data();
        events.await(BackupCompleted.class, second, WAIT);
        assertThat(secondStarted.startedAt()).isAfterOrEqualTo(firstDone.completedAt());
    }

    @Test
    void underTheLimitTheNextBackupOfTheSameServerRunsBesideABlockedOne() throws Exception {
        register("limit-c", ""); // the default, 2
        register("limit-d", "");
        try (Connection lock = lockTable("limit_c")) {
            String blocked = requestBackup("limit-c");
            events.await(BackupStarted.class, blocked, WAIT);
            String beside = requestBackup("limit-d");
            events.await(BackupCompleted.class, beside, WAIT);
            assertThat(events.all(BackupCompleted.class, event -> event.data().requestId().equals(blocked))).isEmpty();
            lock.rollback();
            events.await(BackupCompleted.class, blocked, WAIT);
        }
    }

    @Test
    void aServersLimitIsTheSmallestOfItsDatabasesSoTheOneGivenLessIsNotPassedOver() throws Exception {
        register("limit-e", ",\"maxConcurrentPerServer\":1");
        register("limit-f", ",\"maxConcurrentPerServer\":3");
        register("limit-g", ",\"maxConcurrentPerServer\":3");
        try {
            String lower;
            String higher;
            try (Connection lock = lockTable("limit_f")) {
                String blocked = requestBackup("limit-f");
                events.await(BackupStarted.class, blocked, WAIT); // one running of the server's one place (limit-e's 1)
                lower = requestBackup("limit-e");
                higher = requestBackup("limit-g"); // with its own limit, 3, it would start beside the blocked one
                await().atMost(WAIT).until(() -> "SERVER_FULL".equals(queued("limit-g").getString("items[0].hold")));
                assertThat(queued("limit-e").getString("items[0].hold")).isEqualTo("SERVER_FULL");
                await().during(Duration.ofSeconds(3)).atMost(WAIT).until(() -> events.all(BackupStarted.class,
                        event -> event.data().requestId().equals(higher) || event.data().requestId().equals(lower)).isEmpty());
            }
            BackupStarted lowerStarted = events.await(BackupStarted.class, lower, WAIT).data();
            BackupCompleted lowerDone = events.await(BackupCompleted.class, lower, WAIT).data();
            BackupStarted higherStarted = events.await(BackupStarted.class, higher, WAIT).data();
            assertThat(higherStarted.startedAt()).isAfterOrEqualTo(lowerDone.completedAt()).isAfter(lowerStarted.startedAt());
        } finally {
            unregister("limit-e", "limit-f", "limit-g"); // the test server's limit is 2 again for the other tests
        }
    }

    @Test
    void noBackupIsClaimedWhileAnotherReplicaHoldsTheClaimLock() throws Exception {
        register("limit-h", "");
        try (Connection lifeboat = postgres.connect(PostgresServer.DATABASE)) {
            lifeboat.setAutoCommit(false);
            lifeboat.createStatement().execute("SELECT pg_advisory_xact_lock(" + 0x4c_69_66_65_51_75_65L + ")"); // "LifeQue"
            String waiting = requestBackup("limit-h");
            await().during(Duration.ofSeconds(3)).atMost(WAIT)
                    .until(() -> events.all(BackupStarted.class, event -> event.data().requestId().equals(waiting)).isEmpty());
            lifeboat.rollback(); // the other replica's claim ends
            events.await(BackupCompleted.class, waiting, WAIT);
        } finally {
            unregister("limit-h");
        }
    }

    @Test
    void aLimitOutsideOneTo64IsRefusedNamingTheField() {
        for (String limit : List.of("0", "65")) {
            given().auth().oauth2(LocalTokens.forTest("admin")).contentType("application/json")
                    .body("{\"id\":\"limit-refused\",\"host\":\"localhost\",\"username\":\"u\",\"maxConcurrentPerServer\":" + limit + "}")
                    .when().post("/api/databases").then().statusCode(400)
                    .body("error", containsString("maxConcurrentPerServer must be 1-64, not " + limit));
        }
    }

    /** Removes the test's registrations; never fails, so that it hides no failure of the test it cleans up after. */
    private static void unregister(String... ids) {
        for (String id : ids) {
            given().auth().oauth2(LocalTokens.forTest("admin")).when().delete("/api/databases/" + id);
        }
    }

    private void register(String id, String extraJson) {
        ProtectedDatabases.createTiny(id.replace('-', '_'));
        ProtectedDatabases.registerOnTestServer(postgres, id, id.replace('-', '_'), extraJson);
    }

    /** Holds an ACCESS EXCLUSIVE lock on the database's table until the connection closes: pg_dump waits for it. */
    private Connection lockTable(String database) throws Exception {
        Connection connection = postgres.connect(database);
        connection.setAutoCommit(false);
        connection.createStatement().execute("LOCK TABLE item IN ACCESS EXCLUSIVE MODE");
        return connection;
    }

    private static JsonPath queued(String databaseId) {
        return given().auth().oauth2(LocalTokens.forTest("viewer")).queryParam("databaseId", databaseId)
                .when().get("/api/backups/queue").then().statusCode(200).extract().jsonPath();
    }

    private static String requestBackup(String databaseId) {
        return given().auth().oauth2(LocalTokens.forTest("operator")).contentType("application/json")
                .body(Map.of("databaseId", databaseId)).when().post("/api/backups").then().statusCode(202).extract().path("requestId");
    }
}
