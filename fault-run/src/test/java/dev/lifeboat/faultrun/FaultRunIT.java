package dev.lifeboat.faultrun;

import com.fasterxml.jackson.databind.JsonNode;
import dev.lifeboat.events.Topics;
import dev.lifeboat.events.envelope.CloudEventHeaders;
import dev.lifeboat.events.backup.BackupCompleted;
import dev.lifeboat.events.backup.BackupFailed;
import dev.lifeboat.realservers.kafka.KafkaProbe;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;

import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The fault run, as tests: the built backup and audit services run as separate processes (see {@link FaultStack})
 * while the broker, the S3 server, the target PostgreSQL and the backup service itself are killed mid-backup and
 * brought back. Each scenario checks its own requests; the last one checks the whole run: every accepted request
 * ended in exactly one final event, no event is duplicated on the topics, the audit log holds every message once,
 * and the bucket has no open upload and no object outside the completed backups.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class FaultRunIT {

    /** 64 MB that does not compress: its upload (5 MB parts) lasts long enough for a fault to land in the middle of it. */
    private static final String BIG = "CREATE TABLE blob (id int PRIMARY KEY, b bytea); INSERT INTO blob SELECT i, "
            + "(SELECT decode(string_agg(md5(random()::text || g || i), ''), 'hex') FROM generate_series(1, 4096) g) FROM generate_series(1, 1000) i";
    private static final String SMALL = "CREATE TABLE item (id int PRIMARY KEY, name text); INSERT INTO item SELECT i, 'item ' || i FROM generate_series(1, 500) i";
    private static final List<String> FLEET = List.of("fleet1", "fleet2", "fleet3", "fleet4", "fleet5");

    private FaultStack stack;

    @BeforeAll
    void start() {
        stack = FaultStack.start();
        stack.protect("big", BIG);
        FLEET.forEach(database -> stack.protect(database, SMALL));
    }

    @AfterAll
    void stop() {
        if (stack != null) {
            stack.close();
        }
    }

    @Test
    @Order(1)
    void fortyConcurrentRequestsOverFiveDatabasesEachEndOnceAndRunOneAtATimePerDatabase() throws Exception {
        ExecutorService clients = Executors.newFixedThreadPool(40);
        CountDownLatch go = new CountDownLatch(1);
        List<Future<HttpResponse<String>>> answers = new ArrayList<>();
        for (int i = 0; i < 40; i++) {
            String database = FLEET.get(i % FLEET.size());
            answers.add(clients.submit(() -> {
                go.await();
                return stack.askForBackup(database);
            }));
        }
        go.countDown();
        List<String> requestIds = new ArrayList<>();
        for (Future<HttpResponse<String>> answer : answers) {
            assertThat(answer.get().statusCode()).as(answer.get().body()).isEqualTo(202);
            requestIds.add(FaultStack.requestId(answer.get()));
        }
        clients.shutdown();

        List<BackupCompleted> backups = requestIds.stream().map(stack::awaitCompleted).toList();
        requestIds.forEach(requestId -> assertThat(stack.failures(requestId)).as("failures of %s", requestId).isEmpty());
        Map<String, List<BackupCompleted>> byDatabase = backups.stream().collect(Collectors.groupingBy(BackupCompleted::databaseId));
        assertThat(byDatabase).hasSize(5).allSatisfy((database, completed) -> assertThat(completed).hasSize(8));
        byDatabase.forEach((database, completed) -> {
            List<BackupCompleted> inOrder = completed.stream().sorted(Comparator.comparing(BackupCompleted::startedAt)).toList();
            for (int i = 1; i < inOrder.size(); i++) {
                assertThat(inOrder.get(i).startedAt()).as("%s: backup %d starts after backup %d completed", database, i, i - 1)
                        .isAfterOrEqualTo(inOrder.get(i - 1).completedAt());
            }
        });
    }

    @Test
    @Order(2)
    void withTheBrokerKilledMidBackupARequestIsAcceptedWithinASecondAndBothBackupsCompleteOnceItIsBack() throws Exception {
        String during = stack.askForBackupAndAwaitItsUpload("big");
        stack.kafka().kill();
        HttpResponse<String> answer;
        Duration took;
        try {
            long asked = System.nanoTime();
            answer = stack.askForBackup("fleet1");
            took = Duration.ofNanos(System.nanoTime() - asked);
            Thread.sleep(10_000);
        } finally {
            stack.kafka().restart();
        }
        assertThat(answer.statusCode()).as(answer.body()).isEqualTo(202);
        assertThat(took).as("the answer to POST /api/backups with the broker down").isLessThan(Duration.ofSeconds(1));
        System.out.printf("fault run: with the broker down, POST /api/backups answered %d in %d ms%n", answer.statusCode(), took.toMillis());

        String whileDown = FaultStack.requestId(answer);
        for (String requestId : List.of(during, whileDown)) {
            stack.awaitCompleted(requestId);
            assertThat(stack.completions(requestId)).as("completions of %s", requestId).hasSize(1);
            assertThat(stack.failures(requestId)).as("failures of %s", requestId).isEmpty();
        }
    }

    @Test
    @Order(3)
    void anS3ServerKilledMidUploadAndBackAfterFifteenSecondsCostsRetriesNotTheBackup() throws Exception {
        String requestId = stack.askForBackupAndAwaitItsUpload("big");
        try (AutoCloseable outage = stack.s3().outage()) {
            Thread.sleep(15_000);
        }
        stack.awaitCompleted(requestId);
        assertThat(stack.completions(requestId)).hasSize(1);
        List<BackupFailed> failures = stack.failures(requestId);
        assertThat(failures).as("the attempts the outage failed").isNotEmpty()
                .allSatisfy(failed -> assertThat(failed.errorCode()).isEqualTo("STORAGE_FAILED"))
                .allSatisfy(failed -> assertThat(failed.retryable()).isTrue());
        assertThat(stack.backupRequest(requestId).path("status").asText()).isEqualTo("COMPLETED");
    }

    @Test
    @Order(4)
    void aTargetRestartedMidDumpIsAConnectionFailureAndARetryCompletesTheBackup() throws Exception {
        String requestId = stack.askForBackupAndAwaitItsUpload("big");
        try (AutoCloseable outage = stack.target().outage()) {
            Thread.sleep(5_000);
        }
        stack.awaitCompleted(requestId);
        assertThat(stack.completions(requestId)).hasSize(1);
        List<BackupFailed> failures = stack.failures(requestId);
        assertThat(failures).as("the attempts the restart failed").isNotEmpty()
                .allSatisfy(failed -> assertThat(failed.errorCode()).as(failed.message()).isEqualTo("CONNECTION_FAILED"))
                .allSatisfy(failed -> assertThat(failed.retryable()).isTrue());
    }

    @Test
    @Order(5)
    void aBackupServiceKilledMidUploadIsTakenOverByItsNextStartAndTheBackupCompletesOnce() {
        String requestId = stack.askForBackupAndAwaitItsUpload("big");
        stack.killBackupService();
        assertThat(stack.openUploads()).as("the upload the killed process left open").isNotEmpty();
        assertThat(stack.completions(requestId)).isEmpty();

        stack.restartBackupService();
        stack.awaitCompleted(requestId);
        await().during(Duration.ofSeconds(5)).atMost(Duration.ofSeconds(10)).until(() -> stack.completions(requestId).size() == 1);
        assertThat(stack.failures(requestId)).isEmpty();
        JsonNode request = stack.backupRequest(requestId);
        assertThat(request.path("status").asText()).isEqualTo("COMPLETED");
        assertThat(request.path("attempts").asInt()).as("taken over: a second attempt").isGreaterThanOrEqualTo(2);
    }

    /**
     * Issue 50: after about 11 s of a service's own database being down, its consumer dead-lettered valid requests (5
     * retries); the audit's, which retried without end, was closed by SmallRye once a record had waited 60 s. Now a
     * consumer waits an outage of its database out, however long: the requests sent meanwhile are recorded once it is back.
     */
    @Test
    @Order(6)
    void withLifeboatsOwnDatabaseDown65SecondsRequestsOnKafkaWaitAndEachCompletesOnceWithNoDeadLetter() throws Exception {
        List<String> deadLettersBefore = stack.deadLetterReasons();
        List<String> requestIds = new ArrayList<>();
        try (AutoCloseable outage = stack.lifeboatsOwn().outage()) {
            for (String database : FLEET) {
                requestIds.add(stack.askForBackupOnKafka(database));
            }
            // held down 65 s, past the 60 s after which the consumer was closed, checking throughout that nothing is dead-lettered
            await().during(Duration.ofSeconds(65)).atMost(Duration.ofSeconds(80)).pollInterval(Duration.ofSeconds(5))
                    .until(() -> stack.deadLetterReasons().equals(deadLettersBefore));
        }
        for (String requestId : requestIds) {
            stack.awaitCompleted(requestId);
            assertThat(stack.completions(requestId)).as("completions of %s", requestId).hasSize(1);
        }
        assertThat(stack.deadLetterReasons()).as("dead letters").isEqualTo(deadLettersBefore);
        await().atMost(FaultStack.WAIT).untilAsserted(() -> assertThat(stack.auditRows().stream()
                .filter(row -> Topics.BACKUP_REQUESTS.equals(row.path("topic").asText()))
                .map(row -> row.path("correlationId").asText()).toList()).as("the audit log's requests").containsAll(requestIds));
        System.out.printf("fault run: with Lifeboat's own PostgreSQL down 65 s, %d requests sent on Kafka meanwhile each completed once,"
                + " 0 dead letters, each in the audit log%n", requestIds.size());
    }

    /**
     * Issue 50: a replica frozen past its lease (SIGSTOP: a long pause, a suspended VM) is taken over by another, whose
     * attempt completes the backup; resumed, the frozen one changes nothing: the catalog, the events and the bucket hold
     * the newer attempt's result only.
     */
    @Test
    @Order(7)
    void aReplicaFrozenPastItsLeaseIsTakenOverAndOnceResumedChangesNothingTheNewerAttemptDid() throws Exception {
        String requestId = stack.askForBackupAndAwaitItsUpload("big");
        stack.signalBackupService("STOP");
        JsonNode request;
        try (dev.lifeboat.realservers.process.ServiceProcess replica = stack.startReplica()) {
            try {
                stack.awaitCompleted(requestId);
                request = stack.backupRequest(replica, requestId);
            } finally {
                stack.signalBackupService("CONT");
            }
            await().atMost(FaultStack.WAIT).until(() -> stack.backupLogTail()
                    .contains("attempt 1 of backup request " + requestId + " was taken over by a newer attempt; it records nothing"));
        }
        assertThat(request.path("status").asText()).isEqualTo("COMPLETED");
        assertThat(request.path("attempts").asInt()).as("taken over: a newer attempt").isGreaterThanOrEqualTo(2);
        assertThat(stack.completions(requestId)).as("completions").hasSize(1);
        assertThat(stack.failures(requestId)).as("the frozen attempt's failure, once resumed, is not announced")
                .noneMatch(failed -> failed.attempt() == 1);
        assertThat(stack.backupRequest(requestId).path("status").asText()).isEqualTo("COMPLETED");
        System.out.printf("fault run: a replica frozen mid-upload was taken over (attempt %d) and, resumed, changed nothing%n",
                request.path("attempts").asInt());
    }

    /** Ids that occur more than once; none may occur more than twice (a send repeated once, at a restart). */
    private static List<String> repeats(List<String> ids) {
        Map<String, Long> counts = ids.stream().collect(java.util.stream.Collectors.groupingBy(id -> id, java.util.stream.Collectors.counting()));
        assertThat(counts.values()).as("no event sent more than twice").allMatch(count -> count <= 2);
        return counts.entrySet().stream().filter(entry -> entry.getValue() > 1).map(Map.Entry::getKey).toList();
    }

    @Test
    @Order(8)
    void acrossTheRunEveryRequestEndedOnceNothingIsDuplicatedAndNothingIsLeftOpenOrOrphaned() {
        KafkaProbe kafka = new KafkaProbe(stack.kafka().bootstrapServers());
        Set<String> accepted = stack.acceptedRequests();
        assertThat(accepted).hasSizeGreaterThanOrEqualTo(44);
        Map<String, Long> finals = stack.finalEventsByRequest();
        assertThat(accepted).allSatisfy(requestId -> assertThat(finals.get(requestId)).as("final events of request %s", requestId).isEqualTo(1));

        Set<String> messages = new HashSet<>();
        for (String topic : List.of(Topics.BACKUP_REQUESTS, Topics.BACKUP_EVENTS)) {
            List<String> ids = kafka.allRecords(topic, record -> true).stream()
                    .map(record -> new String(record.headers().lastHeader(CloudEventHeaders.ID).value())).toList();
            assertThat(repeats(ids)).as("event ids repeated on %s (%d events): a service killed (SIGKILL) between Kafka's"
                    + " acknowledgement of an event and its \"sent\" mark sends that one event again when it starts (the outbox's"
                    + " at-least-once window, which consumers close by the event id); any other repeat is a bug", topic, ids.size())
                    .hasSizeLessThanOrEqualTo(1);
            ids.forEach(id -> messages.add(topic + "/" + id));
        }
        await().atMost(FaultStack.WAIT).untilAsserted(() -> assertThat(stack.auditRows().stream()
                .map(row -> row.path("messageKey").asText()).filter(key -> key.startsWith("lifeboat.backup."))
                .toList()).as("the audit log's rows of the backup topics").containsExactlyInAnyOrderElementsOf(messages));

        await().atMost(FaultStack.WAIT).until(() -> stack.openUploads().isEmpty());
        Set<String> completedObjects = stack.completedObjects();
        List<String> objects = stack.objectKeys();
        assertThat(objects).as("objects in the bucket: completed backups' and the record of the key they are sealed with")
                .allMatch(key -> completedObjects.contains(key) || key.equals("keys/faultkey.json")).contains("keys/faultkey.json");
        System.out.printf("fault run: %d requests accepted, each ended once; %d messages on the backup topics, none repeated, "
                + "each once in the audit log; %d objects, all of completed backups; 0 open uploads%n", accepted.size(), messages.size(), objects.size());
    }

    /** Issue 50: a backup service whose settings name no active key wrote every backup unencrypted, silently; now it does not start. */
    @Test
    @Order(9)
    void aBackupServiceWithoutAnActiveKeyDoesNotStartAndSaysHowToChooseUnencryptedBackups() {
        assertThat(stack.startWithoutAnActiveKey()).contains("exited with code")
                .contains("lifeboat.encryption.active-key-id is not set, so backups would be written unencrypted")
                .contains("lifeboat.encryption.required=false");
    }

    /**
     * Issue 50: a key replaced under the same id made every older backup unreadable, found only at restore time; now a
     * backup service given it does not start, naming the id (the bucket recorded the key the fault run's backups used).
     */
    @Test
    @Order(10)
    void aBackupServiceGivenAnotherKeyUnderTheActiveKeysIdDoesNotStartAndNamesTheId() {
        assertThat(stack.startWithASwappedKey()).contains("exited with code")
                .contains("was encrypted by another key than the one configured as 'faultkey'")
                .contains("give a new key a new id");
    }
}
