package dev.lifeboat.backup;

import dev.lifeboat.backup.schedule.BackupScheduler;
import dev.lifeboat.archive.ArchiveEncryption;
import dev.lifeboat.archive.ArchiveReader;
import dev.lifeboat.archive.BackupManifest;
import dev.lifeboat.events.backup.BackupCompleted;
import dev.lifeboat.events.backup.BackupStarted;
import dev.lifeboat.events.backup.BackupTrigger;
import dev.lifeboat.events.backup.Compression;
import dev.lifeboat.events.envelope.CloudEvent;
import dev.lifeboat.realservers.RealServers;
import dev.lifeboat.realservers.postgres.PostgresServer;
import dev.lifeboat.realservers.kafka.KafkaProbe;
import dev.lifeboat.realservers.quarkus.InjectRealServers;
import dev.lifeboat.realservers.tokens.LocalTokens;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import jakarta.inject.Inject;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.s3.S3Client;

import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A database of varied types is backed up through each of the three triggers, over real Kafka, from a
 * real PostgreSQL 15 with the real {@code pg_dump}, into real S3Proxy; what lands in the bucket is
 * checked the way a restore would read it.
 */
@QuarkusTest
class BackupPipelineTest {

    private static final Duration BACKUP_TIMEOUT = Duration.ofSeconds(90);

    @InjectRealServers
    RealServers servers;

    @Inject
    BackupScheduler scheduler;

    private BackupEvents events;
    private S3Client bucket;

    @BeforeEach
    void setUp() {
        ProtectedDatabases.create(servers.postgres().orElseThrow());
        ProtectedDatabases.registerOnTestServer(servers.postgres().orElseThrow(), "shop", "shop", "");
        events = new BackupEvents(new KafkaProbe(servers.kafka().orElseThrow().bootstrapServers()));
        bucket = TestBucket.client(servers.s3().orElseThrow());
    }

    @Test
    void aBackupRequestedThroughTheApiIsStoredEncryptedWithAManifestThatMatchesTheDatabase() throws Exception {
        String requestId = given().auth().oauth2(LocalTokens.forTest("operator")).contentType("application/json")
                .body("{\"databaseId\":\"shop\",\"labels\":{\"ticket\":\"OPS-7\"}}")
                .when().post("/api/backups").then().statusCode(202).extract().path("requestId");

        CloudEvent<BackupStarted> started = events.await(BackupStarted.class, requestId, BACKUP_TIMEOUT);
        CloudEvent<BackupCompleted> completed = events.await(BackupCompleted.class, requestId, BACKUP_TIMEOUT);
        BackupCompleted backup = completed.data();
        assertThat(started.data().backupId()).isEqualTo(backup.backupId());
        assertThat(completed.subject()).isEqualTo("shop");
        assertThat(backup.trigger()).isEqualTo(BackupTrigger.MANUAL);
        assertThat(backup.compression()).isEqualTo(Compression.ZSTD);
        assertThat(backup.encrypted()).isTrue();
        assertThat(backup.keyId()).isEqualTo(ArchiveKeyTestResource.KEY_ID);
        assertThat(backup.serverVersion()).startsWith("15.");
        ZonedDateTime day = backup.startedAt().atZone(ZoneOffset.UTC);
        assertThat(backup.objectKey()).isEqualTo(String.format("backups/shop/%04d/%02d/%02d/%s/archive.dump.zst.enc",
                day.getYear(), day.getMonthValue(), day.getDayOfMonth(), backup.backupId()));
        assertThat(backup.tableRowCounts()).isEqualTo(ProtectedDatabases.rowCounts(servers.postgres().orElseThrow(), "shop"))
                .containsEntry("public.customer", 500L).containsEntry("public.orders", 2000L)
                .containsEntry("public.measurement", 1000L);

        byte[] stored = TestBucket.object(bucket, RealServers.BUCKET, backup.objectKey());
        assertThat(stored.length).isEqualTo(backup.sizeBytes()).isGreaterThan(5 * 1024 * 1024);
        assertThat(HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(stored))).isEqualTo(backup.sha256());
        assertThat(new String(stored, StandardCharsets.ISO_8859_1)).doesNotContain(ProtectedDatabases.MARKER).doesNotContain("CREATE TABLE");

        JsonPath detail = given().auth().oauth2(LocalTokens.forTest("viewer")).when().get("/api/backups/" + backup.backupId())
                .then().statusCode(200).extract().jsonPath();
        assertThat(detail.getString("manifest.sha256")).isEqualTo(backup.sha256());
        assertThat(detail.getString("manifest.labels.ticket")).isEqualTo("OPS-7");
        assertThat(detail.getString("manifest.encryption.keyId")).isEqualTo(ArchiveKeyTestResource.KEY_ID);
        assertThat(detail.getString("manifest.encryption.algorithm")).isEqualTo(ArchiveEncryption.ALGORITHM);
        assertThat(detail.getString("manifest.correlationId")).isEqualTo(requestId);

        String list = pgRestoreList(backup.manifestKey());
        assertThat(list).contains("TABLE DATA public customer", "TABLE DATA public orders", "TABLE public measurement ",
                "TABLE DATA public measurement_2025", "SEQUENCE public invoice_no", "TYPE public mood", "FK CONSTRAINT public orders");
    }

    @Test
    void aBackupRecordsTheNewestValueOfEachFreshnessColumnAndWhyOneCouldNotBeRead() throws Exception {
        ProtectedDatabases.registerOnTestServer(servers.postgres().orElseThrow(), "shop-fresh", "shop", """
                ,"freshnessColumns":{"public.orders":"placed","public.measurement":"at","public.customer":"profile",\
                "public.measurement_2025":"nope","public.gone":"id"}""");
        String requestId = given().auth().oauth2(LocalTokens.forTest("operator")).contentType("application/json")
                .body("{\"databaseId\":\"shop-fresh\"}").when().post("/api/backups").then().statusCode(202).extract().path("requestId");

        BackupCompleted backup = events.await(BackupCompleted.class, requestId, BACKUP_TIMEOUT).data();
        JsonPath detail = given().auth().oauth2(LocalTokens.forTest("viewer")).when().get("/api/backups/" + backup.backupId())
                .then().statusCode(200).extract().jsonPath();
        Map<String, Map<String, String>> recorded = detail.getMap("manifest.freshnessColumns");

        assertThat(recorded).containsOnlyKeys("public.orders", "public.measurement", "public.customer", "public.measurement_2025", "public.gone");
        String placed = recorded.get("public.orders").get("newest");
        assertThat(placed).endsWith("+00");
        assertThat(recorded.get("public.orders")).containsEntry("column", "placed").containsEntry("problem", null);
        assertThat(sameValue("SELECT max(placed) = ?::timestamptz FROM orders", placed)).isTrue();
        assertThat(sameValue("SELECT max(at) = ?::date FROM measurement", recorded.get("public.measurement").get("newest"))).isTrue();
        assertThat(recorded.get("public.customer").get("newest")).isNull();
        assertThat(recorded.get("public.customer").get("problem")).contains("profile (jsonb)").contains("cannot be read");
        assertThat(recorded.get("public.measurement_2025").get("problem")).isEqualTo("table public.measurement_2025 has no column nope");
        assertThat(recorded.get("public.gone").get("problem")).isEqualTo("there is no table public.gone");
        // The refused max(jsonb) ran in the dump's snapshot transaction; the counts and the reads after it are whole.
        assertThat(backup.tableRowCounts()).isEqualTo(ProtectedDatabases.rowCounts(servers.postgres().orElseThrow(), "shop"));
    }

    @Test
    void aBackupOfADatabaseCapturedForPointInTimeIsAlignedToItsChangeStreamWhenItsRoleMayReplicate() throws Exception {
        PostgresServer postgres = servers.postgres().orElseThrow();
        ProtectedDatabases.registerOnTestServer(postgres, "shop-pitr", "shop", ",\"pointInTime\":{\"enabled\":true,\"window\":\"P2D\"}");

        BackupCompleted unaligned = events.await(BackupCompleted.class, requestBackup("shop-pitr"), BACKUP_TIMEOUT).data();
        assertThat(manifestOf(unaligned).getString("manifest.streamLsn")).as("the owner may not replicate yet").isNull();

        postgres.execute("ALTER ROLE " + ProtectedDatabases.OWNER + " REPLICATION");
        try {
            BackupCompleted aligned = events.await(BackupCompleted.class, requestBackup("shop-pitr"), BACKUP_TIMEOUT).data();
            String lsn = manifestOf(aligned).getString("manifest.streamLsn");
            assertThat(lsn).matches("[0-9A-F]+/[0-9A-F]+");
            try (java.sql.Connection connection = postgres.connect("shop");
                 java.sql.PreparedStatement statement = connection.prepareStatement(
                         "SELECT ?::pg_lsn <= pg_current_wal_lsn(), (SELECT count(*) FROM pg_replication_slots WHERE temporary)")) {
                statement.setString(1, lsn);
                try (java.sql.ResultSet result = statement.executeQuery()) {
                    result.next();
                    assertThat(result.getBoolean(1)).isTrue();
                    assertThat(result.getLong(2)).as("the temporary slot is gone with the backup").isZero();
                }
            }
            assertThat(aligned.tableRowCounts()).isEqualTo(ProtectedDatabases.rowCounts(postgres, "shop"));
        } finally {
            // removed: its capture stops and its slot goes, before the owner loses REPLICATION
            given().auth().oauth2(LocalTokens.forTest("admin")).when().delete("/api/databases/shop-pitr").then().statusCode(204);
            await().atMost(Duration.ofSeconds(60)).until(() -> slotsOf(postgres, "shop") == 0);
            postgres.execute("ALTER ROLE " + ProtectedDatabases.OWNER + " NOREPLICATION");
        }
    }

    private static long slotsOf(PostgresServer postgres, String database) throws Exception {
        try (java.sql.Connection connection = postgres.connect(database);
             java.sql.ResultSet result = connection.createStatement().executeQuery(
                     "SELECT count(*) FROM pg_replication_slots WHERE database = current_database()")) {
            result.next();
            return result.getLong(1);
        }
    }

    private static String requestBackup(String databaseId) {
        return given().auth().oauth2(LocalTokens.forTest("operator")).contentType("application/json")
                .body("{\"databaseId\":\"" + databaseId + "\"}").when().post("/api/backups").then().statusCode(202)
                .extract().path("requestId");
    }

    private static JsonPath manifestOf(BackupCompleted backup) {
        return given().auth().oauth2(LocalTokens.forTest("viewer")).when().get("/api/backups/" + backup.backupId())
                .then().statusCode(200).extract().jsonPath();
    }

    private boolean sameValue(String sql, String recorded) throws Exception {
        try (java.sql.Connection connection = servers.postgres().orElseThrow().connect("shop");
             java.sql.PreparedStatement statement = connection.prepareStatement(sql)) {
            statement.setString(1, recorded);
            try (java.sql.ResultSet result = statement.executeQuery()) {
                result.next();
                return result.getBoolean(1);
            }
        }
    }

    @Test
    void aBackupRequestedEventFromAnotherSystemIsBackedUpAndCatalogued() {
        String requestId = "billing-" + UUID.randomUUID();
        events.request(requestId, "shop");

        BackupCompleted backup = events.await(BackupCompleted.class, requestId, BACKUP_TIMEOUT).data();
        assertThat(backup.trigger()).isEqualTo(BackupTrigger.EXTERNAL);
        given().auth().oauth2(LocalTokens.forTest("viewer")).queryParam("databaseId", "shop").queryParam("size", 500)
                .when().get("/api/backups").then().statusCode(200)
                .body("items.backupId", org.hamcrest.Matchers.hasItem(backup.backupId()));
        given().auth().oauth2(LocalTokens.forTest("viewer")).when().get("/api/backups/requests/" + requestId).then()
                .statusCode(200).body("status", org.hamcrest.Matchers.equalTo("COMPLETED"));
    }

    @Test
    void aScheduleFiresABackupOnItsSlot() {
        // A six-field cron (seconds first) whose only slot this year is a few seconds from now.
        ZonedDateTime slot = ZonedDateTime.now(ZoneOffset.UTC).plusSeconds(8);
        String cron = slot.getSecond() + " " + slot.getMinute() + " " + slot.getHour() + " " + slot.getDayOfMonth() + " " + slot.getMonthValue() + " *";
        ProtectedDatabases.registerOnTestServer(servers.postgres().orElseThrow(), "shop-scheduled", "shop", ",\"schedule\":\"" + cron + "\"");
        String requestId = "schedule-shop-scheduled-" + slot.withNano(0).toInstant().getEpochSecond();

        BackupCompleted backup = events.await(BackupCompleted.class, requestId, BACKUP_TIMEOUT).data();
        assertThat(backup.trigger()).isEqualTo(BackupTrigger.SCHEDULE);
        assertThat(backup.databaseId()).isEqualTo("shop-scheduled");
    }

    @Test
    void aSlotFiresOnceWhenReplicasRaceForIt() throws Throwable {
        ProtectedDatabases.registerOnTestServer(servers.postgres().orElseThrow(), "shop-raced", "shop", ",\"schedule\":\"0 0 1 1 *\"");
        var database = io.quarkus.vertx.VertxContextSupport.subscribeAndAwait(() ->
                io.quarkus.hibernate.reactive.panache.Panache.withSession(() ->
                        dev.lifeboat.backup.registry.RegisteredDatabase.<dev.lifeboat.backup.registry.RegisteredDatabase>findById("shop-raced")));
        // As if the database had been registered long ago, so January's slot is due; four "replicas" tick at once.
        database.createdAt = Instant.parse("2020-01-01T00:00:00Z");
        Instant now = Instant.now();
        ExecutorService replicas = Executors.newFixedThreadPool(4);
        try {
            List<Future<Optional<String>>> fired = new ArrayList<>();
            for (int i = 0; i < 4; i++) {
                fired.add(replicas.submit((Callable<Optional<String>>) () -> {
                    try {
                        return scheduler.fireDue(database, now);
                    } catch (Throwable e) {
                        throw new Exception(e);
                    }
                }));
            }
            long firings = 0;
            for (Future<Optional<String>> one : fired) {
                firings += one.get(30, TimeUnit.SECONDS).isPresent() ? 1 : 0;
            }
            assertThat(firings).isEqualTo(1);
        } finally {
            replicas.shutdownNow();
        }
        try (var connection = servers.postgres().orElseThrow().connect("lifeboat");
             var rows = connection.createStatement().executeQuery("SELECT count(*) FROM backup.schedule_firing WHERE database_id = 'shop-raced'")) {
            rows.next();
            assertThat(rows.getLong(1)).isEqualTo(1);
        }
    }

    /** Reads the manifest and archive back from the bucket, decrypts, decompresses and checks, then asks pg_restore for its list. */
    private String pgRestoreList(String manifestKey) throws Exception {
        BackupManifest manifest = dev.lifeboat.archive.ManifestJson.read(
                new String(TestBucket.object(bucket, RealServers.BUCKET, manifestKey), StandardCharsets.UTF_8));
        ArchiveEncryption key = new ArchiveEncryption(ArchiveKeyTestResource.KEY_ID, ArchiveKeyTestResource.key());
        Path archive = Files.createTempFile("shop", ".dump");
        try {
            try (InputStream stored = bucket.getObject(builder -> builder.bucket(RealServers.BUCKET).key(manifest.archiveKey()));
                 InputStream plaintext = ArchiveReader.plaintext(stored, manifest, id -> id.equals(key.keyId()) ? key : null);
                 OutputStream out = Files.newOutputStream(archive)) {
                plaintext.transferTo(out);
            }
            Process list = new ProcessBuilder("pg_restore", "--list", archive.toString()).redirectErrorStream(true).start();
            String output = new String(list.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertThat(list.waitFor()).as(output).isZero();
            return output;
        } finally {
            Files.deleteIfExists(archive);
        }
    }
}
