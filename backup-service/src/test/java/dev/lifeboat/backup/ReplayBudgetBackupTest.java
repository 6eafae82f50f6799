package dev.lifeboat.backup;

import dev.lifeboat.backup.capture.CaptureArchives;
import dev.lifeboat.changes.segment.ReplayRate;
import dev.lifeboat.events.backup.BackupCompleted;
import dev.lifeboat.events.backup.BackupRequested;
import dev.lifeboat.events.backup.BackupTrigger;
import dev.lifeboat.events.envelope.CloudEvent;
import dev.lifeboat.realservers.RealServers;
import dev.lifeboat.realservers.kafka.KafkaProbe;
import dev.lifeboat.realservers.postgres.PostgresServer;
import dev.lifeboat.realservers.quarkus.InjectRealServers;
import dev.lifeboat.realservers.tokens.LocalTokens;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.function.Predicate;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.containsString;

/**
 * A database captured for point-in-time restore gets an aligned backup whenever the changes since its last one would
 * take longer to replay than its budget ({@code pointInTime.maxReplay}), at the rate its last replay measured: on real
 * PostgreSQL 15 ({@code wal_level=logical}), Kafka and S3Proxy.
 */
@QuarkusTest
class ReplayBudgetBackupTest {

    private static final Duration WAIT = Duration.ofSeconds(60);
    private static final String ROLE = "budget_owner";

    @InjectRealServers
    RealServers servers;

    @Inject
    CaptureArchives archives;

    @Test
    void changesThatWouldReplayLongerThanTheBudgetGetAnAlignedBackupAndTheNextChangesCountFromIt() throws Exception {
        PostgresServer postgres = servers.postgres().orElseThrow();
        BackupEvents events = new BackupEvents(new KafkaProbe(servers.kafka().orElseThrow().bootstrapServers()));
        String password = "budget-" + Long.toHexString(Double.doubleToLongBits(Math.random()));
        postgres.execute("DO $$ BEGIN CREATE ROLE " + ROLE + " LOGIN REPLICATION; EXCEPTION WHEN duplicate_object THEN NULL; END $$");
        postgres.execute("ALTER ROLE " + ROLE + " PASSWORD '" + password + "'");
        postgres.execute("CREATE DATABASE budget OWNER " + ROLE);
        postgres.execute("budget", "CREATE TABLE entry (id bigserial PRIMARY KEY, amount int); ALTER TABLE entry OWNER TO " + ROLE);
        // as if the last restore to the second of this database had replayed 5 row changes a second
        archives.reading().recordReplayRate(new ReplayRate("budget", 50_000, 10_000, Instant.now()));
        given().auth().oauth2(LocalTokens.forTest("admin")).contentType("application/json")
                .body("{\"id\":\"budget\",\"host\":\"" + postgres.host() + "\",\"port\":" + postgres.port() + ",\"username\":\""
                        + ROLE + "\",\"credentialRef\":\"" + ProtectedDatabases.passwordRef("budget", password)
                        + "\",\"pointInTime\":{\"enabled\":true,\"window\":\"P1D\",\"maxReplay\":\"PT1M\"}}")
                .when().post("/api/databases").then().statusCode(201).body("pointInTime.maxReplay", org.hamcrest.Matchers.equalTo("PT1M"));
        await().atMost(WAIT).until(() -> window().contains("\"state\":\"RUNNING\""));
        BackupCompleted first = events.await(BackupCompleted.class, requestBackup(), WAIT).data();

        insertAndWaitTillArchived(200); // 200 changes: 40 s at 5 a second, within the minute
        await().during(Duration.ofSeconds(3)).atMost(WAIT).until(() -> events.allRequested(overBudget()).isEmpty()); // within it

        insertAndWaitTillArchived(200); // 400 changes: 80 s, past it
        CloudEvent<BackupRequested> request = events.requested(overBudget(), WAIT)
                .orElseThrow(() -> new AssertionError("no REPLAY_BUDGET backup requested past the budget"));
        assertThat(request.data().requestedBy()).isEqualTo("lifeboat-capture");
        assertThat(request.data().labels()).containsEntry("replayBudget", "PT1M").containsEntry("replayRate", "5/s measured")
                .containsEntry("replayEstimate", "PT1M20S").containsEntry("rowChanges", "400");
        BackupCompleted aligned = events.await(BackupCompleted.class, request.data().requestId(), WAIT).data();
        assertThat(aligned.trigger()).isEqualTo(BackupTrigger.REPLAY_BUDGET);
        assertThat(aligned.completedAt()).isAfter(first.completedAt());

        insertAndWaitTillArchived(200); // counted from the new backup: 40 s again
        await().during(Duration.ofSeconds(3)).atMost(WAIT).until(() -> events.allRequested(overBudget()).size() == 1); // asked once

        given().auth().oauth2(LocalTokens.forTest("admin")).when().delete("/api/databases/budget").then().statusCode(204);
    }

    @Test
    void aBudgetOutsideOneMinuteToADayIsRefusedNamingTheField() {
        given().auth().oauth2(LocalTokens.forTest("admin")).contentType("application/json")
                .body("{\"id\":\"budget-refused\",\"host\":\"localhost\",\"username\":\"u\","
                        + "\"pointInTime\":{\"enabled\":true,\"maxReplay\":\"PT10S\"}}")
                .when().post("/api/databases").then().statusCode(400)
                .body("error", containsString("pointInTime.maxReplay must be an ISO-8601 duration from PT1M to PT24H"));
    }

    private void insertAndWaitTillArchived(int rows) throws Exception {
        servers.postgres().orElseThrow().execute("budget", "INSERT INTO entry (amount) SELECT i FROM generate_series(1, " + rows + ") i");
        Instant committed = Instant.now();
        await().atMost(WAIT).until(() -> {
            String to = given().auth().oauth2(LocalTokens.forTest("viewer")).when().get("/api/databases/budget/point-in-time")
                    .then().statusCode(200).extract().path("to");
            return to != null && Instant.parse(to).isAfter(committed.plusSeconds(1));
        });
    }

    private static Predicate<CloudEvent<BackupRequested>> overBudget() {
        return event -> event.data().databaseId().equals("budget") && event.data().trigger() == BackupTrigger.REPLAY_BUDGET;
    }

    private static String window() {
        return given().auth().oauth2(LocalTokens.forTest("viewer")).when().get("/api/databases/budget/point-in-time")
                .then().statusCode(200).extract().asString();
    }

    private static String requestBackup() {
        return given().auth().oauth2(LocalTokens.forTest("operator")).contentType("application/json")
                .body("{\"databaseId\":\"budget\"}").when().post("/api/backups").then().statusCode(202).extract().path("requestId");
    }
}
