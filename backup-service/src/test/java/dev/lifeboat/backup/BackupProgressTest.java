package dev.lifeboat.backup;

import dev.lifeboat.events.backup.BackupCompleted;
import dev.lifeboat.realservers.RealServers;
import dev.lifeboat.realservers.kafka.KafkaProbe;
import dev.lifeboat.realservers.postgres.PostgresServer;
import dev.lifeboat.realservers.quarkus.InjectRealServers;
import dev.lifeboat.realservers.tokens.LocalTokens;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import org.junit.jupiter.api.Test;

import java.sql.Connection;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicReference;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A running backup says how far it has come: its request's {@code progress} (pg_dump's bytes so far against the
 * database's size, the rate, the time left) and the {@code lifeboat_backup_progress_*} gauges, written with its
 * heartbeat; both go once it ends. {@code GET /api/backups/requests?status=RUNNING} lists it with its progress. The
 * bucket's server is frozen (SIGSTOP) to hold the backup running.
 */
@QuarkusTest
class BackupProgressTest {

    @InjectRealServers
    RealServers servers;

    @Test
    void aRunningBackupShowsItsProgressAgainstTheDatabasesSizeInItsStatusAndMetricsUntilItEnds() throws Exception {
        PostgresServer postgres = servers.postgres().orElseThrow();
        ProtectedDatabases.create(postgres);
        ProtectedDatabases.registerOnTestServer(postgres, "progress-db", "tiny", "");
        long size;
        try (Connection connection = postgres.connect("tiny");
             ResultSet result = connection.createStatement().executeQuery("SELECT pg_database_size(current_database())")) {
            result.next();
            size = result.getLong(1);
        }
        String requestId;
        AtomicReference<JsonPath> running = new AtomicReference<>();
        try (AutoCloseable frozen = servers.s3().orElseThrow().freeze()) {
            requestId = given().auth().oauth2(LocalTokens.forTest("operator")).contentType("application/json")
                    .body("{\"databaseId\":\"progress-db\"}").when().post("/api/backups").then().statusCode(202).extract().path("requestId");
            await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(200)).until(() -> {
                var answer = given().auth().oauth2(LocalTokens.forTest("viewer")).when().get("/api/backups/requests/" + requestId);
                JsonPath body = answer.jsonPath();
                running.set(body);
                return answer.statusCode() == 200 && "RUNNING".equals(body.getString("status")) && body.get("progress") != null;
            });
            assertThat(running.get().getLong("progress.bytesExpected")).isEqualTo(size);
            assertThat(running.get().getLong("progress.bytesDone")).isBetween(0L, size);
            assertThat(running.get().getInt("progress.percent")).isBetween(0, 100);
            assertThat(gauge("lifeboat_backup_progress_expected_bytes")).isEqualTo(size);
            JsonPath runningNow = given().auth().oauth2(LocalTokens.forTest("viewer")).when()
                    .get("/api/backups/requests?status=RUNNING&databaseId=progress-db").then().statusCode(200).extract().jsonPath();
            assertThat(runningNow.getList("items.requestId")).containsExactly(requestId);
            assertThat(runningNow.getLong("items[0].progress.bytesExpected")).isEqualTo(size);
        }
        given().auth().oauth2(LocalTokens.forTest("viewer")).when().get("/api/backups/requests?status=SOMETIME").then().statusCode(400)
                .body("code", org.hamcrest.Matchers.equalTo("INVALID_REQUEST"))
                .body("error", org.hamcrest.Matchers.containsString("status must be RECEIVED, RUNNING, RETRYING, COMPLETED or FAILED"));
        new BackupEvents(new KafkaProbe(servers.kafka().orElseThrow().bootstrapServers()))
                .await(BackupCompleted.class, requestId, Duration.ofMinutes(2));
        JsonPath ended = given().auth().oauth2(LocalTokens.forTest("viewer")).when().get("/api/backups/requests/" + requestId)
                .then().statusCode(200).extract().jsonPath();
        assertThat(ended.getString("status")).isEqualTo("COMPLETED");
        assertThat(ended.getMap("$")).containsEntry("progress", null);
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(gauge("lifeboat_backup_progress_expected_bytes")).isZero());
    }

    private static long gauge(String name) {
        String metrics = given().when().get("/q/metrics").then().statusCode(200).extract().asString();
        Matcher value = Pattern.compile("(?m)^" + name + "\\{database=\"progress-db\"[^}]*} (\\S+)$").matcher(metrics);
        assertThat(value.find()).as(name + " of progress-db in /q/metrics").isTrue();
        return (long) Double.parseDouble(value.group(1));
    }
}
