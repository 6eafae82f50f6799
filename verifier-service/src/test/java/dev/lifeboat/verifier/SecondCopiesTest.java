package dev.lifeboat.verifier;

import dev.lifeboat.backup.fixtures.BackupServiceTestStack;
import dev.lifeboat.events.Topics;
import dev.lifeboat.events.backup.BackupCompleted;
import dev.lifeboat.events.verification.VerificationPassed;
import dev.lifeboat.realservers.RealServers;
import dev.lifeboat.realservers.kafka.KafkaProbe;
import dev.lifeboat.realservers.kafka.TopicEvents;
import dev.lifeboat.realservers.quarkus.InjectRealServers;
import dev.lifeboat.realservers.s3.S3Server;
import dev.lifeboat.realservers.tokens.LocalTokens;
import dev.lifeboat.archive.copy.CopySettings;
import dev.lifeboat.archive.copy.SecondBucket;
import dev.lifeboat.verifier.copy.CopyRetention;
import dev.lifeboat.verifier.copy.SecondCopies;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.stream.Stream;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Issue 50 part 2: each verified backup is copied to the second bucket (another S3 server, credentials of its own), byte
 * for byte and manifest last; a primary archive that no longer matches its manifest is not copied, and a second bucket
 * that does not answer leaves no manifest there: both are recorded, counted, and copied at the next run once mended. A
 * captured database's change archive is copied as it grows, never a damaged segment nor anything after it.
 */
@QuarkusTest
class SecondCopiesTest {

    private static final Duration WAIT = Duration.ofMinutes(2);

    @InjectRealServers
    RealServers servers;

    @Inject
    SecondCopies copies;

    @Inject
    MeterRegistry registry;

    @Inject
    SecondBucket secondBucket;

    @Inject
    CopySettings settings;

    private TopicEvents verificationEvents;

    @BeforeEach
    void connect() {
        verificationEvents = new TopicEvents(new KafkaProbe(servers.kafka().orElseThrow().bootstrapServers()), Topics.VERIFICATION_EVENTS);
    }

    @Test
    void aVerifiedBackupIsCopiedToTheSecondBucketByteForByteWithItsManifest() throws Exception {
        BackupCompleted backup = verified();
        double copiedBefore = counted("copied");

        assertThat(copies.runOnce()).contains(backup.backupId());

        assertThat(Files.readAllBytes(second(backup.objectKey()))).isEqualTo(Files.readAllBytes(primary(backup.objectKey())));
        assertThat(Files.readString(second(backup.manifestKey()))).isEqualTo(Files.readString(primary(backup.manifestKey())));
        assertThat(field(backup, "copiedAt")).isNotNull();
        assertThat(counted("copied")).isGreaterThan(copiedBefore);
        assertThat(copies.runOnce()).as("a backup copied once is not copied again").doesNotContain(backup.backupId());
        await("the catalog knows the copy").atMost(WAIT).until(() -> given().auth().oauth2(LocalTokens.forTest("viewer"))
                .queryParam("databaseId", "shop").queryParam("size", 500)
                .when().get(VerifierTestStack.backupService().url() + "/api/backups").then().statusCode(200).extract().jsonPath()
                .getString("items.find { it.backupId == '%s' }.copiedAt".formatted(backup.backupId())) != null);
    }

    @Test
    void aPrimaryArchiveThatNoLongerMatchesItsManifestIsNotCopiedUntilItDoes() throws Exception {
        // the verifier's check passed, then the bucket's bytes changed: the copy must not spread the damage
        BackupCompleted backup = verified();
        VerifierFlowTest.flipAByte(primary(backup.objectKey()));
        double failedBefore = counted("failed");

        assertThat(copies.runOnce()).doesNotContain(backup.backupId());

        assertThat(second(backup.manifestKey())).doesNotExist();
        assertThat(second(backup.objectKey())).doesNotExist();
        assertThat(field(backup, "copyFailure")).contains("was not copied").contains("SHA-256");
        assertThat(field(backup, "copiedAt")).isNull();
        assertThat(counted("failed")).isGreaterThan(failedBefore);
        await("the lag grows while a verified backup waits for its copy").atMost(Duration.ofSeconds(30))
                .until(() -> copies.runOnce().isEmpty() && lagSeconds() >= 2);

        VerifierFlowTest.flipAByte(primary(backup.objectKey()));
        assertThat(copies.runOnce()).contains(backup.backupId());
        assertThat(field(backup, "copyFailure")).isNull();
        assertThat(Files.readAllBytes(second(backup.objectKey()))).isEqualTo(Files.readAllBytes(primary(backup.objectKey())));
    }

    @Test
    void aPrimaryWhoseArchiveAndManifestWereBothRewrittenAfterVerificationIsNotCopied() throws Exception {
        BackupCompleted backup = verified();
        Path archive = primary(backup.objectKey());
        VerifierFlowTest.flipAByte(archive);
        String forged = java.util.HexFormat.of().formatHex(java.security.MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(archive)));
        Path manifest = primary(backup.manifestKey());
        Files.writeString(manifest, Files.readString(manifest).replace(backup.sha256(), forged));

        assertThat(copies.runOnce()).doesNotContain(backup.backupId());

        assertThat(second(backup.manifestKey())).doesNotExist();
        assertThat(field(backup, "copyFailure")).contains("no longer says what was verified");
    }

        @Test
    void whileTheSecondBucketIsDownNothingIsCopiedHalfAndTheNextRunCopiesIt() throws Exception {
        BackupCompleted backup = verified();

        try (AutoCloseable down = BackupServiceTestStack.secondBucket().outage()) {
            assertThat(copies.runOnce()).doesNotContain(backup.backupId());
        }

        assertThat(second(backup.manifestKey())).doesNotExist();
        assertThat(field(backup, "copyFailure")).isNotNull();
        await().atMost(WAIT).until(() -> copies.runOnce().contains(backup.backupId()));
        assertThat(second(backup.manifestKey())).exists();
    }

    @Test
    void aCapturedDatabasesChangeArchiveIsCopiedAsItGrows() throws Exception {
        List<Path> stored = newSegments(900001);

        copies.runOnce();

        for (Path manifest : stored) {
            assertThat(Files.readString(second(key(manifest)))).as(key(manifest)).isEqualTo(Files.readString(manifest));
        }
    }

    @Test
    void theSecondBucketsChangeArchiveIsKeptToWhatItsBackupCopiesStartFromAndWhatItRetiredIsNotCopiedAgain() throws Exception {
        List<Path> beforeTheBackup = newSegments(910001);
        verified(VerifierTestStack.POINT_IN_TIME);
        List<Path> afterTheBackup = newSegments(920001);
        copies.runOnce();
        assertThat(beforeTheBackup).allMatch(manifest -> Files.exists(second(key(manifest))));

        // every copy now completed more than lifeboat.copy.keep ago: a restore to the cutoff starts from the newest aligned one
        new CopyRetention(secondBucket, settings, Clock.offset(Clock.systemUTC(), settings.keep().plusDays(2))).runOnce();

        String retained = "changes/" + VerifierTestStack.POINT_IN_TIME + "/retained-from.json";
        assertThat(second(retained)).as("the copy's own record of where its segments begin").exists();
        for (Path manifest : beforeTheBackup) {
            assertThat(second(key(manifest))).as("retired from the copy: " + key(manifest)).doesNotExist();
            assertThat(manifest).as("the primary keeps its own").exists();
        }
        assertThat(afterTheBackup).allMatch(manifest -> Files.exists(second(key(manifest))));
        copies.runOnce();
        assertThat(beforeTheBackup).as("not copied again").noneMatch(manifest -> Files.exists(second(key(manifest))));
        if (Files.exists(primary(retained))) {
            assertThat(Files.readString(second(retained))).as("the primary's record is not copied").isNotEqualTo(Files.readString(primary(retained)));
        }
    }

    @Test
    void aDamagedOrMissingSegmentOfThePrimaryIsNotCopiedNorAnythingAfterItUntilItIsMended() throws Exception {
        List<Path> damaged = newSegments(930001);
        List<Path> after = newSegments(940001);
        Path object = primary(new com.fasterxml.jackson.databind.ObjectMapper().readTree(Files.readString(damaged.get(0)))
                .path("objectKey").asText());
        byte[] stored = Files.readAllBytes(object);
        byte[] flipped = stored.clone();
        flipped[flipped.length / 2] ^= 0x01;
        Files.write(object, flipped);
        double failedBefore = counted("failed");

        copies.runOnce();

        assertThat(second(key(object))).as("the damaged object is not copied").doesNotExist();
        assertThat(second(key(damaged.get(0)))).as("nor its manifest").doesNotExist();
        assertThat(after).as("nor any segment after it: the copy holds no hole in the stream")
                .noneMatch(manifest -> Files.exists(second(key(manifest))));
        assertThat(counted("failed")).isGreaterThan(failedBefore);

        Path aside = object.resolveSibling(object.getFileName() + ".aside");
        Files.move(object, aside);
        copies.runOnce();
        assertThat(second(key(damaged.get(0)))).as("a manifest whose object the primary lost is not copied").doesNotExist();
        assertThat(after).noneMatch(manifest -> Files.exists(second(key(manifest))));

        Files.move(aside, object);
        Files.write(object, stored);
        copies.runOnce();

        assertThat(second(key(object))).as("mended, it is copied").hasBinaryContent(stored);
        for (Path manifest : java.util.stream.Stream.concat(damaged.stream(), after.stream()).toList()) {
            assertThat(Files.readString(second(key(manifest)))).as(key(manifest)).isEqualTo(Files.readString(manifest));
        }
    }

    @Test
    void anUploadToTheSecondBucketLeftOpenLongerThanACopyTakesIsAbortedAndAFreshOneIsLeftAlone() throws Exception {
        var client = dev.lifeboat.backup.TestBucket.client(BackupServiceTestStack.secondBucket());
        String abandoned = client.createMultipartUpload(b -> b.bucket(BackupServiceTestStack.SECOND_BUCKET)
                .key("backups/shop/2026/11/29/abandoned/dump.pgc.zst")).uploadId();
        String anotherApplications = client.createMultipartUpload(b -> b.bucket(BackupServiceTestStack.SECOND_BUCKET)
                .key("elsewhere/report.csv")).uploadId();

        new CopyRetention(secondBucket, settings, Clock.systemUTC()).runOnce();
        assertThat(dev.lifeboat.backup.TestBucket.openUploads(client, BackupServiceTestStack.SECOND_BUCKET))
                .as("begun just now: a copy that may still be running").anyMatch(upload -> upload.uploadId().equals(abandoned));

        new CopyRetention(secondBucket, settings, Clock.offset(Clock.systemUTC(), settings.abandonedUploadsAfter().plusMinutes(1))).runOnce();
        assertThat(dev.lifeboat.backup.TestBucket.openUploads(client, BackupServiceTestStack.SECOND_BUCKET))
                .noneMatch(upload -> upload.uploadId().equals(abandoned))
                .as("an upload outside Lifeboat's folders is not Lifeboat's to end").anyMatch(upload -> upload.uploadId().equals(anotherApplications));
        client.abortMultipartUpload(b -> b.bucket(BackupServiceTestStack.SECOND_BUCKET).key("elsewhere/report.csv").uploadId(anotherApplications));
    }

    /** Inserts rows into the captured database and waits for the segments that hold them; returns their manifests. */
    private List<Path> newSegments(int firstId) throws Exception {
        Path archive = primary("changes/" + VerifierTestStack.POINT_IN_TIME);
        List<Path> earlier = segmentManifests(archive);
        servers.postgres().orElseThrow().execute(VerifierTestStack.POINT_IN_TIME_DATABASE,
                "INSERT INTO item SELECT i, 'copied' FROM generate_series(" + firstId + ", " + (firstId + 99) + ") i");
        await("a segment of the captured database is stored").atMost(WAIT).until(() -> segmentManifests(archive).size() > earlier.size());
        return segmentManifests(archive).stream().filter(manifest -> !earlier.contains(manifest)).toList();
    }

    private String key(Path primaryObject) {
        return servers.s3().orElseThrow().bucketDir(RealServers.BUCKET).relativize(primaryObject).toString();
    }

    private static List<Path> segmentManifests(Path archive) throws Exception {
        if (!Files.isDirectory(archive)) {
            return List.of();
        }
        try (Stream<Path> files = Files.walk(archive)) {
            return files.filter(file -> file.getFileName().toString().equals("manifest.json")).toList();
        }
    }

    private BackupCompleted verified() {
        return verified("shop");
    }

    private BackupCompleted verified(String databaseId) {
        BackupCompleted backup = VerifierTestStack.backupService().backUp(databaseId, WAIT);
        await().atMost(WAIT).until(() -> !verificationEvents.all(VerificationPassed.class,
                event -> backup.backupId().equals(event.data().backupId())).isEmpty());
        await().atMost(WAIT).until(() -> "PASSED".equals(field(backup, "status")));
        return backup;
    }

    private double counted(String outcome) {
        return registry.get("lifeboat.copy.backups").tag("outcome", outcome).counter().count();
    }

    private double lagSeconds() {
        return registry.get("lifeboat.copy.lag").gauge().value();
    }

    private Path primary(String key) {
        return servers.s3().orElseThrow().bucketDir(RealServers.BUCKET).resolve(key);
    }

    private static Path second(String key) {
        S3Server second = BackupServiceTestStack.secondBucket();
        return second.bucketDir(BackupServiceTestStack.SECOND_BUCKET).resolve(key);
    }

    private static String field(BackupCompleted backup, String name) {
        return given().auth().oauth2(LocalTokens.forTest("viewer")).queryParam("databaseId", backup.databaseId()).queryParam("size", 500)
                .when().get("/api/verifications").then().statusCode(200).extract().jsonPath()
                .getString("items.find { it.backupId == '%s' }.%s".formatted(backup.backupId(), name));
    }
}
