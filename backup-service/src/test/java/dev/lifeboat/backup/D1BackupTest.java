package dev.lifeboat.backup;

import dev.lifeboat.archive.ArchiveEncryption;
import dev.lifeboat.archive.ArchiveReader;
import dev.lifeboat.archive.BackupManifest;
import dev.lifeboat.archive.ManifestJson;
import dev.lifeboat.d1.D1Location;
import dev.lifeboat.d1.fixtures.D1Rows;
import dev.lifeboat.d1.lock.D1DatabaseLock;
import dev.lifeboat.d1.query.D1Queries;
import dev.lifeboat.d1.wrangler.Wrangler;
import dev.lifeboat.events.backup.BackupCompleted;
import dev.lifeboat.events.backup.BackupFailed;
import dev.lifeboat.events.envelope.CloudEvent;
import dev.lifeboat.realservers.RealServers;
import dev.lifeboat.realservers.kafka.KafkaProbe;
import dev.lifeboat.realservers.postgres.PostgresServer;
import dev.lifeboat.realservers.quarkus.InjectRealServers;
import dev.lifeboat.realservers.tokens.LocalTokens;
import dev.lifeboat.realservers.wrangler.InstalledWrangler;
import dev.lifeboat.runtime.secret.DatabaseSecrets;
import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.s3.S3Client;

import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.UUID;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.hasItems;

/**
 * A Cloudflare D1 database (local: workerd's real SQLite, through the real wrangler) registered, tested and backed up as
 * a PostgreSQL one is: the same archive (zstd, AES-256-GCM, SHA-256, manifest), each table's exact rows counted from the
 * export, and the archive, put back with {@code wrangler d1 execute --file}, holds every row alike. A backup waits for the
 * lock a restore into the database holds.
 */
@QuarkusTest
class D1BackupTest {

    private static final Duration BACKUP_TIMEOUT = Duration.ofSeconds(120);
    private static final String PORTAL = String.join("\n",
            "CREATE TABLE clients (id INTEGER PRIMARY KEY, name TEXT NOT NULL);",
            "CREATE TABLE tickets (id INTEGER PRIMARY KEY, client_id INTEGER NOT NULL REFERENCES clients(id), subject TEXT);",
            "CREATE TABLE invoices (id INTEGER PRIMARY KEY, client_id INTEGER REFERENCES clients(id), ticket_id INTEGER REFERENCES tickets(id),"
                    + " amount_cents INTEGER);",
            "CREATE TABLE activity_log (id INTEGER PRIMARY KEY AUTOINCREMENT, what TEXT);",
            "INSERT INTO clients VALUES (1, 'O''Brien; Ltd'), (2, 'Zoë');",
            "INSERT INTO tickets VALUES (1, 1, 'printer'), (2, 2, 'a line;\nand another');",
            "INSERT INTO invoices VALUES (1, 1, 1, 1250), (2, 2, 2, 99), (3, 2, NULL, 7);");

    @InjectRealServers
    RealServers servers;

    private static Path folder;
    private static D1Location portal;
    private final Wrangler wrangler = new Wrangler(InstalledWrangler.executable(), Duration.ofMinutes(2), DatabaseSecrets.defaults());
    private BackupEvents events;
    private S3Client bucket;

    @BeforeEach
    void setUp() throws Exception {
        if (folder == null) {
            folder = Files.createTempDirectory("lifeboat-d1-backup-test");
            portal = new D1Location("portal", null, null, folder, null);
            new D1Queries(wrangler).execute(portal, PORTAL);
        }
        registerLocal("portal-db", "portal", "");
        events = new BackupEvents(new KafkaProbe(servers.kafka().orElseThrow().bootstrapServers()));
        bucket = TestBucket.client(servers.s3().orElseThrow());
    }

    @Test
    void aD1BackupIsTheSameEncryptedArchiveWithEachTablesRowsFromTheExportAndItPutsBackEveryRow() throws Exception {
        D1Queries queries = new D1Queries(wrangler);
        String requestId = "d1-" + UUID.randomUUID();
        events.request(requestId, "portal-db");

        CloudEvent<BackupCompleted> completed = events.await(BackupCompleted.class, requestId, BACKUP_TIMEOUT);

        assertThat(completed.data().tableRowCounts()).isEqualTo(queries.rowCounts(portal))
                .containsEntry("clients", 2L).containsEntry("activity_log", 0L);
        assertThat(completed.data().encrypted()).isTrue();
        assertThat(completed.data().serverVersion()).isEqualTo("Cloudflare D1 (SQLite)");
        BackupManifest manifest = ManifestJson.read(new String(TestBucket.object(bucket, RealServers.BUCKET, completed.data().manifestKey()),
                StandardCharsets.UTF_8));
        assertThat(manifest.archiveFormat()).isEqualTo("d1-sql");
        assertThat(manifest.heldMs()).as("how long the export held the database: within the backup")
                .isPositive().isLessThanOrEqualTo(completed.data().durationMs());

        Path export = folder.resolve("restored.sql");
        ArchiveEncryption key = new ArchiveEncryption(ArchiveKeyTestResource.KEY_ID, ArchiveKeyTestResource.key());
        try (InputStream stored = bucket.getObject(builder -> builder.bucket(RealServers.BUCKET).key(manifest.archiveKey()));
             InputStream plaintext = ArchiveReader.plaintext(stored, manifest, id -> id.equals(key.keyId()) ? key : null);
             OutputStream out = Files.newOutputStream(export)) {
            plaintext.transferTo(out);
        }
        D1Location copy = portal.sibling("portal_copy_" + UUID.randomUUID().toString().substring(0, 8), null);
        wrangler.run(copy, List.of("execute", copy.name(), "--yes", "--file", export.toString()));
        assertThat(D1Rows.of(queries, copy)).isEqualTo(D1Rows.of(queries, portal)).containsKey("clients");
    }

    @Test
    void aBackupWaitsWhileARestoreHoldsTheDatabasesLockAndExportsTheDatabaseAsTheRestoreLeftIt() throws Exception {
        D1Queries queries = new D1Queries(wrangler);
        String requestId = UUID.randomUUID().toString();
        try (D1DatabaseLock restoring = D1DatabaseLock.take(() -> servers.postgres().orElseThrow().connect(PostgresServer.DATABASE),
                portal, Duration.ZERO)) {
            events.request(requestId, "portal-db");
            await().atMost(Duration.ofSeconds(30)).until(() -> servers.postgres().orElseThrow().hasSessionNamed("lifeboat backup " + requestId + "#1"));
            queries.execute(portal, "INSERT INTO clients VALUES (3, 'loaded by the restore that holds the lock');");
        }

        CloudEvent<BackupCompleted> completed = events.await(BackupCompleted.class, requestId, BACKUP_TIMEOUT);

        assertThat(completed.data().tableRowCounts()).as("exported after the restore let go, not while it loaded")
                .containsEntry("clients", 3L);
        queries.execute(portal, "DELETE FROM clients WHERE id = 3;");
    }

    /**
     * Issue 49: an attempt whose replica froze with the database's lock (its request taken over by a newer attempt) kept
     * the newer attempt waiting for {@code lock-wait} and failed it; the lock's session is named after the attempt now, and
     * the newer attempt ends an older one's.
     */
    @Test
    void theLockHeldByAnOlderAttemptOfTheRequestIsTakenFromItAndTheBackupCompletes() throws Exception {
        String requestId = UUID.randomUUID().toString();
        PostgresServer own = servers.postgres().orElseThrow();
        try (Connection frozen = own.connect(PostgresServer.DATABASE); Statement named = frozen.createStatement()) {
            named.execute("SET application_name = 'lifeboat backup " + requestId + "#0'");
            D1DatabaseLock stale = D1DatabaseLock.take(() -> frozen, portal, Duration.ZERO);

            events.request(requestId, "portal-db");
            events.await(BackupCompleted.class, requestId, BACKUP_TIMEOUT);

            assertThatThrownBy(stale::stillHeld).as("the older attempt's session was ended").isInstanceOf(D1DatabaseLock.NotHeld.class);
            assertThat(own.hasSessionNamed("lifeboat backup " + requestId + "#0")).isFalse();
        }
    }

    @Test
    void theConnectionTestOfAD1DatabaseRunsARealQueryAndListsItsTables() {
        given().auth().oauth2(LocalTokens.forTest("operator")).when().post("/api/databases/portal-db/test-connection")
                .then().statusCode(200).body("connected", org.hamcrest.Matchers.is(true))
                .body("tables", hasItems("clients", "tickets", "invoices", "activity_log"));
    }

    @Test
    void aD1DatabaseWithoutTablesIsAFailedBackupWithNothingInTheBucket() {
        registerLocal("nowhere-db", "nowhere", "");
        String requestId = "d1-missing-" + UUID.randomUUID();
        events.request(requestId, "nowhere-db");

        CloudEvent<BackupFailed> failed = events.await(BackupFailed.class, requestId, BACKUP_TIMEOUT);

        assertThat(failed.data().errorCode()).isEqualTo("DATABASE_NOT_FOUND");
        assertThat(failed.data().message()).contains("has no tables");
        assertThat(bucket.listObjectsV2(builder -> builder.bucket(RealServers.BUCKET).prefix("nowhere-db/")).contents()).isEmpty();
        assertThat(TestBucket.openUploads(bucket, RealServers.BUCKET)).noneMatch(upload -> upload.key().startsWith("nowhere-db/"));
    }

    @Test
    void pointInTimeForAD1DatabaseIsRefusedWithA422NamingD1TimeTravel() {
        given().auth().oauth2(LocalTokens.forTest("admin")).contentType("application/json")
                .body("{\"id\":\"portal-pitr\",\"engine\":\"d1\",\"database\":\"portal\",\"d1\":{\"localFolder\":\"" + folder
                        + "\"},\"pointInTime\":{\"enabled\":true}}")
                .when().post("/api/databases").then().statusCode(422)
                .body("error", containsString("D1 Time Travel")).body("error", containsString("wrangler d1 time-travel restore"));
    }

    @Test
    void theEngineOfARegisteredDatabaseCannotChange() {
        given().auth().oauth2(LocalTokens.forTest("admin")).contentType("application/merge-patch+json")
                .body("{\"engine\":\"postgresql\",\"d1\":null,\"host\":\"db.internal\",\"username\":\"backup\"}")
                .when().patch("/api/databases/portal-db").then().statusCode(409)
                .body("error", containsString("its engine cannot change"));
    }

    private static void registerLocal(String id, String name, String extraJson) {
        int status = given().auth().oauth2(LocalTokens.forTest("admin")).contentType("application/json")
                .body("{\"id\":\"" + id + "\",\"engine\":\"d1\",\"database\":\"" + name + "\",\"d1\":{\"localFolder\":\"" + folder + "\"}"
                        + extraJson + "}")
                .when().post("/api/databases").then().extract().statusCode();
        assertThat(status).isIn(201, 409);
    }
}
