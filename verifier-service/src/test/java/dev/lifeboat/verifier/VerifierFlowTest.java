package dev.lifeboat.verifier;

import dev.lifeboat.events.Topics;
import dev.lifeboat.archive.ManifestJson;
import dev.lifeboat.events.backup.BackupCompleted;
import dev.lifeboat.events.envelope.CloudEvent;
import dev.lifeboat.archive.NewestValue;
import dev.lifeboat.events.verification.RestoreTestCompleted;
import dev.lifeboat.events.verification.VerificationCheck;
import dev.lifeboat.events.verification.VerificationFailed;
import dev.lifeboat.events.verification.VerificationPassed;
import dev.lifeboat.realservers.RealServers;
import dev.lifeboat.backup.fixtures.BackupServiceTestStack;
import dev.lifeboat.backup.fixtures.ShopDatabase;
import dev.lifeboat.realservers.kafka.KafkaProbe;
import dev.lifeboat.realservers.kafka.TopicEvents;
import dev.lifeboat.realservers.postgres.PostgresServer;
import dev.lifeboat.realservers.quarkus.InjectRealServers;
import dev.lifeboat.realservers.tokens.LocalTokens;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;

/** Verification of real backups from the real backup service, restore tests into the scratch server, and scrub. */
@QuarkusTest
class VerifierFlowTest {

    static final Duration WAIT = Duration.ofMinutes(2);

    @InjectRealServers
    RealServers servers;

    private PostgresServer postgres;
    private TopicEvents verificationEvents;
    private TopicEvents backupEvents;

    @BeforeEach
    void connect() {
        postgres = servers.postgres().orElseThrow();
        KafkaProbe kafka = new KafkaProbe(servers.kafka().orElseThrow().bootstrapServers());
        verificationEvents = new TopicEvents(kafka, Topics.VERIFICATION_EVENTS);
        backupEvents = new TopicEvents(kafka, Topics.BACKUP_EVENTS);
    }

    @Test
    void aGoodBackupPassesItsVerification() {
        BackupCompleted backup = VerifierTestStack.backupService().backUp("shop", WAIT);

        VerificationPassed passed = passedOf(backup.backupId());
        assertThat(passed.check()).isEqualTo(VerificationCheck.ARCHIVE);
        assertThat(passed.details()).contains(backup.sha256()).contains("authentic").contains("tables");
        given().auth().oauth2(LocalTokens.forTest("viewer")).queryParam("databaseId", "shop").queryParam("status", "PASSED")
                .when().get("/api/verifications").then().statusCode(200)
                .body("items.find { it.backupId == '%s' }.check".formatted(backup.backupId()), equalTo("ARCHIVE"));
    }

    @Test
    void aDeletedBackupIsNoLongerWatchedAndOnceUndeletedItIsVerifiedAgain() {
        VerifierTestStack.backupService().backUp("shop", WAIT);
        BackupCompleted backup = VerifierTestStack.backupService().backUp("shop", WAIT);
        passedOf(backup.backupId());
        String backupService = VerifierTestStack.backupService().url();

        given().auth().oauth2(LocalTokens.forTest("admin")).queryParam("force", true).when().delete(backupService + "/api/backups/" + backup.backupId())
                .then().statusCode(204);
        await().atMost(WAIT).untilAsserted(() -> assertThat(verificationStatus(backup.backupId())).isEqualTo("GONE"));
        given().auth().oauth2(LocalTokens.forTest("admin")).when().post(backupService + "/api/deleted-backups/" + backup.backupId() + "/undelete")
                .then().statusCode(200);

        await().atMost(WAIT).until(() -> verificationEvents.all(VerificationPassed.class,
                event -> backup.backupId().equals(event.data().backupId())).size() == 2);
        assertThat(verificationStatus(backup.backupId())).isEqualTo("PASSED");
    }

    private static String verificationStatus(String backupId) {
        return given().auth().oauth2(LocalTokens.forTest("viewer")).queryParam("databaseId", "shop").queryParam("size", 500)
                .when().get("/api/verifications").then().statusCode(200).extract().jsonPath()
                .getString("items.find { it.backupId == '%s' }.status".formatted(backupId));
    }

    @Test
    void keysCheckSaysWhichBackupsTheConfiguredKeyOpensAndThatItIsTheKeyTheBucketRecorded() {
        BackupCompleted backup = VerifierTestStack.backupService().backUp("shop", WAIT);

        JsonPath coverage = given().auth().oauth2(LocalTokens.forTest("operator")).when().get("/api/keys").then().statusCode(200)
                .extract().jsonPath();
        assertThat(coverage.getList("keys.keyId")).containsExactly(BackupServiceTestStack.KEY_ID);
        assertThat(coverage.getString("keys[0].fingerprint")).hasSize(32).isEqualTo(coverage.getString("keys[0].recordedFingerprint"));
        assertThat(coverage.getString("keys[0].problem")).isNull();
        assertThat(coverage.getLong("keys[0].backupsByDatabase.shop")).isPositive();
        assertThat(coverage.getList("unopened.backupId")).doesNotContain(backup.backupId());
        given().auth().oauth2(LocalTokens.forTest("viewer")).when().get("/api/keys").then().statusCode(403);
    }

    @Test
    void aFlippedByteFailsWithAChecksumErrorWhenVerifiedAndWhenScrubbed() throws Exception {
        BackupCompleted backup = VerifierTestStack.backupService().backUp("shop", WAIT);
        passedOf(backup.backupId());
        flipAByte(bucketFile(backup.objectKey()));

        // The same stored object announced again as another backup is checked from scratch.
        String replayed = replay(backup);
        VerificationFailed failed = failedOf(replayed);
        assertThat(failed.check()).isEqualTo(VerificationCheck.CHECKSUM);

        // The scrub re-reads the backup that had passed and finds the rot.
        given().auth().oauth2(LocalTokens.forTest("viewer")).when().post("/api/verifications/scrub").then().statusCode(403);
        JsonPath scrub = given().auth().oauth2(LocalTokens.forTest("operator")).when().post("/api/verifications/scrub")
                .then().statusCode(200).extract().jsonPath();
        assertThat(scrub.getList("checked.backupId")).isNotEmpty();
        VerificationFailed scrubbed = failedOf(backup.backupId());
        assertThat(scrubbed.check()).isEqualTo(VerificationCheck.CHECKSUM);
        assertThat(scrubbed.details()).startsWith("scrub: ");
        given().auth().oauth2(LocalTokens.forTest("viewer")).queryParam("databaseId", "shop").when().get("/api/verifications")
                .then().statusCode(200).body("items.find { it.backupId == '%s' }.status".formatted(backup.backupId()), equalTo("FAILED"));
    }

    @Test
    void aDeletedObjectFailsNamingTheMissingKey() throws Exception {
        BackupCompleted backup = VerifierTestStack.backupService().backUp("edited", WAIT);
        passedOf(backup.backupId());
        Files.delete(bucketFile(backup.objectKey()));

        VerificationFailed failed = failedOf(replay(backup));
        assertThat(failed.check()).isEqualTo(VerificationCheck.CHECKSUM);
        assertThat(failed.details()).contains(backup.objectKey()).contains("missing");
    }

    @Test
    void aRestoreTestRestoresTheNewestVerifiedBackupChecksItAndDropsTheScratchDatabase() throws Exception {
        BackupCompleted backup = VerifierTestStack.backupService().backUp("shop", WAIT);
        passedOf(backup.backupId());
        Map<String, Long> source = ShopDatabase.rowCounts(postgres, "shop");

        String testId = requestRestoreTest("shop");
        RestoreTestCompleted completed = verificationEvents.await(RestoreTestCompleted.class, testId, WAIT).data();

        assertThat(completed.passed()).isTrue();
        assertThat(completed.backupId()).isEqualTo(backup.backupId());
        assertThat(completed.restoreDurationMs()).isPositive();
        assertThat(completed.backupAgeSeconds()).isBetween(0L, 600L);
        assertThat(scratchDatabases()).isEmpty();

        String report = given().auth().oauth2(LocalTokens.forTest("viewer")).when().get("/api/restore-tests/{id}/report", testId)
                .then().statusCode(200).contentType("text/markdown").extract().asString();
        assertThat(report).contains("# Restore test of shop: PASS").contains(backup.backupId()).contains("Restore time (RTO)")
                .contains("| ROW_COUNTS | pass |").contains("| FK_INTEGRITY | pass |").contains("| SCHEMA_OBJECTS | pass |")
                .containsPattern("\\| ROW_DIGESTS \\| pass \\| \\d+ tables' rows match the backup's digests")
                .contains("| FRESHNESS_COLUMNS | pass |").contains("public.orders.placed = ").contains("public.customer.created = ");
        source.forEach((table, rows) -> assertThat(report).contains("| " + table + " | " + rows + " | " + rows + " |"));
        String json = Files.readString(bucketFile(completed.reportKey().replace(".md", ".json")), StandardCharsets.UTF_8);
        assertThat(JsonPath.from(json).getMap("tableRows", String.class, Long.class)).isEqualTo(source);
        assertThat(JsonPath.from(json).getBoolean("passed")).isTrue();
        given().auth().oauth2(LocalTokens.forTest("viewer")).queryParam("databaseId", "shop").when().get("/api/restore-tests")
                .then().statusCode(200).body("items.find { it.testId == '%s' }.status".formatted(testId), equalTo("PASSED"))
                .body("page", equalTo(0)).body("size", equalTo(50)).body("total", org.hamcrest.Matchers.greaterThanOrEqualTo(1));
        // the checks are JSON objects, not JSON inside a string; a partitioned table's rows are counted once
        long rowsOnce = source.values().stream().mapToLong(Long::longValue).sum() - source.get("public.measurement");
        given().auth().oauth2(LocalTokens.forTest("viewer")).when().get("/api/restore-tests/{id}", testId).then().statusCode(200)
                .body("checks.check", org.hamcrest.Matchers.hasItems("ROW_COUNTS", "FK_INTEGRITY", "SCHEMA_OBJECTS"))
                .body("checks.passed", org.hamcrest.Matchers.everyItem(equalTo(true)))
                .body("rowsRestored", equalTo((int) rowsOnce));
        assertThat(report).contains("| Records restored | " + rowsOnce + " |");
    }

    @Test
    void aManifestThatDisagreesWithItsDataFailsTheRestoreTestNamingTheTable() throws Exception {
        BackupCompleted backup = VerifierTestStack.backupService().backUp("edited", WAIT);
        passedOf(backup.backupId());
        Path manifest = bucketFile(backup.manifestKey());
        long customers = backup.tableRowCounts().get("public.customer");
        String text = Files.readString(manifest, StandardCharsets.UTF_8);
        String edited = text.replace("\"public.customer\" : " + customers, "\"public.customer\" : " + (customers + 1))
                .replace("\"public.customer\":" + customers, "\"public.customer\":" + (customers + 1));
        String testId = failingRestoreTestOfEdited(manifest, text, edited);
        VerificationFailed failed = verificationEvents.await(VerificationFailed.class, testId, WAIT).data();
        assertThat(failed.details()).contains("public.customer").contains(customers + " rows, the manifest says " + (customers + 1));
        assertThat(scratchDatabases()).isEmpty();
        given().auth().oauth2(LocalTokens.forTest("viewer")).when().get("/api/restore-tests/{id}/report", testId)
                .then().statusCode(200).body(org.hamcrest.Matchers.containsString("FAIL"));
    }

    @Test
    void aFreshnessColumnWhoseNewestValueDisagreesWithTheManifestFailsTheRestoreTestNamingIt() throws Exception {
        BackupCompleted backup = VerifierTestStack.backupService().backUp("edited", WAIT);
        passedOf(backup.backupId());
        Path manifest = bucketFile(backup.manifestKey());
        String text = Files.readString(manifest, StandardCharsets.UTF_8);
        NewestValue placed = ManifestJson.read(text).freshnessColumns().get("public.orders");
        assertThat(placed.column()).isEqualTo("placed");
        assertThat(placed.newest()).isNotNull().endsWith("+00");
        String edited = text.replace(placed.newest(), "2099-01-01 00:00:00+00");
        String testId = failingRestoreTestOfEdited(manifest, text, edited);
        VerificationFailed failed = verificationEvents.await(VerificationFailed.class, testId, WAIT).data();
        assertThat(failed.details()).contains("public.orders.placed: newest is " + placed.newest() + ", the manifest says 2099-01-01 00:00:00+00")
                .doesNotContain("public.customer.created");
        assertThat(scratchDatabases()).isEmpty();
        given().auth().oauth2(LocalTokens.forTest("viewer")).when().get("/api/restore-tests/{id}/report", testId)
                .then().statusCode(200).body(org.hamcrest.Matchers.containsString("| FRESHNESS_COLUMNS | **fail** |"))
                .body(org.hamcrest.Matchers.containsString("| ROW_COUNTS | pass |"));
    }

    @Test
    void restoreTestRequestsAreCheckedFirst() {
        given().auth().oauth2(LocalTokens.forTest("viewer")).contentType("application/json").body("{\"databaseId\":\"shop\"}")
                .when().post("/api/restore-tests").then().statusCode(403);
        given().auth().oauth2(LocalTokens.forTest("operator")).contentType("application/json").body("{\"databaseId\":\"nobody\"}")
                .when().post("/api/restore-tests").then().statusCode(404).body("code", equalTo("UNKNOWN_DATABASE"))
                .body("error", org.hamcrest.Matchers.startsWith("database 'nobody' is not registered"));
        given().auth().oauth2(LocalTokens.forTest("operator")).contentType("application/json").body("{\"databaseId\":\"x; DROP\"}")
                .when().post("/api/restore-tests").then().statusCode(400);
        given().auth().oauth2(LocalTokens.forTest("operator")).contentType("application/json").body("{")
                .when().post("/api/restore-tests").then().statusCode(400);
        // an error is the one JSON error shape, whatever the caller accepts (the report itself is Markdown)
        given().auth().oauth2(LocalTokens.forTest("viewer")).accept("text/markdown").when()
                .get("/api/restore-tests/{id}/report", "no-such-test")
                .then().statusCode(404).contentType("application/json").body("code", equalTo("NOT_FOUND"))
                .body("error", equalTo("no restore test with id 'no-such-test'"));
        given().auth().oauth2(LocalTokens.forTest("viewer")).queryParam("status", "WHATEVER").when().get("/api/verifications")
                .then().statusCode(400);
        given().auth().oauth2(LocalTokens.forTest("viewer")).queryParam("size", 501).when().get("/api/verifications")
                .then().statusCode(400).body("error", equalTo("size must be 1 to 500"));
        given().auth().oauth2(LocalTokens.forTest("viewer")).queryParam("page", -1).when().get("/api/restore-tests")
                .then().statusCode(400).body("error", equalTo("page must be 0 or more"));
    }

    @Test
    void aDatabaseWithoutAVerifiedBackupCannotBeRestoreTested() {
        String databaseId = "unverified-" + UUID.randomUUID().toString().substring(0, 8);
        BackupCompleted ghost = claim(databaseId, UUID.randomUUID().toString(), null, null);
        backupEvents.publish(CloudEvent.of("/test", "r-ghost", ghost));
        assertThat(failedOf(ghost.backupId()).details()).contains(ghost.manifestKey()).contains("missing");

        given().auth().oauth2(LocalTokens.forTest("operator")).contentType("application/json").body("{\"databaseId\":\"" + databaseId + "\"}")
                .when().post("/api/restore-tests").then().statusCode(422);
    }

    @Test
    void aBackupCompletedWhoseKeysLeaveItsDatabasesFolderIsDeadLetteredAndTheBackupsBehindItAreVerified() {
        String forgedId = "forged-" + UUID.randomUUID();
        String otherDatabase = "other-" + UUID.randomUUID();
        String folder = dev.lifeboat.archive.ArchiveLayout.folder("shop", java.time.Instant.now(), otherDatabase);
        List<BackupCompleted> forged = List.of(
                claim("shop", forgedId, "../../../../etc/hostname", null),
                claim("shop", otherDatabase, dev.lifeboat.archive.ArchiveLayout.folder("orders", java.time.Instant.now(), otherDatabase)
                        + "manifest.json", null),
                claim("shop", "archive-" + forgedId, folder + "manifest.json", folder + "../x/archive.dump"));
        forged.forEach(event -> backupEvents.publish(CloudEvent.of("/test", "r-forged", event)));
        BackupCompleted real = VerifierTestStack.backupService().backUp("shop", WAIT);

        KafkaProbe kafka = new KafkaProbe(servers.kafka().orElseThrow().bootstrapServers());
        for (BackupCompleted event : forged) {
            var dead = kafka.awaitRecord(Topics.DEAD_LETTER, record -> record.value() != null
                    && new String(record.value(), StandardCharsets.UTF_8).contains(event.backupId()), WAIT).orElseThrow();
            assertThat(new String(dead.headers().lastHeader("dead-letter-reason").value(), StandardCharsets.UTF_8))
                    .contains("BackupCompleted " + event.backupId() + " names");
        }
        passedOf(real.backupId());
        given().auth().oauth2(LocalTokens.forTest("viewer")).queryParam("databaseId", "shop").when().get("/api/verifications")
                .then().statusCode(200).body("items.findAll { it.backupId.startsWith('forged-') || it.backupId.startsWith('archive-forged-') }.size()",
                        equalTo(0));
    }

    // --- helpers ------------------------------------------------------------------------------

    /** A BackupCompleted of nothing stored, in the layout's folder unless keys are given. */
    private static BackupCompleted claim(String databaseId, String backupId, String manifestKey, String objectKey) {
        String folder = dev.lifeboat.archive.ArchiveLayout.folder(databaseId, java.time.Instant.now(), backupId);
        return new BackupCompleted("r-" + backupId, backupId, databaseId, dev.lifeboat.events.backup.BackupTrigger.EXTERNAL,
                objectKey == null ? folder + "archive.dump" : objectKey, manifestKey == null ? folder + "manifest.json" : manifestKey,
                1, "0".repeat(64), dev.lifeboat.events.backup.Compression.NONE, false, null, 1, Map.of("public.t", 1L), "15.19",
                java.time.Instant.now(), java.time.Instant.now());
    }

    /** Writes the edited manifest, runs a restore test of {@code edited}, and checks it failed as a RESTORE_TEST; returns its id. */
    private String failingRestoreTestOfEdited(Path manifest, String text, String edited) throws Exception {
        assertThat(edited).isNotEqualTo(text);
        Files.writeString(manifest, edited, StandardCharsets.UTF_8);
        String testId = requestRestoreTest("edited");
        assertThat(verificationEvents.await(RestoreTestCompleted.class, testId, WAIT).data().passed()).isFalse();
        assertThat(verificationEvents.await(VerificationFailed.class, testId, WAIT).data().check()).isEqualTo(VerificationCheck.RESTORE_TEST);
        return testId;
    }

    private String requestRestoreTest(String databaseId) {
        return given().auth().oauth2(LocalTokens.forTest("operator")).contentType("application/json")
                .body("{\"databaseId\":\"" + databaseId + "\"}").when().post("/api/restore-tests")
                .then().statusCode(202).extract().path("testId");
    }

    private VerificationPassed passedOf(String backupId) {
        return verificationEvents.await(VerificationPassed.class, event -> backupId.equals(event.data().backupId()), WAIT)
                .orElseThrow(() -> new AssertionError("no VerificationPassed for " + backupId)).data();
    }

    private VerificationFailed failedOf(String backupId) {
        return verificationEvents.await(VerificationFailed.class, event -> backupId.equals(event.data().backupId())
                        && event.data().check() != VerificationCheck.FRESHNESS, WAIT)
                .orElseThrow(() -> new AssertionError("no VerificationFailed for " + backupId)).data();
    }

    /** Announces the same stored backup again under a new backup id, as a redelivery from another system would. */
    private String replay(BackupCompleted backup) {
        String backupId = UUID.randomUUID().toString();
        BackupCompleted again = new BackupCompleted(backup.requestId(), backupId, backup.databaseId(), backup.trigger(), backup.objectKey(),
                backup.manifestKey(), backup.sizeBytes(), backup.sha256(), backup.compression(), backup.encrypted(), backup.keyId(),
                backup.durationMs(), backup.tableRowCounts(), backup.serverVersion(), backup.startedAt(), backup.completedAt());
        backupEvents.publish(CloudEvent.of("/test", "replay-" + backupId, again));
        return backupId;
    }

    private Path bucketFile(String key) {
        return servers.s3().orElseThrow().bucketDir(RealServers.BUCKET).resolve(key);
    }

    static void flipAByte(Path file) throws Exception {
        try (RandomAccessFile stored = new RandomAccessFile(file.toFile(), "rw")) {
            stored.seek(stored.length() / 2);
            int b = stored.read();
            stored.seek(stored.length() / 2);
            stored.write(b ^ 0x01);
        }
    }

    private List<String> scratchDatabases() throws Exception {
        try (Connection connection = postgres.connect("postgres");
             ResultSet result = connection.createStatement().executeQuery("SELECT datname FROM pg_database WHERE datname LIKE 'lifeboat_scratch_%'")) {
            List<String> names = new java.util.ArrayList<>();
            while (result.next()) {
                names.add(result.getString(1));
            }
            return names;
        }
    }
}
