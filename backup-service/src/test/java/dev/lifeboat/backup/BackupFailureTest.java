package dev.lifeboat.backup;

import dev.lifeboat.backup.storage.AbandonedUploads;
import dev.lifeboat.archive.ArchiveLayout;
import dev.lifeboat.archive.upload.BucketUploads;
import dev.lifeboat.archive.upload.OpenUpload;
import dev.lifeboat.events.backup.BackupCompleted;
import dev.lifeboat.events.backup.BackupFailed;
import dev.lifeboat.events.envelope.CloudEvent;
import dev.lifeboat.realservers.RealServers;
import dev.lifeboat.realservers.kafka.KafkaProbe;
import dev.lifeboat.realservers.process.LoopbackPorts;
import dev.lifeboat.realservers.quarkus.InjectRealServers;
import dev.lifeboat.realservers.tokens.LocalTokens;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.s3.S3Client;

import java.time.Duration;
import java.util.List;
import java.util.UUID;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Each way a backup can fail ends in a {@code BackupFailed} with the right code, leaves no multipart
 * upload open and no backup listed, and the service keeps serving.
 */
@QuarkusTest
class BackupFailureTest {

    private static final Duration TIMEOUT = Duration.ofSeconds(60);

    @InjectRealServers
    RealServers servers;

    @Inject
    AbandonedUploads abandonedUploads;

    @Inject
    BucketUploads bucketUploads;

    private BackupEvents events;
    private S3Client bucket;

    @BeforeEach
    void setUp() {
        ProtectedDatabases.create(servers.postgres().orElseThrow());
        events = new BackupEvents(new KafkaProbe(servers.kafka().orElseThrow().bootstrapServers()));
        bucket = TestBucket.client(servers.s3().orElseThrow());
    }

    @AfterEach
    void nothingIsLeftOpenAndTheServiceStillServes() {
        assertThat(TestBucket.openUploads(bucket, RealServers.BUCKET)).isEmpty();
        given().when().get("/q/health/live").then().statusCode(200);
        given().auth().oauth2(LocalTokens.forTest("viewer")).when().get("/api/databases").then().statusCode(200);
    }

    @Test
    void theOpenUploadCheckCanSeeAnOpenUpload() {
        // Proves the @AfterEach check would notice an upload left open: S3Proxy lists them.
        String key = "backups/probe/2026/01/01/probe-backup/archive.dump";
        String uploadId = bucket.createMultipartUpload(builder -> builder.bucket(RealServers.BUCKET).key(key)).uploadId();
        assertThat(TestBucket.openUploads(bucket, RealServers.BUCKET)).extracting(upload -> upload.uploadId()).contains(uploadId);
        bucket.abortMultipartUpload(builder -> builder.bucket(RealServers.BUCKET).key(key).uploadId(uploadId));
    }

    @Test
    void anUnknownDatabaseFailsWithoutRetry() {
        String requestId = "unknown-" + UUID.randomUUID();
        events.request(requestId, "no-such-db");

        BackupFailed failed = events.await(BackupFailed.class, requestId, TIMEOUT).data();
        assertThat(failed.errorCode()).isEqualTo("UNKNOWN_DATABASE");
        assertThat(failed.retryable()).isFalse();
        assertThat(failed.backupId()).isNull();
        assertThat(failed.message()).contains("no-such-db");
        assertRequestEnded(requestId, "FAILED");
    }

    @Test
    void anUnreachableDatabaseFailsRetryablyThenForGood() {
        int closedPort = LoopbackPorts.free();
        ProtectedDatabases.register("unreachable-db", "127.0.0.1", closedPort, "shop", ProtectedDatabases.ownerPasswordRef(), "");
        String requestId = "unreachable-" + UUID.randomUUID();
        events.request(requestId, "unreachable-db");

        await().atMost(TIMEOUT).until(() -> events.all(BackupFailed.class, e -> requestId.equals(e.correlationId())).size() == 2);
        List<BackupFailed> attempts = events.all(BackupFailed.class, e -> requestId.equals(e.correlationId()))
                .stream().map(CloudEvent::data).toList();
        assertThat(attempts).extracting(BackupFailed::errorCode).containsExactly("CONNECTION_FAILED", "CONNECTION_FAILED");
        assertThat(attempts).extracting(BackupFailed::attempt).containsExactly(1, 2);
        assertThat(attempts).extracting(BackupFailed::retryable).containsExactly(true, false);
        assertThat(attempts.get(0).message()).contains("127.0.0.1:" + closedPort);
        assertRequestEnded(requestId, "FAILED");
    }

    @Test
    void aWrongPasswordFailsAsAuthenticationAndNeverShowsThePassword() {
        String wrong = "wrong-" + UUID.randomUUID();
        ProtectedDatabases.register("wrong-password-db", servers.postgres().orElseThrow().host(), servers.postgres().orElseThrow().port(),
                "shop", ProtectedDatabases.passwordRef("wrong", wrong), "");
        String requestId = "wrongpw-" + UUID.randomUUID();
        events.request(requestId, "wrong-password-db");

        CloudEvent<BackupFailed> failed = events.await(BackupFailed.class, requestId, TIMEOUT);
        assertThat(failed.data().errorCode()).isEqualTo("AUTHENTICATION_FAILED");
        assertThat(failed.data().retryable()).isFalse();
        assertThat(failed.data().message()).doesNotContain(wrong).doesNotContain(ProtectedDatabases.ownerPassword());
        given().auth().oauth2(LocalTokens.forTest("viewer")).when().get("/api/backups/requests/" + requestId).then()
                .body(org.hamcrest.Matchers.not(org.hamcrest.Matchers.containsString(wrong)));
    }

    @Test
    void aDumpThatFailsHalfWayAbortsItsUploadAndReportsPgDumpsReason() {
        // A role that may connect but not read one table: pg_dump fails after the upload has started.
        servers.postgres().orElseThrow().execute("DO $$ BEGIN IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = 'partial_reader') THEN "
                + "CREATE ROLE partial_reader LOGIN PASSWORD 'partial-pw'; END IF; END $$");
        servers.postgres().orElseThrow().execute("shop", "GRANT SELECT ON ALL TABLES IN SCHEMA public TO partial_reader; "
                + "REVOKE SELECT ON orders FROM partial_reader");
        String body = "{\"id\":\"partial-db\",\"host\":\"" + servers.postgres().orElseThrow().host() + "\",\"port\":"
                + servers.postgres().orElseThrow().port() + ",\"database\":\"shop\",\"username\":\"partial_reader\",\"credentialRef\":\""
                + ProtectedDatabases.passwordRef("partial", "partial-pw") + "\"}";
        given().auth().oauth2(LocalTokens.forTest("admin")).contentType("application/json").body(body).post("/api/databases");
        String requestId = "partial-" + UUID.randomUUID();
        events.request(requestId, "partial-db");

        BackupFailed failed = events.await(BackupFailed.class, requestId, TIMEOUT).data();
        assertThat(failed.errorCode()).isEqualTo("PERMISSION_DENIED");
        assertThat(failed.message()).contains("permission denied").contains("orders");
        assertThat(failed.backupId()).isNotNull();
        given().auth().oauth2(LocalTokens.forTest("viewer")).when().get("/api/backups/" + failed.backupId()).then().statusCode(404);
        assertThat(bucket.listObjectsV2(builder -> builder.bucket(RealServers.BUCKET).prefix("backups/partial-db/")).contents()).isEmpty();
    }

    @Test
    void anS3OutageFailsTheBackupAsStorageAndTheNextBackupWorksOnceS3IsBack() throws Exception {
        ProtectedDatabases.registerOnTestServer(servers.postgres().orElseThrow(), "tiny", "tiny", "");
        String requestId = "outage-" + UUID.randomUUID();
        try (AutoCloseable outage = servers.s3().orElseThrow().outage()) {
            events.request(requestId, "tiny");
            await().atMost(TIMEOUT).until(() -> events.all(BackupFailed.class, e -> requestId.equals(e.correlationId())).size() == 2);
        }
        List<BackupFailed> attempts = events.all(BackupFailed.class, e -> requestId.equals(e.correlationId())).stream().map(CloudEvent::data).toList();
        assertThat(attempts).extracting(BackupFailed::errorCode).containsOnly("STORAGE_FAILED");
        assertThat(attempts).extracting(BackupFailed::retryable).containsExactly(true, false);
        assertRequestEnded(requestId, "FAILED");

        String after = "after-outage-" + UUID.randomUUID();
        events.request(after, "tiny");
        events.await(BackupCompleted.class, after, TIMEOUT);
    }

    @Test
    void anUploadLeftOpenByADeadReplicaIsAbortedByTheSweep() throws Throwable {
        String key = "backups/tiny/2026/01/01/20260101T000000Z-deadbeef/archive.dump.zst.enc";
        bucket.createMultipartUpload(builder -> builder.bucket(RealServers.BUCKET).key(key));
        assertThat(TestBucket.openUploads(bucket, RealServers.BUCKET)).isNotEmpty();
        List<OpenUpload> seenByBothReplicas = bucketUploads.openUploads(ArchiveLayout.ROOT);
        assertThat(abandonedUploads.abortAbandoned()).isEqualTo(1);
        assertThat(bucketUploads.abort(seenByBothReplicas.get(0)))
                .as("a second replica aborting the same upload finds it gone, which is not an error").isFalse();
        assertThat(abandonedUploads.abortAbandoned()).isZero();
    }

    private void assertRequestEnded(String requestId, String status) {
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() ->
                given().auth().oauth2(LocalTokens.forTest("viewer")).when().get("/api/backups/requests/" + requestId).then()
                        .statusCode(200).body("status", org.hamcrest.Matchers.equalTo(status)));
    }
}
