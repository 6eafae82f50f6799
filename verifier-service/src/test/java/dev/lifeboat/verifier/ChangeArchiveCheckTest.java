package dev.lifeboat.verifier;

import dev.lifeboat.events.Topics;
import dev.lifeboat.events.backup.BackupCompleted;
import dev.lifeboat.events.verification.VerificationCheck;
import dev.lifeboat.events.verification.VerificationFailed;
import dev.lifeboat.events.verification.VerificationPassed;
import dev.lifeboat.realservers.RealServers;
import dev.lifeboat.realservers.kafka.KafkaProbe;
import dev.lifeboat.realservers.kafka.TopicEvents;
import dev.lifeboat.realservers.postgres.PostgresServer;
import dev.lifeboat.realservers.quarkus.InjectRealServers;
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
 * back whole and continuous, its freshness measured by it, and a damaged segment reported once, then its repair.
 */
@QuarkusTest
class ChangeArchiveCheckTest {

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
        Thread.sleep(15_000); // the backup ages; the archive, checked every second, keeps the RPO low
        double rpo = metric("lifeboat_verifier_rpo_seconds");
        assertThat(rpo).as("freshness follows the checked archive, not the %d s old backup",
                Duration.between(backup.completedAt(), Instant.now()).toSeconds()).isLessThan(10);

        Path segment = oldestSegment();
        VerifierFlowTest.flipAByte(segment);
        recheckFromTheStart(postgres);
        VerificationFailed damaged = verifications.await(VerificationFailed.class, event -> ID.equals(event.data().databaseId())
                && event.data().check() == VerificationCheck.CHANGE_ARCHIVE, WAIT).orElseThrow().data();
        assertThat(damaged.details()).contains(bucketKey(segment)).contains("damaged");
        Thread.sleep(3_000); // several runs find it again
        assertThat(verifications.all(VerificationFailed.class, event -> ID.equals(event.data().databaseId())
                && event.data().check() == VerificationCheck.CHANGE_ARCHIVE)).as("reported once").hasSize(1);
        assertThat(metricOf("lifeboat_verifier_failures_total", "check=\"CHANGE_ARCHIVE\"")).isEqualTo(1.0);

        VerifierFlowTest.flipAByte(segment);
        VerificationPassed repaired = verifications.await(VerificationPassed.class, event -> ID.equals(event.data().databaseId())
                && event.data().check() == VerificationCheck.CHANGE_ARCHIVE, WAIT).orElseThrow().data();
        assertThat(repaired.details()).contains("whole and continuous again");
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
            List<Path> segments = files.filter(file -> file.getFileName().toString().startsWith("changes.jsonl")).sorted(Comparator.naturalOrder()).toList();
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
