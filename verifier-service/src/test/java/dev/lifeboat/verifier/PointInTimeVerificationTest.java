package dev.lifeboat.verifier;

import dev.lifeboat.events.Topics;
import dev.lifeboat.events.backup.BackupCompleted;
import dev.lifeboat.events.restore.RestoreCompleted;
import dev.lifeboat.events.verification.RestoreTestCompleted;
import dev.lifeboat.events.verification.VerificationCheck;
import dev.lifeboat.events.verification.VerificationFailed;
import dev.lifeboat.events.verification.VerificationPassed;
import dev.lifeboat.realservers.RealServers;
import dev.lifeboat.realservers.kafka.KafkaProbe;
import dev.lifeboat.realservers.kafka.TopicEvents;
import dev.lifeboat.realservers.postgres.PostgresServer;
import dev.lifeboat.realservers.quarkus.InjectRealServers;
import dev.lifeboat.realservers.tokens.LocalTokens;
import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The change archive the real backup service captures (point-in-time) is followed by the verifier: every segment read
 * back whole and continuous, its freshness measured by it, a damaged segment reported once, then its repair; and a
 * restore test replays it onto the backup to a random second.
 */
@QuarkusTest
class PointInTimeVerificationTest {

    private static final Duration WAIT = Duration.ofMinutes(2);
    private static final String ID = VerifierTestStack.POINT_IN_TIME;

    @InjectRealServers
    RealServers servers;

    @Test
    void aCapturedDatabasesSegmentsAreReadBackItsFreshnessFollowsTheArchiveAndADamagedSegmentIsReportedOnce() throws Exception {
        PostgresServer postgres = servers.postgres().orElseThrow();
        TopicEvents verifications = new TopicEvents(new KafkaProbe(servers.kafka().orElseThrow().bootstrapServers()),
                Topics.VERIFICATION_EVENTS);
        BackupCompleted backup = VerifierTestStack.backupService().backUp(ID, WAIT);
        verifications.await(VerificationPassed.class, event -> backup.backupId().equals(event.data().backupId()), WAIT).orElseThrow();
        postgres.execute(VerifierTestStack.POINT_IN_TIME_DATABASE, "INSERT INTO item SELECT i, 'after' FROM generate_series(101, 200) i");
        Instant committed = Instant.now();

        await().atMost(WAIT).until(() -> verifiedUntil(postgres) != null && verifiedUntil(postgres).isAfter(committed));
        // the backup ages past 10 s; the archive, checked every second, keeps the RPO low
        await().atMost(WAIT).until(() -> Duration.between(backup.completedAt(), Instant.now()).toSeconds() > 11);
        double rpo = metric("lifeboat_verifier_rpo_seconds");
        assertThat(rpo).as("freshness follows the checked archive, not the %d s old backup",
                Duration.between(backup.completedAt(), Instant.now()).toSeconds()).isLessThan(10);

        Path segment = oldestSegment();
        VerifierFlowTest.flipAByte(segment);
        // a run already under way may write back the position it reached after the reset: reset until one reads it again
        await().atMost(WAIT).pollDelay(Duration.ZERO).pollInterval(Duration.ofSeconds(4)).until(() -> {
            if (!verifications.all(VerificationFailed.class, event -> ID.equals(event.data().databaseId())
                    && event.data().check() == VerificationCheck.CHANGE_ARCHIVE).isEmpty()) {
                return true;
            }
            recheckFromTheStart(postgres);
            return false;
        });
        VerificationFailed damaged = verifications.await(VerificationFailed.class, event -> ID.equals(event.data().databaseId())
                && event.data().check() == VerificationCheck.CHANGE_ARCHIVE, WAIT).orElseThrow().data();
        assertThat(damaged.details()).contains(bucketKey(segment)).contains("damaged");
        // several runs find it again: reported once throughout
        await().during(Duration.ofSeconds(3)).atMost(Duration.ofSeconds(6)).until(() -> verifications.all(VerificationFailed.class,
                event -> ID.equals(event.data().databaseId()) && event.data().check() == VerificationCheck.CHANGE_ARCHIVE).size() == 1);
        assertThat(metricOf("lifeboat_verifier_failures_total", "check=\"CHANGE_ARCHIVE\"")).isEqualTo(1.0);
        assertThat(metric("lifeboat_verifier_change_archive_broken")).isEqualTo(1.0);

        VerifierFlowTest.flipAByte(segment);
        VerificationPassed repaired = verifications.await(VerificationPassed.class, event -> ID.equals(event.data().databaseId())
                && event.data().check() == VerificationCheck.CHANGE_ARCHIVE, WAIT).orElseThrow().data();
        assertThat(repaired.details()).contains("whole and continuous again");
        assertThat(metric("lifeboat_verifier_change_archive_broken")).isEqualTo(0.0);

        // a segment's transaction summaries (the change timeline) are read back too
        Path summaries = segment.resolveSibling(timelineOf(segment));
        VerifierFlowTest.flipAByte(summaries);
        await().atMost(WAIT).pollDelay(Duration.ZERO).pollInterval(Duration.ofSeconds(4)).until(() -> {
            if (verifications.all(VerificationFailed.class, event -> ID.equals(event.data().databaseId())
                    && event.data().check() == VerificationCheck.CHANGE_ARCHIVE).size() == 2) {
                return true;
            }
            recheckFromTheStart(postgres);
            return false;
        });
        assertThat(verifications.all(VerificationFailed.class, event -> ID.equals(event.data().databaseId())
                && event.data().check() == VerificationCheck.CHANGE_ARCHIVE).get(1).data().details())
                .contains(bucketKey(summaries)).contains("damaged");
        VerifierFlowTest.flipAByte(summaries);
        await().atMost(WAIT).until(() -> metric("lifeboat_verifier_change_archive_broken") == 0.0);
    }

    /** The name of the summaries object beside a segment's object. */
    private static String timelineOf(Path segment) throws Exception {
        try (Stream<Path> files = Files.list(segment.getParent())) {
            return files.map(file -> file.getFileName().toString()).filter(name -> name.startsWith("timeline.jsonl")).findFirst()
                    .orElseThrow(() -> new AssertionError("no change timeline beside " + segment));
        }
    }

    @Test
    void aRestoreTestOfACapturedDatabaseReplaysItsArchiveToARandomSecondAndChecksTheReplayedRows() throws Exception {
        PostgresServer postgres = servers.postgres().orElseThrow();
        TopicEvents verifications = new TopicEvents(new KafkaProbe(servers.kafka().orElseThrow().bootstrapServers()),
                Topics.VERIFICATION_EVENTS);
        BackupCompleted backup = VerifierTestStack.backupService().backUp(ID, WAIT);
        verifications.await(VerificationPassed.class, event -> backup.backupId().equals(event.data().backupId()), WAIT).orElseThrow();
        long base = backup.tableRowCounts().get("public.item");
        Thread.sleep(2_000);
        Instant before = sourceNow(postgres);
        postgres.execute(VerifierTestStack.POINT_IN_TIME_DATABASE, "INSERT INTO item SELECT i, 'replayed' FROM generate_series(1001, 1050) i");
        Instant after = sourceNow(postgres);
        await().atMost(WAIT).until(() -> verifiedUntil(postgres) != null && verifiedUntil(postgres).isAfter(after.plusSeconds(2)));

        String testId = given().auth().oauth2(LocalTokens.forTest("operator")).contentType("application/json")
                .body("{\"databaseId\":\"" + ID + "\"}").when().post("/api/restore-tests").then().statusCode(202).extract().path("testId");
        RestoreTestCompleted completed = verifications.await(RestoreTestCompleted.class, testId, WAIT).data();

        assertThat(completed.passed()).isTrue();
        assertThat(completed.backupId()).isEqualTo(backup.backupId());
        RestoreCompleted.PointReached point = completed.pointReached();
        assertThat(point).as("a captured database is tested at a second of its window").isNotNull();
        assertThat(point.target()).isAfterOrEqualTo(backup.completedAt().minusSeconds(1)).isBefore(Instant.now());
        String report = Files.readString(servers.s3().orElseThrow().bucketDir(RealServers.BUCKET).resolve(completed.reportKey()));
        assertThat(report).contains("| Point in time | " + point.target());
        Matcher restored = Pattern.compile("\\| public\\.item \\| (\\d+) \\|").matcher(report);
        assertThat(restored.find()).isTrue();
        long rows = Long.parseLong(restored.group(1));
        if (point.target().isBefore(before)) {
            assertThat(rows).as("at %s, before the insert", point.target()).isEqualTo(base);
        } else if (!point.target().isBefore(after)) {
            assertThat(rows).as("at %s, after the insert", point.target()).isEqualTo(base + 50);
            assertThat(point.transactions()).isGreaterThanOrEqualTo(1);
        } else {
            assertThat(rows).as("at %s, the second of the insert", point.target()).isIn(base, base + 50);
        }
    }

    private static Instant sourceNow(PostgresServer postgres) throws Exception {
        try (Connection connection = postgres.connect(VerifierTestStack.POINT_IN_TIME_DATABASE);
             ResultSet now = connection.createStatement().executeQuery("SELECT clock_timestamp()")) {
            now.next();
            return now.getTimestamp(1).toInstant();
        }
    }

    private Instant verifiedUntil(PostgresServer postgres) throws Exception {
        try (Connection connection = postgres.connect(PostgresServer.DATABASE);
             ResultSet row = connection.createStatement().executeQuery(
                     "SELECT archive_verified_until FROM verifier.watched_database WHERE database_id = '" + ID + "'")) {
            return row.next() && row.getTimestamp(1) != null ? row.getTimestamp(1).toInstant() : null;
        }
    }

    /** As after a restart that lost the verifier's position: every segment is read again. */
    private static void recheckFromTheStart(PostgresServer postgres) {
        postgres.execute(PostgresServer.DATABASE, "UPDATE verifier.watched_database SET archive_checked_lsn = NULL,"
                + " archive_verified_until = NULL WHERE database_id = '" + ID + "'");
    }

    private Path oldestSegment() throws Exception {
        Path changes = servers.s3().orElseThrow().bucketDir(RealServers.BUCKET).resolve("changes").resolve(ID);
        try (Stream<Path> files = Files.walk(changes)) {
            List<Path> segments = files.filter(file -> file.getFileName().toString().matches("changes(-.*)?\\.jsonl.*")).sorted(Comparator.naturalOrder()).toList();
            assertThat(segments).isNotEmpty();
            return segments.get(0);
        }
    }

    private String bucketKey(Path file) {
        return servers.s3().orElseThrow().bucketDir(RealServers.BUCKET).relativize(file).toString();
    }

    private static double metric(String name) {
        return metricOf(name, "");
    }

    private static double metricOf(String name, String label) {
        String metrics = given().when().get("/q/metrics").then().statusCode(200).extract().asString();
        Matcher value = Pattern.compile("(?m)^" + name + "\\{(?=[^}]*database=\"" + ID + "\")(?=[^}]*" + Pattern.quote(label) + ")[^}]*} (\\S+)$")
                .matcher(metrics);
        assertThat(value.find()).as(name + " of " + ID + " " + label).isTrue();
        return Double.parseDouble(value.group(1));
    }
}
