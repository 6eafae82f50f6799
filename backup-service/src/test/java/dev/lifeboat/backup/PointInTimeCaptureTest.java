package dev.lifeboat.backup;

import dev.lifeboat.changes.slot.CaptureNames;
import dev.lifeboat.events.backup.BackupCompleted;
import dev.lifeboat.events.backup.BackupTrigger;
import dev.lifeboat.events.capture.CaptureResumed;
import dev.lifeboat.events.capture.CaptureRetainingWal;
import dev.lifeboat.events.capture.CaptureStopped;
import dev.lifeboat.events.envelope.CloudEvent;
import dev.lifeboat.realservers.RealServers;
import dev.lifeboat.realservers.kafka.KafkaProbe;
import dev.lifeboat.realservers.postgres.PostgresServer;
import dev.lifeboat.realservers.quarkus.InjectRealServers;
import dev.lifeboat.realservers.tokens.LocalTokens;
import io.quarkus.scheduler.Scheduler;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import io.restassured.path.json.JsonPath;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The backup service captures every database registered with {@code pointInTime}, on real PostgreSQL 15
 * ({@code wal_level=logical}), real Kafka and S3Proxy: into the bucket as it commits, exactly once across replicas,
 * reported when it stops and resumes, with a backup after a schema change, and its slot dropped when it is removed.
 */
@QuarkusTest
class PointInTimeCaptureTest {

    private static final Duration WAIT = Duration.ofSeconds(60);
    private static final String ROLE = "capture_owner";

    @InjectRealServers
    RealServers servers;

    @Inject
    Scheduler scheduler;

    private PostgresServer postgres;
    private BackupEvents events;
    private String passwordRef;

    @BeforeEach
    void setUp() {
        postgres = servers.postgres().orElseThrow();
        events = new BackupEvents(new KafkaProbe(servers.kafka().orElseThrow().bootstrapServers()));
        String password = "capture-" + Long.toHexString(Double.doubleToLongBits(Math.random()));
        postgres.execute("DO $$ BEGIN CREATE ROLE " + ROLE + " LOGIN; EXCEPTION WHEN duplicate_object THEN NULL; END $$");
        postgres.execute("ALTER ROLE " + ROLE + " REPLICATION PASSWORD '" + password + "'");
        passwordRef = ProtectedDatabases.passwordRef("capture", password);
    }

    @Test
    void aDatabaseRegisteredForPointInTimeIsCapturedAsItCommitsAndAfterASchemaChangeABackupEndsTheGap() throws Exception {
        createLedger("ledger");
        register("ledger", "ledger");
        await().atMost(WAIT).until(() -> slotActive("ledger", "ledger"));

        BackupCompleted backup = events.await(BackupCompleted.class, requestBackup("ledger"), WAIT).data();
        postgres.execute("ledger", "INSERT INTO entry (amount, note) SELECT i, 'after the backup' FROM generate_series(1, 50) i");
        Instant committed = Instant.now();

        await().atMost(WAIT).untilAsserted(() -> {
            JsonPath window = window("ledger");
            assertThat(window.getString("capture.state")).isEqualTo("RUNNING");
            // the capture's role has REPLICATION, not a superuser's right to create event triggers
            assertThat(window.getString("capture.schemaChanges")).isEqualTo("gaps at schema changes");
            assertThat(window.getString("capture.schemaChangesWhy")).contains("may not create event triggers");
            assertThat((Object) window.get("capture.retainedWalBytes")).as("WAL the slot keeps, measured").isNotNull();
            assertThat(window.getString("from")).isEqualTo(backup.completedAt().toString());
            assertThat(window.getString("to")).isNotNull().satisfies(to -> assertThat(Instant.parse(to)).isAfter(committed));
            assertThat(window.getList("unreachable")).isEmpty();
        });
        String metrics = metrics();
        assertThat(metric(metrics, "lifeboat_capture_running", "ledger")).isEqualTo(1.0);
        assertThat(metric(metrics, "lifeboat_capture_segments_total", "ledger")).isGreaterThanOrEqualTo(1.0);
        assertThat(metric(metrics, "lifeboat_capture_segment_bytes_total", "ledger")).isPositive();
        assertThat(metric(metrics, "lifeboat_capture_archive_age_seconds", "ledger")).isBetween(0.0, 30.0);
        assertThat(metric(metrics, "lifeboat_capture_lag_seconds", "ledger")).isBetween(0.0, 30.0);
        assertThat(metric(metrics, "lifeboat_capture_retained_wal_bytes", "ledger")).isGreaterThanOrEqualTo(0.0);

        postgres.execute("ledger", "ALTER TABLE entry ADD COLUMN memo text; INSERT INTO entry (amount, memo) VALUES (1, 'new column')");
        CloudEvent<BackupCompleted> afterChange = events.await(BackupCompleted.class,
                event -> event.data().databaseId().equals("ledger") && event.data().trigger() == BackupTrigger.SCHEMA_CHANGE, WAIT)
                .orElseThrow(() -> new AssertionError("no SCHEMA_CHANGE backup of ledger after its column was added"));
        await().atMost(WAIT).untilAsserted(() -> {
            JsonPath window = window("ledger");
            assertThat(window.getList("unreachable")).hasSize(1);
            assertThat(window.getString("unreachable[0].table")).isEqualTo("public.entry");
            assertThat(window.getString("unreachable[0].reason")).contains("entry");
            assertThat(window.getString("unreachable[0].until")).isEqualTo(afterChange.data().completedAt().toString());
            assertThat(window.getString("to")).isNotNull()
                    .satisfies(to -> assertThat(Instant.parse(to)).isAfter(afterChange.data().completedAt()));
        });

        remove("ledger");
        await().atMost(WAIT).until(() -> slots("ledger") == 0 && publications("ledger") == 0);
        assertThat(metrics()).doesNotContain("database=\"ledger\"");
    }

    @Test
    void theChangeTimelineFindsTheDeleteWithoutAWhereByItsSizeKindAndTableAndRefusesWhatItCannotAnswer() throws Exception {
        createLedger("timeline");
        register("timeline", "timeline");
        await().atMost(WAIT).until(() -> slotActive("timeline", "timeline"));
        Instant before = Instant.now();
        postgres.execute("timeline", "INSERT INTO entry (amount, note) VALUES (1, 'one more')");
        postgres.execute("timeline", "DELETE FROM entry");
        postgres.execute("timeline", "INSERT INTO entry (amount, note) VALUES (2, 'after')");

        await().atMost(WAIT).untilAsserted(() -> {
            JsonPath largest = changes("timeline", "order=rows&limit=1&from=" + before).statusCode(200).extract().jsonPath();
            assertThat((Object) largest.get("transactions[0].tables['public.entry'].deleted")).isEqualTo(101);
            assertThat((Object) largest.get("transactions[0].rowsTouched")).isEqualTo(101);
            assertThat(largest.getString("transactions[0].lsn")).matches("[0-9A-F]+/[0-9A-F]+");
            assertThat(largest.getString("order")).isEqualTo("rows");
        });
        JsonPath deletes = changes("timeline", "kind=delete&table=entry&from=" + before).statusCode(200).extract().jsonPath();
        assertThat(deletes.getList("transactions")).hasSize(1);
        assertThat(deletes.getInt("transactions[0].tables['public.entry'].deleted")).isEqualTo(101);
        JsonPath all = changes("timeline", "from=" + before).statusCode(200).extract().jsonPath();
        assertThat(all.getList("transactions.tables['public.entry'].inserted", Integer.class)).containsExactly(1, 0, 1);
        assertThat(all.getList("transactions.committedAt", String.class)).isSorted();
        assertThat(all.getString("next")).isNull();
        assertThat(changes("timeline", "from=" + before).extract().asString()).contains("public.entry")
                .doesNotContain("one more").doesNotContain("after"); // never a row's values

        changes("timeline", "kind=drop").statusCode(400).body("error", org.hamcrest.Matchers.containsString(
                "kind must be one of insert|update|delete|truncate|schema, not 'drop'"));
        changes("timeline", "from=yesterday").statusCode(400).body("error", org.hamcrest.Matchers.containsString("from must be an ISO-8601 instant"));
        changes("timeline", "limit=0").statusCode(400).body("error", org.hamcrest.Matchers.containsString("limit must be between 1 and 1000"));
        changes("timeline", "order=rows&after=0/16").statusCode(400).body("error", org.hamcrest.Matchers.containsString("after pages an order by time only"));
        changes("nobody", "").statusCode(404).body("error", org.hamcrest.Matchers.containsString("no registered database with id 'nobody'"));
        given().when().get("/api/databases/timeline/changes").then().statusCode(401);
        postgres.execute("CREATE DATABASE plain_timeline");
        given().auth().oauth2(LocalTokens.forTest("admin")).contentType("application/json")
                .body("{\"id\":\"plain\",\"host\":\"" + postgres.host() + "\",\"port\":" + postgres.port()
                        + ",\"database\":\"plain_timeline\",\"username\":\"" + ROLE + "\",\"credentialRef\":\"" + passwordRef + "\"}")
                .when().post("/api/databases").then().statusCode(201);
        changes("plain", "").statusCode(422).body("error", org.hamcrest.Matchers.containsString("plain is not captured for point-in-time restore"));

        remove("plain");
        remove("timeline");
        await().atMost(WAIT).until(() -> slots("timeline") == 0);
    }

    private static io.restassured.response.ValidatableResponse changes(String id, String query) {
        return given().auth().oauth2(LocalTokens.forTest("viewer")).when().get("/api/databases/" + id + "/changes" + (query.isEmpty() ? "" : "?" + query)).then();
    }

    @Test
    void aRegistrationThatNamesTheSameServerAnotherWayKeepsItsSlotAndItsWindowWhole() throws Exception {
        createLedger("ledger_renamed");
        register("renamed", "ledger_renamed");
        await().atMost(WAIT).until(() -> slotActive("renamed", "ledger_renamed"));
        BackupCompleted backup = events.await(BackupCompleted.class, requestBackup("renamed"), WAIT).data();
        postgres.execute("ledger_renamed", "INSERT INTO entry (amount, note) VALUES (1, 'before the new name')");

        given().auth().oauth2(LocalTokens.forTest("admin")).contentType("application/merge-patch+json")
                .body("{\"host\":\"localhost\"}").when().patch("/api/databases/renamed").then().statusCode(200);
        await().atMost(WAIT).until(() -> count("lifeboat", "SELECT count(*) FROM backup.capture_lease"
                + " WHERE database_id = 'renamed' AND host = 'localhost'") == 1 && slotActive("renamed", "ledger_renamed"));
        postgres.execute("ledger_renamed", "INSERT INTO entry (amount, note) VALUES (2, 'under the new name')");
        Instant committed = Instant.now();

        await().atMost(WAIT).untilAsserted(() -> {
            JsonPath window = window("renamed");
            assertThat(window.getString("capture.state")).isEqualTo("RUNNING");
            assertThat(window.getString("from")).isEqualTo(backup.completedAt().toString());
            assertThat(Instant.parse(window.getString("to"))).isAfter(committed);
            // a new slot would leave the seconds before it unreachable (its predecessor dropped with what it had not sent)
            assertThat(window.getList("unreachable")).as("the same server by another name: the same slot, no gap").isEmpty();
        });

        remove("renamed");
        await().atMost(WAIT).until(() -> slots("ledger_renamed") == 0);
    }

    @Test
    void aCaptureThatCannotStreamIsReportedStoppedOnceWithHowToFixItAndResumedWhenItCan() throws Exception {
        createLedger("ledger_noreplication");
        postgres.execute("CREATE ROLE stuck_owner LOGIN PASSWORD 'stuck-owner-pw'");
        postgres.execute("ALTER DATABASE ledger_noreplication OWNER TO stuck_owner");
        postgres.execute("ledger_noreplication", "ALTER TABLE entry OWNER TO stuck_owner; ALTER TABLE loose OWNER TO stuck_owner");
        register("stuck", "ledger_noreplication", "stuck_owner", ProtectedDatabases.passwordRef("stuck", "stuck-owner-pw"));

        CaptureStopped stopped = events.await(CaptureStopped.class, event -> event.data().databaseId().equals("stuck"), WAIT)
                .orElseThrow(() -> new AssertionError("no CaptureStopped for a role that may not replicate")).data();
        assertThat(stopped.errorCode()).isEqualTo("NOT_READY");
        assertThat(stopped.message()).contains("REPLICATION").contains("rds_replication").doesNotContain("stuck-owner-pw");
        JsonPath window = window("stuck");
        assertThat(window.getString("capture.state")).isEqualTo("STOPPED");
        assertThat(window.getString("capture.code")).isEqualTo("NOT_READY");
        assertThat(window.getString("from")).isNull();
        assertThat(metric(metrics(), "lifeboat_capture_running", "stuck")).isEqualTo(0.0);

        // several retries, each failing the same way: it stays stopped throughout
        await().during(Duration.ofSeconds(4)).atMost(Duration.ofSeconds(10))
                .until(() -> "STOPPED".equals(window("stuck").getString("capture.state")));
        postgres.execute("ALTER ROLE stuck_owner REPLICATION");
        CaptureResumed resumed = events.await(CaptureResumed.class, event -> event.data().databaseId().equals("stuck"), WAIT)
                .orElseThrow(() -> new AssertionError("no CaptureResumed once the role may replicate")).data();
        assertThat(resumed.stoppedAt()).isNotNull();
        assertThat(events.all(CaptureStopped.class, event -> event.data().databaseId().equals("stuck")))
                .as("stopped once, however many retries failed").hasSize(1);
        assertThat(window("stuck").getString("capture.state")).isEqualTo("RUNNING");

        // stopped again, now with its slot in place: the WAL the slot keeps on the server is measured still, and grows
        await().atMost(WAIT).until(() -> window("stuck").getString("capture.retainedWalBytes") != null);
        postgres.execute("ALTER ROLE stuck_owner NOREPLICATION");
        postgres.execute("SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE usename = 'stuck_owner'");
        await().atMost(WAIT).until(() -> "STOPPED".equals(window("stuck").getString("capture.state")));
        long keptWhenStopped = window("stuck").getLong("capture.retainedWalBytes");
        postgres.execute("ledger_noreplication", "INSERT INTO entry (amount, note) SELECT i, repeat('w', 200) FROM generate_series(1, 40000) i");
        await().atMost(WAIT).untilAsserted(() -> {
            assertThat(window("stuck").getLong("capture.retainedWalBytes")).as("the WAL kept, while the capture is stopped")
                    .isGreaterThan(keptWhenStopped + 8_000_000);
            assertThat(metric(metrics(), "lifeboat_capture_retained_wal_bytes", "stuck")).isGreaterThan(keptWhenStopped + 8_000_000.0);
        });
        // past the limit (6 MB under test, 10 GiB by default): told once, as the capture is stopped
        CaptureRetainingWal retaining = events.await(CaptureRetainingWal.class, event -> event.data().databaseId().equals("stuck"), WAIT)
                .orElseThrow(() -> new AssertionError("no CaptureRetainingWal for a stopped capture's slot past the limit")).data();
        assertThat(retaining.captureStopped()).isTrue();
        assertThat(retaining.limitBytes()).isEqualTo(6_000_000);
        // the limit has one home: the API answers it and the metric the alert compares with carries it
        assertThat(window("stuck").getLong("capture.retainedWalLimitBytes")).isEqualTo(6_000_000);
        assertThat(metric(metrics(), "lifeboat_capture_retained_wal_limit_bytes", "stuck")).isEqualTo(6_000_000.0);
        assertThat(retaining.retainedWalBytes()).isGreaterThan(6_000_000);
        postgres.execute("ALTER ROLE stuck_owner REPLICATION");

        remove("stuck");
        await().atMost(WAIT).until(() -> slots("ledger_noreplication") == 0);
    }

    @Test
    void aCaptureHeldByAReplicaThatDiedIsTakenOverOnceItsLeaseRunsOut() throws Exception {
        createLedger("ledger_takeover");
        Instant deadUntil = Instant.now().plusSeconds(10);
        postgres.execute("lifeboat", "INSERT INTO backup.capture_lease (database_id, holder, until, host, port, database_name,"
                + " username) VALUES ('takeover', 'capture-replica-that-died', '" + deadUntil + "', 'gone', 1, 'gone', 'gone')");
        register("takeover", "ledger_takeover");

        // not taken while the dead replica's lease holds
        await().during(Duration.ofSeconds(3)).atMost(Duration.ofSeconds(6)).until(() -> !slotActive("takeover", "ledger_takeover"));
        await().atMost(WAIT).until(() -> slotActive("takeover", "ledger_takeover"));
        assertThat(Instant.now()).isAfter(deadUntil);
        assertThat(window("takeover").getString("capture.state")).isEqualTo("RUNNING");

        remove("takeover");
        await().atMost(WAIT).until(() -> slots("ledger_takeover") == 0);
    }

    @Test
    void aCaptureWhoseLeaseWasNotRenewedInTimeStopsItselfAndStartsAgainOnceItIs() throws Exception {
        createLedger("ledger_renewal");
        register("renewal", "ledger_renewal");
        await().atMost(WAIT).until(() -> slotActive("renewal", "ledger_renewal"));
        await().atMost(WAIT).untilAsserted(() -> {
            String metrics = metrics(); // nothing committed since it started: every series is there all the same
            assertThat(metric(metrics, "lifeboat_capture_lag_seconds", "renewal")).isEqualTo(0.0);
            assertThat(metric(metrics, "lifeboat_capture_segment_bytes_total", "renewal")).isEqualTo(0.0);
            assertThat(metric(metrics, "lifeboat_capture_gaps_total", "renewal")).isEqualTo(0.0);
        });

        scheduler.pause(); // no tick renews the lease: as when the service's own database is out of reach
        try {
            await().atMost(WAIT).until(() -> !slotActive("renewal", "ledger_renewal"));
        } finally {
            scheduler.resume();
        }
        await().atMost(WAIT).until(() -> slotActive("renewal", "ledger_renewal"));
        assertThat(window("renewal").getString("capture.state")).isEqualTo("RUNNING");

        remove("renewal");
        await().atMost(WAIT).until(() -> slots("ledger_renewal") == 0);
    }

    private void createLedger(String database) {
        postgres.execute("CREATE DATABASE " + database + " OWNER " + ROLE);
        postgres.execute(database, "CREATE TABLE entry (id bigserial PRIMARY KEY, amount numeric(12,2), note text);"
                + " CREATE TABLE loose (x int); INSERT INTO entry (amount, note) SELECT i, 'before' FROM generate_series(1, 100) i;"
                + " ALTER TABLE entry OWNER TO " + ROLE + "; ALTER TABLE loose OWNER TO " + ROLE);
    }

    private void register(String id, String database) {
        register(id, database, ROLE, passwordRef);
    }

    private void register(String id, String database, String username, String credentialRef) {
        given().auth().oauth2(LocalTokens.forTest("admin")).contentType("application/json")
                .body("{\"id\":\"" + id + "\",\"host\":\"" + postgres.host() + "\",\"port\":" + postgres.port() + ",\"database\":\""
                        + database + "\",\"username\":\"" + username + "\",\"credentialRef\":\"" + credentialRef
                        + "\",\"pointInTime\":{\"enabled\":true,\"window\":\"P1D\"}}")
                .when().post("/api/databases").then().statusCode(201);
    }

    private static void remove(String id) {
        given().auth().oauth2(LocalTokens.forTest("admin")).when().delete("/api/databases/" + id).then().statusCode(204);
    }

    private static String requestBackup(String databaseId) {
        return given().auth().oauth2(LocalTokens.forTest("operator")).contentType("application/json")
                .body("{\"databaseId\":\"" + databaseId + "\"}").when().post("/api/backups").then().statusCode(202)
                .extract().path("requestId");
    }

    private static JsonPath window(String id) {
        return given().auth().oauth2(LocalTokens.forTest("viewer")).when().get("/api/databases/" + id + "/point-in-time")
                .then().statusCode(200).extract().jsonPath();
    }

    private static String metrics() {
        return given().when().get("/q/metrics").then().statusCode(200).extract().asString();
    }

    private static double metric(String metrics, String name, String database) {
        Matcher value = Pattern.compile("(?m)^" + name + "\\{[^}]*database=\"" + database + "\"[^}]*} (\\S+)$").matcher(metrics);
        assertThat(value.find()).as(name + " of " + database + " in /q/metrics").isTrue();
        return Double.parseDouble(value.group(1));
    }

    private boolean slotActive(String id, String database) throws SQLException {
        return count(database, "SELECT count(*) FROM pg_replication_slots WHERE slot_name = '" + CaptureNames.of(id).slot()
                + "' AND active") == 1;
    }

    private long slots(String database) throws SQLException {
        return count(database, "SELECT count(*) FROM pg_replication_slots WHERE database = current_database()");
    }

    private long publications(String database) throws SQLException {
        return count(database, "SELECT count(*) FROM pg_publication");
    }

    private long count(String database, String sql) throws SQLException {
        try (Connection connection = postgres.connect(database); ResultSet result = connection.createStatement().executeQuery(sql)) {
            result.next();
            return result.getLong(1);
        }
    }
}
