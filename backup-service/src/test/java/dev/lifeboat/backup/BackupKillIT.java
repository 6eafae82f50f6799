package dev.lifeboat.backup;

import dev.lifeboat.backup.fixtures.BackupServiceUnderTest;
import dev.lifeboat.events.Topics;
import dev.lifeboat.events.backup.BackupCompleted;
import dev.lifeboat.events.backup.BackupFailed;
import dev.lifeboat.realservers.RealServers;
import dev.lifeboat.realservers.kafka.KafkaProbe;
import dev.lifeboat.realservers.kafka.TopicEvents;
import dev.lifeboat.realservers.postgres.PostgresServer;
import dev.lifeboat.realservers.process.LoopbackPorts;
import dev.lifeboat.realservers.process.ServiceProcess;
import dev.lifeboat.realservers.tokens.LocalTokens;
import io.restassured.path.json.JsonPath;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.S3Object;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A fault of the fault run, with the service as a separate process: the built backup-service (a child JVM) is
 * killed with SIGKILL in the middle of an upload. Started again, it takes the request over once its heartbeat is
 * stale (10 s here, 2 min by default), the backup completes exactly once, the upload the dead process left open is
 * aborted by the sweep, and the bucket holds no object that is not the completed backup's.
 */
class BackupKillIT {

    private static final String DATABASE = "kill";
    private static final Duration WAIT = Duration.ofSeconds(120);

    @Test
    void aBackupServiceKilledMidUploadIsTakenOverAndTheBackupCompletesOnceWithNothingLeftOpen() throws Exception {
        Path root = Path.of("..").toAbsolutePath().normalize();
        Path state = Files.createDirectories(Path.of("target/backup-kill-it").toAbsolutePath());
        try (RealServers servers = RealServers.start(EnumSet.of(RealServers.Kind.KAFKA, RealServers.Kind.POSTGRES, RealServers.Kind.S3))) {
            PostgresServer postgres = servers.postgres().orElseThrow();
            postgres.execute("CREATE DATABASE " + DATABASE);
            // 64 MB that does not compress, so the upload of its 5 MB parts takes long enough to be killed in
            postgres.execute(DATABASE, "CREATE TABLE blob (id int PRIMARY KEY, b bytea); INSERT INTO blob SELECT i, "
                    + "(SELECT decode(string_agg(md5(random()::text || g || i), ''), 'hex') FROM generate_series(1, 4096) g) FROM generate_series(1, 1000) i");
            Map<String, String> settings = BackupServiceUnderTest.sharedSettings(servers, state, "killkey");
            settings.put("lifeboat.encryption.active-key-id", "killkey");
            settings.put("lifeboat.backup.part-size-bytes", "5242880");
            settings.put("lifeboat.backup.stale-after", "PT10S");
            settings.put("lifeboat.tasks.backup-heartbeat", "2s");
            settings.put("lifeboat.tasks.abandoned-upload-sweep", "2s");
            String password = "file:" + BackupServiceUnderTest.secretFile(state, "superuser.password", postgres.superuserPassword());
            S3Client bucket = TestBucket.client(servers.s3().orElseThrow());
            TopicEvents backupEvents = new TopicEvents(new KafkaProbe(servers.kafka().orElseThrow().bootstrapServers()), Topics.BACKUP_EVENTS);

            String requestId;
            ServiceProcess first = ServiceProcess.start(root, "backup-service", LoopbackPorts.free(), settings, state);
            try {
                assertThat(call(first, "admin", "POST", "/api/databases",
                        BackupServiceUnderTest.registration(DATABASE, postgres, DATABASE, postgres.superuser(), password)).statusCode()).isEqualTo(201);
                HttpResponse<String> asked = call(first, "operator", "POST", "/api/backups", "{\"databaseId\":\"" + DATABASE + "\"}");
                assertThat(asked.statusCode()).isEqualTo(202);
                requestId = JsonPath.from(asked.body()).getString("requestId");
                await().atMost(WAIT).pollInterval(Duration.ofMillis(10))
                        .until(() -> !TestBucket.openUploads(bucket, RealServers.BUCKET).isEmpty());
                ProcessHandle.of(first.pid()).ifPresent(ProcessHandle::destroyForcibly);
                await().atMost(WAIT).until(() -> ProcessHandle.of(first.pid()).map(process -> !process.isAlive()).orElse(true));
            } finally {
                first.close();
            }
            assertThat(TestBucket.openUploads(bucket, RealServers.BUCKET)).as("the upload the killed process left open").isNotEmpty();
            assertThat(backupEvents.all(BackupCompleted.class, event -> requestId.equals(event.correlationId()))).isEmpty();

            try (ServiceProcess second = ServiceProcess.start(root, "backup-service", LoopbackPorts.free(), settings, state)) {
                BackupCompleted completed = backupEvents.await(BackupCompleted.class, requestId, WAIT).data();
                await().atMost(WAIT).until(() -> TestBucket.openUploads(bucket, RealServers.BUCKET).isEmpty());
                await().during(Duration.ofSeconds(5)).atMost(Duration.ofSeconds(10))
                        .until(() -> backupEvents.all(BackupCompleted.class, event -> requestId.equals(event.correlationId())).size() == 1);
                assertThat(backupEvents.all(BackupFailed.class, event -> requestId.equals(event.correlationId()))).isEmpty();
                List<String> keys = bucket.listObjectsV2Paginator(request -> request.bucket(RealServers.BUCKET).prefix("backups/" + DATABASE + "/"))
                        .contents().stream().map(S3Object::key).toList();
                assertThat(keys).containsExactlyInAnyOrder(completed.objectKey(), completed.manifestKey());
                JsonPath request = JsonPath.from(call(second, "viewer", "GET", "/api/backups/requests/" + requestId, null).body());
                assertThat(request.getString("status")).isEqualTo("COMPLETED");
                assertThat(request.getInt("attempts")).isGreaterThanOrEqualTo(2);
            }
        }
    }

    private static HttpResponse<String> call(ServiceProcess service, String role, String method, String path, String json) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(service.url() + path)).header("Authorization", "Bearer " + LocalTokens.forTest(role));
        if (json != null) {
            request.header("Content-Type", "application/json").method(method, HttpRequest.BodyPublishers.ofString(json));
        } else {
            request.method(method, HttpRequest.BodyPublishers.noBody());
        }
        return HttpClient.newHttpClient().send(request.build(), HttpResponse.BodyHandlers.ofString());
    }
}
