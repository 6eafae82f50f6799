package dev.lifeboat.faultrun;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.lifeboat.backup.TestBucket;
import dev.lifeboat.backup.fixtures.BackupServiceUnderTest;
import dev.lifeboat.events.Topics;
import dev.lifeboat.events.backup.BackupCompleted;
import dev.lifeboat.events.backup.BackupFailed;
import dev.lifeboat.events.backup.BackupRequested;
import dev.lifeboat.events.backup.BackupTrigger;
import dev.lifeboat.events.envelope.CloudEvent;
import dev.lifeboat.realservers.RealServers;
import dev.lifeboat.realservers.kafka.KafkaBroker;
import dev.lifeboat.realservers.kafka.KafkaProbe;
import dev.lifeboat.realservers.kafka.TopicEvents;
import dev.lifeboat.realservers.postgres.PostgresServer;
import dev.lifeboat.realservers.process.LoopbackPorts;
import dev.lifeboat.realservers.process.ServiceProcess;
import dev.lifeboat.realservers.s3.S3Server;
import dev.lifeboat.realservers.tokens.LocalTokens;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.S3Object;

import java.security.SecureRandom;
import java.util.Base64;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

import static org.awaitility.Awaitility.await;

/**
 * Lifeboat as it runs in production, on this machine: the built backup and audit services as separate processes
 * (child JVMs a test may kill with SIGKILL), Kafka, S3Proxy, PostgreSQL 15 for Lifeboat's own schemas, and a second
 * PostgreSQL 15, the target, holding the databases Lifeboat protects. It remembers every request the backup API
 * accepted, so the run can check at its end that each one ended exactly once.
 */
final class FaultStack implements AutoCloseable {

    static final Duration WAIT = Duration.ofSeconds(180);
    private static final ObjectMapper JSON = new ObjectMapper();

    private final RealServers servers;
    private final PostgresServer target;
    private final Map<String, String> backupSettings;
    private final Path root = Path.of("..").toAbsolutePath().normalize();
    private final Path state;
    private final ServiceProcess audit;
    private ServiceProcess backup;
    private final TopicEvents backupEvents;
    private final S3Client bucket;
    private final HttpClient http = HttpClient.newHttpClient();
    private final Set<String> accepted = ConcurrentHashMap.newKeySet();
    private int backupStarts;

    private FaultStack(RealServers servers, PostgresServer target, Path state) {
        this.servers = servers;
        this.target = target;
        this.state = state;
        Map<String, String> shared = BackupServiceUnderTest.sharedSettings(servers, state, "faultkey");
        backupSettings = new HashMap<>(shared);
        backupSettings.put("lifeboat.encryption.active-key-id", "faultkey");
        backupSettings.put("lifeboat.backup.part-size-bytes", "5242880");
        // Faults are shortened, not removed: a dead replica's work is taken over after 10 s (2 min by default),
        // retries wait 2 s doubling to 8 s (6 attempts cover an outage of about 30 s), the sweep runs every 2 s.
        backupSettings.put("lifeboat.backup.stale-after", "PT10S");
        backupSettings.put("lifeboat.tasks.backup-heartbeat", "2s");
        backupSettings.put("lifeboat.tasks.abandoned-upload-sweep", "2s");
        backupSettings.put("lifeboat.backup.retry.initial-delay", "2s");
        backupSettings.put("lifeboat.backup.retry.max-delay", "8s");
        backupSettings.put("lifeboat.backup.retry.max-attempts", "6");
        audit = ServiceProcess.start(root, "audit-service", LoopbackPorts.free(), shared, createDirectories(state.resolve("audit")));
        backup = startBackupService();
        backupEvents = new TopicEvents(new KafkaProbe(kafka().bootstrapServers()), Topics.BACKUP_EVENTS);
        bucket = TestBucket.client(s3());
    }

    static FaultStack start() {
        Path state = createDirectories(Path.of("target/fault-run").toAbsolutePath());
        RealServers servers = RealServers.start(EnumSet.of(RealServers.Kind.KAFKA, RealServers.Kind.POSTGRES, RealServers.Kind.S3));
        PostgresServer target = null;
        try {
            target = PostgresServer.start();
            return new FaultStack(servers, target, state);
        } catch (RuntimeException e) {
            if (target != null) {
                target.close();
            }
            servers.close();
            throw e;
        }
    }

    /** Each start of the backup service logs into a folder of its own ({@code backup-1}, {@code backup-2}, …), so a killed one's log is kept. */
    private ServiceProcess startBackupService() {
        backupStarts++;
        return ServiceProcess.start(root, "backup-service", LoopbackPorts.free(), backupSettings,
                createDirectories(state.resolve("backup-" + backupStarts)));
    }

    /**
     * A backup service started with this stack's settings but no active encryption key, as manifests that forget it would:
     * @return why it did not start (its log's tail), or throws when it started
     */
    String startWithoutAnActiveKey() {
        Map<String, String> settings = new HashMap<>(backupSettings);
        settings.remove("lifeboat.encryption.active-key-id");
        try (ServiceProcess started = ServiceProcess.start(root, "backup-service", LoopbackPorts.free(), settings,
                createDirectories(state.resolve("backup-without-key")))) {
            throw new AssertionError("the backup service started without an active key at " + started.url());
        } catch (IllegalStateException refused) {
            return refused.getMessage();
        }
    }

    /**
     * A backup service started with this stack's settings but another key under the active key's id, as a secret replaced
     * in place would give it.
     * @return why it did not start (its log's tail), or throws when it started
     */
    String startWithASwappedKey() {
        Map<String, String> settings = new HashMap<>(backupSettings);
        byte[] other = new byte[32];
        new SecureRandom().nextBytes(other);
        settings.put("lifeboat.encryption.keys.faultkey", "file:" + BackupServiceUnderTest.secretFile(state.resolve("swapped"), "archive.key",
                Base64.getEncoder().encodeToString(other)));
        try (ServiceProcess started = ServiceProcess.start(root, "backup-service", LoopbackPorts.free(), settings,
                createDirectories(state.resolve("backup-swapped-key")))) {
            throw new AssertionError("the backup service started with another key under the id 'faultkey' at " + started.url());
        } catch (IllegalStateException refused) {
            return refused.getMessage();
        }
    }

    /** Creates a database on the target server, fills it with {@code sql}, and registers it with the backup service under its name. */
    void protect(String database, String sql) {
        target.execute("CREATE DATABASE " + database);
        target.execute(database, sql);
        String password = "file:" + BackupServiceUnderTest.databaseSecret(state, "target.password", target.superuserPassword());
        HttpResponse<String> answer = call(backup, "admin", "POST", "/api/databases",
                BackupServiceUnderTest.registration(database, target, database, target.superuser(), password));
        if (answer.statusCode() != 201) {
            throw new IllegalStateException("registering " + database + " answered " + answer.statusCode() + ": " + answer.body());
        }
    }

    /** {@code POST /api/backups} as an operator; the answer, and its request id remembered when it is a 202. */
    HttpResponse<String> askForBackup(String database) {
        HttpResponse<String> answer = call(backup, "operator", "POST", "/api/backups", "{\"databaseId\":\"" + database + "\"}");
        if (answer.statusCode() == 202) {
            accepted.add(read(answer.body()).path("requestId").asText());
        }
        return answer;
    }

    /**
     * A {@code BackupRequested} for {@code database} published on Kafka as another system would (with a token), which
     * needs no Lifeboat service to be up; its request id, remembered.
     */
    String askForBackupOnKafka(String database) {
        String requestId = UUID.randomUUID().toString();
        new TopicEvents(new KafkaProbe(kafka().bootstrapServers()), Topics.BACKUP_REQUESTS).publish(CloudEvent.of("/fault-run", requestId,
                new BackupRequested(requestId, database, BackupTrigger.EXTERNAL, "kafka-client", Map.of())));
        accepted.add(requestId);
        return requestId;
    }

    /** The reasons of every record on the dead-letter topic so far. */
    List<String> deadLetterReasons() {
        return new KafkaProbe(kafka().bootstrapServers()).allRecords(Topics.DEAD_LETTER, record -> true).stream()
                .map(record -> KafkaProbe.header(record, "dead-letter-reason")).toList();
    }

    static String requestId(HttpResponse<String> accepted) {
        return read(accepted.body()).path("requestId").asText();
    }

    Set<String> acceptedRequests() {
        return Set.copyOf(accepted);
    }

    BackupCompleted awaitCompleted(String requestId) {
        return backupEvents.await(BackupCompleted.class, requestId, WAIT).data();
    }

    List<BackupCompleted> completions(String requestId) {
        return backupEvents.all(BackupCompleted.class, event -> requestId.equals(event.correlationId())).stream().map(e -> e.data()).toList();
    }

    List<BackupFailed> failures(String requestId) {
        return backupEvents.all(BackupFailed.class, event -> requestId.equals(event.correlationId())).stream().map(e -> e.data()).toList();
    }

    /** How many final events each request has had so far: its {@code BackupCompleted}s and its {@code BackupFailed}s not to be retried. */
    Map<String, Long> finalEventsByRequest() {
        Map<String, Long> finals = new HashMap<>();
        backupEvents.all(BackupCompleted.class, event -> true).forEach(event -> finals.merge(event.correlationId(), 1L, Long::sum));
        backupEvents.all(BackupFailed.class, event -> !event.data().retryable()).forEach(event -> finals.merge(event.correlationId(), 1L, Long::sum));
        return finals;
    }

    /** The archive and manifest keys of every completed backup. */
    Set<String> completedObjects() {
        Set<String> keys = new HashSet<>();
        backupEvents.all(BackupCompleted.class, event -> true).forEach(event -> keys.addAll(List.of(event.data().objectKey(), event.data().manifestKey())));
        return keys;
    }

    /**
     * Asks for a backup of {@code database} and waits until its upload is open in the bucket: the moment "mid-upload"
     * of the fault run. An upload an earlier fault left open (until the sweep aborts it) does not count.
     */
    String askForBackupAndAwaitItsUpload(String database) {
        List<String> before = openUploads();
        HttpResponse<String> answer = askForBackup(database);
        if (answer.statusCode() != 202) {
            throw new IllegalStateException("asking for a backup of " + database + " answered " + answer.statusCode() + ": " + answer.body());
        }
        await().atMost(WAIT).pollInterval(Duration.ofMillis(10)).until(() -> openUploads().stream()
                .anyMatch(key -> key.startsWith("backups/" + database + "/") && !before.contains(key)));
        return requestId(answer);
    }

    List<String> openUploads() {
        return TestBucket.openUploads(bucket, RealServers.BUCKET).stream().map(upload -> upload.key()).toList();
    }

    List<String> objectKeys() {
        return bucket.listObjectsV2Paginator(request -> request.bucket(RealServers.BUCKET)).contents().stream().map(S3Object::key).toList();
    }

    /** SIGKILL to the backup service, as a crash of its host would be. */
    void killBackupService() {
        long pid = backup.pid();
        ProcessHandle.of(pid).ifPresent(ProcessHandle::destroyForcibly);
        await().atMost(WAIT).until(() -> ProcessHandle.of(pid).map(process -> !process.isAlive()).orElse(true));
        backup.close();
    }

    void restartBackupService() {
        backup = startBackupService();
    }

    /** SIGSTOP (or SIGCONT) to the backup service: frozen as a long GC pause or a suspended VM freezes it, sockets open. */
    void signalBackupService(String signal) {
        backup.signal(signal);
    }

    /** The last lines the (first) backup service logged. */
    String backupLogTail() {
        return backup.logTail();
    }

    /** A second backup service replica beside the first, with the same settings. */
    ServiceProcess startReplica() {
        return startBackupService();
    }

    JsonNode backupRequest(ServiceProcess via, String requestId) {
        return read(call(via, "viewer", "GET", "/api/backups/requests/" + requestId, null).body());
    }

    long backupPid() {
        return backup.pid();
    }

    JsonNode backupRequest(String requestId) {
        return backupRequest(backup, requestId);
    }

    /** Every row of the audit log, oldest first (its NDJSON export, as a viewer). */
    List<JsonNode> auditRows() {
        String body = call(audit, "viewer", "GET", "/api/audit/export?format=ndjson", null).body();
        List<JsonNode> rows = new ArrayList<>();
        body.lines().filter(line -> !line.isBlank()).forEach(line -> rows.add(read(line)));
        return rows;
    }

    KafkaBroker kafka() {
        return servers.kafka().orElseThrow();
    }

    S3Server s3() {
        return servers.s3().orElseThrow();
    }

    /** The PostgreSQL of Lifeboat's own schemas (the backup and audit services' databases). */
    PostgresServer lifeboatsOwn() {
        return servers.postgres().orElseThrow();
    }

    PostgresServer target() {
        return target;
    }

    private HttpResponse<String> call(ServiceProcess service, String role, String method, String path, String json) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(service.url() + path)).timeout(Duration.ofSeconds(30))
                .header("Authorization", "Bearer " + LocalTokens.forTest(role));
        if (json != null) {
            request.header("Content-Type", "application/json").method(method, HttpRequest.BodyPublishers.ofString(json));
        } else {
            request.method(method, HttpRequest.BodyPublishers.noBody());
        }
        try {
            return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted calling " + path, e);
        }
    }

    private static JsonNode read(String json) {
        try {
            return JSON.readTree(json);
        } catch (IOException e) {
            throw new UncheckedIOException("not JSON: " + json, e);
        }
    }

    private static Path createDirectories(Path dir) {
        try {
            return Files.createDirectories(dir);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void close() {
        try (servers; target; audit) {
            backup.close();
        }
    }
}
