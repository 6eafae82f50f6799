package dev.lifeboat.restore;

import dev.lifeboat.archive.bucket.BucketObjects;
import dev.lifeboat.archive.bucket.BucketSettings;
import dev.lifeboat.archive.bucket.S3Clients;
import dev.lifeboat.archive.copy.BackupCopy;
import dev.lifeboat.archive.upload.BucketUploads;
import dev.lifeboat.changes.segment.ChangeArchive;
import dev.lifeboat.changes.segment.ChangeArchiveCopy;
import dev.lifeboat.changes.slot.CaptureNames;
import dev.lifeboat.d1.D1Location;
import dev.lifeboat.events.backup.BackupCompleted;
import dev.lifeboat.events.restore.RestoreCompleted;
import dev.lifeboat.events.restore.RestoreFailed;
import dev.lifeboat.realservers.RealServers;
import dev.lifeboat.realservers.postgres.PostgresServer;
import dev.lifeboat.realservers.quarkus.InjectRealServers;
import dev.lifeboat.realservers.s3.S3Server;
import dev.lifeboat.realservers.tokens.LocalTokens;
import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.s3.S3Client;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;

/**
 * A restore reads the second bucket's copy when the primary's archive fails its checksum, when the primary no longer
 * holds the backup, and while the primary's server is down; the copy's rows and schema equal the source's, and
 * {@code RestoreCompleted} says the copy was read and why; so is a second of a captured database, from the copies of its
 * aligned backup and its change archive. Without a copy the restore fails, saying the second bucket had
 * none. A D1 restore stages the copy as PostgreSQL's reads it. The copies are made by the code the verifier copies with
 * ({@link BackupCopy}).
 */
@QuarkusTest
class SecondCopyRestoreTest {

    private static final Duration WAIT = Duration.ofMinutes(3);

    @InjectRealServers
    RealServers servers;

    private Flows flows;
    private PostgresServer postgres;

    @BeforeEach
    void setUp() {
        flows = new Flows(servers);
        postgres = servers.postgres().orElseThrow();
    }

    @Test
    void aBackupWhosePrimaryArchiveFailsItsChecksumIsRestoredFromTheSecondBucketsCopy() throws Exception {
        BackupCompleted backup = flows.backup("shop");
        copyToSecondBucket(backup);
        flipAByteInThePrimaryArchiveOf(backup);

        RestoreCompleted completed = restoreById(backup, "shop_from_copy_checksum");

        assertThat(completed.readFromCopy()).startsWith("the primary bucket: ").containsAnyOf("CHECKSUM", "ENCRYPTION_TAG");
        assertSameAsShop("shop_from_copy_checksum");
        given().auth().oauth2(LocalTokens.forTest("viewer")).when().get("/api/restores/" + completed.restoreId()).then().statusCode(200)
                .body("readFromCopy", equalTo(completed.readFromCopy()));
    }

    @Test
    void aBackupGoneFromThePrimaryIsRestoredFromTheSecondBucketsCopy() throws Exception {
        BackupCompleted backup = flows.backup("shop");
        copyToSecondBucket(backup);
        Path folder = servers.s3().orElseThrow().bucketDir(RealServers.BUCKET).resolve(backup.manifestKey()).getParent();
        try (Stream<Path> files = Files.walk(folder)) {
            files.sorted(Comparator.reverseOrder()).forEach(file -> file.toFile().delete());
        }
        assertThat(folder).doesNotExist();

        RestoreCompleted completed = restoreById(backup, "shop_from_copy_missing");

        assertThat(completed.readFromCopy()).startsWith("the primary bucket: NO_BACKUP");
        assertSameAsShop("shop_from_copy_missing");
    }

    @Test
    void whileThePrimaryServerIsDownTheLatestBackupIsRestoredFromTheSecondBucketsCopy() throws Exception {
        BackupCompleted backup = flows.backup("shop");
        copyToSecondBucket(backup);

        RestoreCompleted completed;
        try (AutoCloseable down = servers.s3().orElseThrow().outage()) {
            String restoreId = flows.restore("""
                    {"databaseId":"shop","source":{"kind":"LATEST"},"target":{"kind":"NEW_DATABASE","databaseName":"shop_from_copy_outage"}}""");
            completed = flows.completed(restoreId, WAIT);
        }

        assertThat(completed.backupId()).isEqualTo(backup.backupId());
        assertThat(completed.readFromCopy()).startsWith("the primary bucket: STORAGE_FAILED");
        assertSameAsShop("shop_from_copy_outage");
    }

    @Test
    void whileThePrimaryServerIsDownASecondIsRestoredFromTheSecondBucketsCopyOfTheBackupAndTheChangeArchive() throws Exception {
        String databaseId = RestoreTestStack.POINT_IN_TIME;
        String database = RestoreTestStack.POINT_IN_TIME_DATABASE;
        ChangeArchive archive = PointInTimeRestoreFlowTest.archive(servers.s3().orElseThrow());
        String slot = CaptureNames.of(databaseId).slot();
        // as the stack starts it: captured (PointInTimeRestoreFlowTest turns capture off at its end)
        given().baseUri(RestoreTestStack.backupService().url()).auth().oauth2(LocalTokens.forTest("admin"))
                .contentType("application/merge-patch+json").body("{\"pointInTime\":{\"enabled\":true}}")
                .when().patch("/api/databases/" + databaseId).then().statusCode(200);
        await().atMost(WAIT).until(() -> PointInTimeRestoreFlowTest.slotActive(postgres, slot));
        BackupCompleted backup = flows.backup(databaseId);
        PointInTimeRestoreFlowTest.sql(postgres, "UPDATE customer SET balance = balance + 7 WHERE id % 3 = 0; DELETE FROM orders WHERE id % 11 = 0");
        Instant moment = PointInTimeRestoreFlowTest.nextSecond(postgres);
        Map<String, String> then = TestDatabases.contentChecksums(postgres, database);
        PointInTimeRestoreFlowTest.sql(postgres, "UPDATE orders SET total = total + 1");
        PointInTimeRestoreFlowTest.awaitCoverage(archive, PointInTimeRestoreFlowTest.nextSecond(postgres));
        copyToSecondBucket(backup);
        withBuckets((primary, second, uploads) -> assertThat(ChangeArchiveCopy.copy(databaseId, primary, second, uploads)).isPositive());

        RestoreCompleted completed;
        try (AutoCloseable down = servers.s3().orElseThrow().outage()) {
            String restoreId = flows.restore("""
                    {"databaseId":"%s","source":{"kind":"POINT_IN_TIME","pointInTime":"%s"},"target":{"kind":"NEW_DATABASE","databaseName":"pitr_from_copy"}}"""
                    .formatted(databaseId, moment));
            completed = flows.completed(restoreId, WAIT);
        }

        assertThat(completed.backupId()).isEqualTo(backup.backupId());
        assertThat(completed.readFromCopy()).startsWith("the primary bucket: STORAGE_FAILED");
        assertThat(completed.pointReached().target()).isEqualTo(moment);
        assertThat(completed.pointReached().transactions()).isPositive();
        assertThat(TestDatabases.contentChecksums(postgres, "pitr_from_copy")).isEqualTo(then);
    }

    @Test
    void aTablesRestoreWhoseArchiveIsGoneFromThePrimaryReadsTheSecondBucketsCopy() throws Exception {
        BackupCompleted backup = flows.backup("shop");
        copyToSecondBucket(backup);
        Map<String, String> before = TestDatabases.contentChecksums(postgres, "shop");
        Files.delete(servers.s3().orElseThrow().bucketDir(RealServers.BUCKET).resolve(backup.objectKey()));

        String restoreId = flows.restore("""
                {"databaseId":"shop","source":{"kind":"BACKUP_ID","backupId":"%s"},"target":{"kind":"TABLES","tables":["public.customer"]},"safetyBackup":false}"""
                .formatted(backup.backupId()));
        RestoreCompleted completed = flows.completed(restoreId, WAIT);

        assertThat(completed.readFromCopy()).startsWith("the primary bucket: BACKUP_MISSING");
        assertThat(TestDatabases.contentChecksums(postgres, "shop")).isEqualTo(before);
    }

    @Test
    void aBackupDeletedOnPurposeIsNotRestoredFromTheSecondBucketsCopy() throws Exception {
        BackupCompleted backup = flows.backup("shop");
        copyToSecondBucket(backup);
        given().baseUri(RestoreTestStack.backupService().url()).auth().oauth2(LocalTokens.forTest("admin")).queryParam("force", true)
                .when().delete("/api/backups/" + backup.backupId()).then().statusCode(204);

        given().auth().oauth2(LocalTokens.forTest("admin")).contentType("application/json").body("""
                {"databaseId":"shop","source":{"kind":"BACKUP_ID","backupId":"%s"},"target":{"kind":"NEW_DATABASE","databaseName":"shop_deleted"}}"""
                .formatted(backup.backupId())).when().post("/api/restores").then().statusCode(422)
                .body("code", equalTo("NO_BACKUP")).body("error", containsString("is deleted"));
        assertThat(TestDatabases.databasesLike(postgres, "shop_deleted")).isEmpty();
    }

    /** Before, a D1 restore staged only the primary's archive, and one failing its checksum failed the restore. */
    @Test
    void aD1BackupWhosePrimaryArchiveFailsItsChecksumIsRestoredFromTheSecondBucketsCopy() throws Exception {
        D1Location live = D1Portal.live(RestoreTestStack.D1_FOLDER);
        Map<String, List<String>> atBackup = D1Portal.rows(live);
        BackupCompleted backup = flows.backup(RestoreTestStack.D1);
        copyToSecondBucket(backup);
        flipAByteInThePrimaryArchiveOf(backup);
        String copy = "portal_from_copy_" + UUID.randomUUID().toString().substring(0, 8);

        RestoreCompleted completed = restoreById(backup, copy);

        assertThat(completed.readFromCopy()).startsWith("the primary bucket: ").containsAnyOf("CHECKSUM", "ENCRYPTION_TAG");
        assertThat(D1Portal.rows(live.sibling(copy, null))).isEqualTo(atBackup);
        given().auth().oauth2(LocalTokens.forTest("viewer")).when().get("/api/restores/" + completed.restoreId()).then().statusCode(200)
                .body("readFromCopy", equalTo(completed.readFromCopy()));
    }

    @Test
    void aPrimaryArchiveThatFailsItsChecksumWithNoCopyFailsTheRestoreAndLeavesNoDatabase() throws Exception {
        BackupCompleted backup = flows.backup("corrupt");
        flipAByteInThePrimaryArchiveOf(backup);

        String restoreId = flows.restore("""
                {"databaseId":"corrupt","source":{"kind":"BACKUP_ID","backupId":"%s"},"target":{"kind":"NEW_DATABASE","databaseName":"corrupt_no_copy"}}"""
                .formatted(backup.backupId()));

        RestoreFailed failed = flows.restoreEvents.await(RestoreFailed.class, restoreId, WAIT).data();
        assertThat(failed.errorCode()).isIn("CHECKSUM", "ENCRYPTION_TAG");
        assertThat(failed.message()).contains("nor from the second bucket's copy: BACKUP_MISSING");
        assertThat(TestDatabases.databasesLike(postgres, "corrupt_no_copy")).isEmpty();
    }

    private RestoreCompleted restoreById(BackupCompleted backup, String database) {
        String restoreId = flows.restore("""
                {"databaseId":"%s","source":{"kind":"BACKUP_ID","backupId":"%s"},"target":{"kind":"NEW_DATABASE","databaseName":"%s"}}"""
                .formatted(backup.databaseId(), backup.backupId(), database));
        RestoreCompleted completed = flows.completed(restoreId, WAIT);
        assertThat(completed.backupId()).isEqualTo(backup.backupId());
        return completed;
    }

    private void assertSameAsShop(String copy) throws Exception {
        assertThat(TestDatabases.pgDump(postgres, copy, true)).isEqualTo(TestDatabases.pgDump(postgres, "shop", true));
        assertThat(TestDatabases.contentChecksums(postgres, copy)).isEqualTo(TestDatabases.contentChecksums(postgres, "shop"));
    }

    /** The backup copied to the second bucket, as the verifier copies a verified backup. */
    private void copyToSecondBucket(BackupCompleted backup) throws Exception {
        withBuckets((primary, second, uploads) -> {
            assertThat(BackupCopy.copy(backup.manifestKey(), new BackupCopy.Verified(backup.sha256(), backup.sizeBytes()), primary, second,
                    uploads)).isEqualTo(backup.sizeBytes());
        });
        assertThat(RestoreTestStack.secondBucket().bucketDir(RestoreTestStack.SECOND_BUCKET).resolve(backup.objectKey())).exists();
    }

    /** What a test does with both buckets, as the verifier sees them. */
    @FunctionalInterface
    private interface WithBuckets {
        void run(BucketObjects primary, BucketObjects second, BucketUploads secondUploads) throws Exception;
    }

    private void withBuckets(WithBuckets work) throws Exception {
        S3Server primaryServer = servers.s3().orElseThrow();
        S3Server secondServer = RestoreTestStack.secondBucket();
        BucketSettings primarySettings = BucketSettings.pathStyle(primaryServer.endpoint(), S3Server.REGION, RealServers.BUCKET,
                primaryServer.accessKey(), primaryServer.secretKey());
        BucketSettings secondSettings = BucketSettings.pathStyle(secondServer.endpoint(), S3Server.REGION, RestoreTestStack.SECOND_BUCKET,
                secondServer.accessKey(), secondServer.secretKey());
        try (S3Client primaryClient = S3Clients.create(primarySettings); S3Client secondClient = S3Clients.create(secondSettings)) {
            BucketUploads uploads = new BucketUploads(secondClient, secondSettings);
            try {
                work.run(new BucketObjects(primaryClient, primarySettings), new BucketObjects(secondClient, secondSettings), uploads);
            } finally {
                uploads.stop();
            }
        }
    }

    private void flipAByteInThePrimaryArchiveOf(BackupCompleted backup) throws Exception {
        RestoreFlowTest.flipAByteInTheMiddleOf(servers.s3().orElseThrow().bucketDir(RealServers.BUCKET).resolve(backup.objectKey()));
    }
}
