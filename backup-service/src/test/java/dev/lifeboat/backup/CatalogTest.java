package dev.lifeboat.backup;

import jakarta.inject.Inject;
import java.time.Instant;
import io.restassured.path.json.JsonPath;
import io.quarkus.vertx.VertxContextSupport;
import io.quarkus.hibernate.reactive.panache.Panache;
import dev.lifeboat.backup.retention.RetentionSweep;
import dev.lifeboat.backup.registry.RegisteredDatabase;
import dev.lifeboat.events.backup.BackupPurged;
import dev.lifeboat.events.backup.BackupUndeleted;
import dev.lifeboat.archive.ArchiveLayout;
import software.amazon.awssdk.services.s3.model.S3Object;
import dev.lifeboat.events.backup.BackupCompleted;
import dev.lifeboat.events.backup.BackupDeleted;
import dev.lifeboat.realservers.RealServers;
import dev.lifeboat.realservers.kafka.KafkaProbe;
import dev.lifeboat.realservers.quarkus.InjectRealServers;
import dev.lifeboat.realservers.tokens.LocalTokens;
import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.s3.S3Client;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;

/** The catalog lists, shows and deletes backups, and is rebuilt exactly from the manifests in the bucket. */
@QuarkusTest
class CatalogTest {

    @InjectRealServers
    RealServers servers;

    @Inject
    RetentionSweep sweep;

    private BackupEvents events;
    private S3Client bucket;

    @BeforeEach
    void setUp() {
        ProtectedDatabases.create(servers.postgres().orElseThrow());
        events = new BackupEvents(new KafkaProbe(servers.kafka().orElseThrow().bootstrapServers()));
        bucket = TestBucket.client(servers.s3().orElseThrow());
    }

    @Test
    void aRebuildFromTheBucketReproducesTheCatalogExactly() throws Exception {
        ProtectedDatabases.registerOnTestServer(servers.postgres().orElseThrow(), "tiny", "tiny", "");
        for (int i = 0; i < 3; i++) {
            String requestId = "rebuild-" + UUID.randomUUID();
            events.request(requestId, "tiny");
            events.await(BackupCompleted.class, requestId, Duration.ofSeconds(60));
        }
        // a deleted backup, kept until it is purged, is rebuilt as deleted (from the marker beside its manifest)
        given().auth().oauth2(LocalTokens.forTest("admin")).when().delete("/api/backups/" + backupIds("tiny").get(0)).then().statusCode(204);
        // what only the catalog knows of a backup it holds (what the verifier found) outlives a rebuild
        servers.postgres().orElseThrow().execute("lifeboat", "UPDATE backup.backup SET verified_at = now() WHERE backup_id = "
                + "(SELECT min(backup_id) FROM backup.backup WHERE database_id = 'tiny')");
        List<Map<String, Object>> before = catalogRows();
        assertThat(before).hasSizeGreaterThanOrEqualTo(2).anySatisfy(row -> assertThat(row.get("verified_at")).isNotNull());
        given().auth().oauth2(LocalTokens.forTest("admin")).when().post("/api/catalog/rebuild").then().statusCode(200)
                .body("backups", equalTo(before.size()));
        assertThat(catalogRows()).isEqualTo(before);

        // a catalog lost whole is rebuilt from the manifests alone
        servers.postgres().orElseThrow().execute("lifeboat", "UPDATE backup.backup SET verified_at = null");
        before = catalogRows();
        servers.postgres().orElseThrow().execute("lifeboat", "DELETE FROM backup.backup");
        given().auth().oauth2(LocalTokens.forTest("admin")).when().post("/api/catalog/rebuild").then().statusCode(200)
                .body("backups", equalTo(before.size()));

        assertThat(catalogRows()).isEqualTo(before);
    }

    @Test
    void theListingFiltersAndPagesAndBadParametersAre400() {
        ProtectedDatabases.registerOnTestServer(servers.postgres().orElseThrow(), "tiny-listed", "tiny", "");
        for (int i = 0; i < 3; i++) {
            String requestId = "list-" + UUID.randomUUID();
            events.request(requestId, "tiny-listed");
            events.await(BackupCompleted.class, requestId, Duration.ofSeconds(60));
        }
        given().auth().oauth2(LocalTokens.forTest("viewer")).queryParam("databaseId", "tiny-listed").queryParam("size", 2)
                .when().get("/api/backups").then().statusCode(200)
                .body("total", equalTo(3)).body("page", equalTo(0)).body("size", equalTo(2))
                .body("items", hasSize(2)).body("items[0].status", equalTo("COMPLETED"));
        given().auth().oauth2(LocalTokens.forTest("viewer")).queryParam("databaseId", "tiny-listed").queryParam("size", 2).queryParam("page", 1)
                .when().get("/api/backups").then().statusCode(200).body("items", hasSize(1)).body("page", equalTo(1)).body("total", equalTo(3));
        given().auth().oauth2(LocalTokens.forTest("viewer")).queryParam("databaseId", "tiny-listed").queryParam("from", "2999-01-01T00:00:00Z")
                .when().get("/api/backups").then().statusCode(200).body("total", equalTo(0));
        given().auth().oauth2(LocalTokens.forTest("viewer")).queryParam("databaseId", "tiny-listed").queryParam("status", "FAILED")
                .when().get("/api/backups").then().statusCode(200).body("total", equalTo(0));
        // a database nobody registered: 404 everywhere, naming the registered id closest to the typo
        given().auth().oauth2(LocalTokens.forTest("viewer")).queryParam("databaseId", "tiny-listd")
                .when().get("/api/backups").then().statusCode(404).body("code", equalTo("UNKNOWN_DATABASE"))
                .body("error", org.hamcrest.Matchers.containsString("the closest registered: tiny-listed"));
        given().auth().oauth2(LocalTokens.forTest("operator")).contentType("application/json").body("{\"databaseId\":\"tiny-listd\"}")
                .when().post("/api/backups").then().statusCode(404).body("code", equalTo("UNKNOWN_DATABASE"))
                .body("error", org.hamcrest.Matchers.containsString("tiny-listed"));
        given().auth().oauth2(LocalTokens.forTest("viewer")).queryParam("from", "yesterday")
                .when().get("/api/backups").then().statusCode(400).body("error", org.hamcrest.Matchers.containsString("ISO-8601"));
        given().auth().oauth2(LocalTokens.forTest("viewer")).queryParam("status", "GOOD")
                .when().get("/api/backups").then().statusCode(400);
        given().auth().oauth2(LocalTokens.forTest("viewer")).queryParam("size", 0)
                .when().get("/api/backups").then().statusCode(400).body("error", equalTo("size must be 1 to 500"));
        given().auth().oauth2(LocalTokens.forTest("viewer")).queryParam("page", -1)
                .when().get("/api/backups").then().statusCode(400).body("error", equalTo("page must be 0 or more"));
        given().auth().oauth2(LocalTokens.forTest("viewer")).queryParam("size", 1)
                .when().get("/api/databases").then().statusCode(200).body("items", hasSize(1)).body("page", equalTo(0))
                .body("size", equalTo(1)).body("total", org.hamcrest.Matchers.greaterThanOrEqualTo(1));
        given().auth().oauth2(LocalTokens.forTest("viewer")).queryParam("size", 501)
                .when().get("/api/databases").then().statusCode(400).body("error", equalTo("size must be 1 to 500"));
        given().auth().oauth2(LocalTokens.forTest("viewer")).when().get("/api/backups/no-such-backup").then().statusCode(404);
    }

    @Test
    void theOnlyBackupOfADatabaseIsDeletedOnlyWhenForced() throws Throwable {
        ProtectedDatabases.registerOnTestServer(servers.postgres().orElseThrow(), "tiny-deleted", "tiny", "");
        String requestId = "delete-" + UUID.randomUUID();
        events.request(requestId, "tiny-deleted");
        BackupCompleted backup = events.await(BackupCompleted.class, requestId, Duration.ofSeconds(60)).data();

        given().auth().oauth2(LocalTokens.forTest("operator")).when().delete("/api/backups/" + backup.backupId()).then().statusCode(403)
                .body("error", org.hamcrest.Matchers.startsWith("the token's roles do not allow this: it needs the role admin; the token has"))
                .body("error", org.hamcrest.Matchers.containsString("operator"));
        given().auth().oauth2(LocalTokens.forTest("admin")).when().delete("/api/backups/" + backup.backupId()).then().statusCode(409)
                .body("error", org.hamcrest.Matchers.containsString("only backup of tiny-deleted"));
        given().auth().oauth2(LocalTokens.forTest("admin")).queryParam("force", true).when().delete("/api/backups/" + backup.backupId())
                .then().statusCode(204);

        given().auth().oauth2(LocalTokens.forTest("viewer")).when().get("/api/backups/" + backup.backupId()).then().statusCode(404)
                .body("error", org.hamcrest.Matchers.containsString("is deleted: kept until"));
        assertThat(backupIds("tiny-deleted")).isEmpty();
        BackupDeleted deleted = events.await(BackupDeleted.class, requestId, Duration.ofSeconds(30)).data();
        assertThat(deleted.forced()).isTrue();
        assertThat(deleted.deletedBy()).isEqualTo("admin-user");

        // Issue 50: a deletion removed the objects at once, so one admin call lost the only backup for good. Now it is kept,
        // listed as deleted and undeletable for lifeboat.backup.deleted-kept-for (7 days), then purged.
        String folder = ArchiveLayout.folderOf(backup.manifestKey());
        assertThat(objectKeys(folder)).containsExactlyInAnyOrder(backup.objectKey(), backup.manifestKey(), ArchiveLayout.deletionMarkerKey(folder));
        JsonPath listed = given().auth().oauth2(LocalTokens.forTest("viewer")).queryParam("databaseId", "tiny-deleted")
                .when().get("/api/deleted-backups").then().statusCode(200).extract().jsonPath();
        assertThat(listed.getList("backup.backupId")).containsExactly(backup.backupId());
        assertThat(listed.getString("[0].deletedBy")).isEqualTo("admin-user");
        assertThat(listed.getString("[0].reason")).isEqualTo("a delete call, forced: its last backup or newest good one");
        assertThat(Duration.between(Instant.parse(listed.getString("[0].deletedAt")), Instant.parse(listed.getString("[0].purgeAfter"))))
                .isEqualTo(Duration.ofDays(7));
        given().auth().oauth2(LocalTokens.forTest("admin")).queryParam("force", true).when().delete("/api/backups/" + backup.backupId())
                .then().statusCode(404);
        given().auth().oauth2(LocalTokens.forTest("operator")).when().post("/api/deleted-backups/" + backup.backupId() + "/undelete")
                .then().statusCode(403);

        given().auth().oauth2(LocalTokens.forTest("admin")).when().post("/api/deleted-backups/" + backup.backupId() + "/undelete")
                .then().statusCode(200).body("backupId", equalTo(backup.backupId()));
        assertThat(backupIds("tiny-deleted")).containsExactly(backup.backupId());
        assertThat(objectKeys(folder)).containsExactlyInAnyOrder(backup.objectKey(), backup.manifestKey());
        assertThat(events.await(BackupUndeleted.class, requestId, Duration.ofSeconds(30)).data().undeletedBy()).isEqualTo("admin-user");
        given().auth().oauth2(LocalTokens.forTest("admin")).when().post("/api/deleted-backups/" + backup.backupId() + "/undelete")
                .then().statusCode(404).body("error", equalTo("no deleted backup with id '" + backup.backupId() + "'"));

        // deleted again, and its time to be kept over: the sweep purges objects and entry, and it cannot come back
        given().auth().oauth2(LocalTokens.forTest("admin")).queryParam("force", true).when().delete("/api/backups/" + backup.backupId())
                .then().statusCode(204);
        servers.postgres().orElseThrow().execute("lifeboat", "UPDATE backup.backup SET purge_after = now() - interval '1 second'"
                + " WHERE backup_id = '" + backup.backupId() + "'");
        RegisteredDatabase database = VertxContextSupport.subscribeAndAwait(() -> Panache.withSession(() -> RegisteredDatabase.findById("tiny-deleted")));
        sweep.sweep(database);
        assertThat(objectKeys(folder)).isEmpty();
        BackupPurged purged = events.await(BackupPurged.class, requestId, Duration.ofSeconds(30)).data();
        assertThat(purged.backupId()).isEqualTo(backup.backupId());
        assertThat(purged.purgedBy()).isEqualTo("retention");
        assertThat(purged.requestedBy()).isNull();
        given().auth().oauth2(LocalTokens.forTest("viewer")).queryParam("databaseId", "tiny-deleted").when().get("/api/deleted-backups")
                .then().statusCode(200).body("", hasSize(0));
        given().auth().oauth2(LocalTokens.forTest("admin")).when().post("/api/deleted-backups/" + backup.backupId() + "/undelete")
                .then().statusCode(404);
    }

    /**
     * Issue 50: purging a deleted backup before its time is one admin's call, but a database's last verified backup needs a
     * second admin: no one admin can destroy the last good backup.
     */
    @Test
    void aDatabasesLastVerifiedBackupIsPurgedBeforeItsTimeOnlyWhenASecondAdminAsksToo() throws Throwable {
        ProtectedDatabases.registerOnTestServer(servers.postgres().orElseThrow(), "tiny-purged", "tiny", "");
        String olderRequest = backupRequest("tiny-purged");
        String older = events.await(BackupCompleted.class, olderRequest, Duration.ofSeconds(60)).data().backupId();
        String newerRequest = backupRequest("tiny-purged");
        String newer = events.await(BackupCompleted.class, newerRequest, Duration.ofSeconds(60)).data().backupId();
        servers.postgres().orElseThrow().execute("lifeboat", "UPDATE backup.backup SET verified_at = now() WHERE backup_id = '" + newer + "'");
        String second = LocalTokens.mint(LocalTokens.testKeys(), "second-admin", "admin", Duration.ofMinutes(10));

        given().auth().oauth2(LocalTokens.forTest("admin")).when().delete("/api/backups/" + older).then().statusCode(204);
        given().auth().oauth2(LocalTokens.forTest("operator")).when().post("/api/deleted-backups/" + older + "/purge").then().statusCode(403);
        given().auth().oauth2(LocalTokens.forTest("admin")).when().post("/api/deleted-backups/" + older + "/purge").then().statusCode(200)
                .body("purged", equalTo(true));
        assertThat(objectKeys("backups/tiny-purged/")).noneMatch(key -> key.contains(older));
        BackupPurged byOne = events.await(BackupPurged.class, olderRequest, Duration.ofSeconds(30)).data();
        assertThat(byOne.purgedBy()).isEqualTo("admin-user");
        assertThat(byOne.requestedBy()).as("one admin's call was enough").isNull();

        given().auth().oauth2(LocalTokens.forTest("admin")).queryParam("force", true).when().delete("/api/backups/" + newer).then().statusCode(204);
        given().auth().oauth2(LocalTokens.forTest("admin")).when().post("/api/deleted-backups/" + newer + "/purge").then().statusCode(202)
                .body("purged", equalTo(false)).body("requestedBy", equalTo("admin-user"))
                .body("awaiting", org.hamcrest.Matchers.startsWith("its database's last verified backup"));
        given().auth().oauth2(LocalTokens.forTest("admin")).when().post("/api/deleted-backups/" + newer + "/purge").then().statusCode(409)
                .body("error", org.hamcrest.Matchers.containsString("another admin must approve it"));
        assertThat(objectKeys("backups/tiny-purged/")).anyMatch(key -> key.contains(newer));

        given().auth().oauth2(second).when().post("/api/deleted-backups/" + newer + "/purge").then().statusCode(200).body("purged", equalTo(true));
        assertThat(objectKeys("backups/tiny-purged/")).isEmpty();
        BackupPurged byTwo = events.await(BackupPurged.class, newerRequest, Duration.ofSeconds(30)).data();
        assertThat(byTwo.purgedBy()).isEqualTo("second-admin");
        assertThat(byTwo.requestedBy()).isEqualTo("admin-user");
        given().auth().oauth2(second).when().post("/api/deleted-backups/" + newer + "/purge").then().statusCode(404);

        // an admin's purge cut short after its claim (the service stopped before the objects went): the sweep finishes it,
        // and BackupPurged names the admins, not retention (it did, before purged_by was written with the claim)
        String lastRequest = backupRequest("tiny-purged");
        String last = events.await(BackupCompleted.class, lastRequest, Duration.ofSeconds(60)).data().backupId();
        given().auth().oauth2(LocalTokens.forTest("admin")).queryParam("force", true).when().delete("/api/backups/" + last).then().statusCode(204);
        servers.postgres().orElseThrow().execute("lifeboat", "UPDATE backup.backup SET purge_after = 'epoch', purged_by = 'second-admin',"
                + " purge_requested_by = 'admin-user' WHERE backup_id = '" + last + "'");
        RegisteredDatabase database = VertxContextSupport.subscribeAndAwait(() -> Panache.withSession(() -> RegisteredDatabase.findById("tiny-purged")));
        sweep.sweep(database);
        assertThat(objectKeys("backups/tiny-purged/")).isEmpty();
        BackupPurged finished = events.await(BackupPurged.class, lastRequest, Duration.ofSeconds(30)).data();
        assertThat(finished.purgedBy()).isEqualTo("second-admin");
        assertThat(finished.requestedBy()).isEqualTo("admin-user");
    }

    /**
     * A deletion cut short is finished by the sweep once it is older than lifeboat.backup.stale-after, and not before: one
     * that began a moment ago may be a delete call or an undelete still running (the review of the soft delete found the
     * sweep deleting again a backup being undeleted).
     */
    @Test
    void theSweepFinishesADeletionCutShortOnlyOnceItIsStale() throws Throwable {
        ProtectedDatabases.registerOnTestServer(servers.postgres().orElseThrow(), "tiny-stale", "tiny", "");
        String stale = backUp("tiny-stale");
        String running = backUp("tiny-stale");
        backUp("tiny-stale");
        servers.postgres().orElseThrow().execute("lifeboat", "UPDATE backup.backup SET removal_started_at = now() - interval '10 minutes'"
                + " WHERE backup_id = '" + stale + "'");
        servers.postgres().orElseThrow().execute("lifeboat", "UPDATE backup.backup SET removal_started_at = now() WHERE backup_id = '" + running + "'");
        RegisteredDatabase database = VertxContextSupport.subscribeAndAwait(() -> Panache.withSession(() -> RegisteredDatabase.findById("tiny-stale")));

        sweep.sweep(database);

        List<String> deleted = given().auth().oauth2(LocalTokens.forTest("viewer")).queryParam("databaseId", "tiny-stale")
                .when().get("/api/deleted-backups").then().statusCode(200).extract().jsonPath().getList("backup.backupId", String.class);
        assertThat(deleted).containsExactly(stale);
        assertThat(objectKeys("backups/tiny-stale/")).filteredOn(key -> key.endsWith("/" + ArchiveLayout.DELETED))
                .singleElement().asString().contains(stale);
        // the call that began the other one finishes it (and leaves nothing a rebuild from the bucket could not reproduce)
        given().auth().oauth2(LocalTokens.forTest("admin")).when().delete("/api/backups/" + running).then().statusCode(204);
        assertThat(objectKeys("backups/tiny-stale/")).filteredOn(key -> key.endsWith("/" + ArchiveLayout.DELETED)).hasSize(2);
    }

    private List<String> objectKeys(String prefix) {
        return bucket.listObjectsV2(b -> b.bucket(RealServers.BUCKET).prefix(prefix)).contents().stream().map(S3Object::key).toList();
    }

    /**
     * Issue 50: the "only backup" check was a count, then a separate delete, so two deletes at once of a database's last two
     * backups both found another backup and both went on, leaving none. Now one of them is refused, every time.
     */
    @Test
    void twoDeletesAtOnceOfADatabasesLastTwoBackupsRemoveOneAndRefuseTheOther() throws Exception {
        ProtectedDatabases.registerOnTestServer(servers.postgres().orElseThrow(), "tiny-raced", "tiny", "");
        backUp("tiny-raced");
        ExecutorService callers = Executors.newFixedThreadPool(2); // the common pool has one thread on two cores: no race
        for (int round = 0; round < 5; round++) {
            backUp("tiny-raced");
            List<String> both = backupIds("tiny-raced");
            assertThat(both).hasSize(2);
            CountDownLatch start = new CountDownLatch(1);
            List<CompletableFuture<Integer>> deletes = both.stream().map(backupId -> CompletableFuture.supplyAsync(() -> {
                awaitQuietly(start);
                return given().auth().oauth2(LocalTokens.forTest("admin")).when().delete("/api/backups/" + backupId).then().extract().statusCode();
            }, callers)).toList();
            start.countDown();
            List<Integer> statuses = deletes.stream().map(CompletableFuture::join).sorted().toList();

            assertThat(statuses).as("round " + round).containsExactly(204, 409);
            assertThat(backupIds("tiny-raced")).as("round " + round).hasSize(1);
        }
        callers.shutdown();
    }

    @Test
    void aBackupWhoseRemovalWasCutShortCountsAsGoneAndItsNextDeleteFinishesIt() throws Exception {
        ProtectedDatabases.registerOnTestServer(servers.postgres().orElseThrow(), "tiny-cut", "tiny", "");
        String older = backUp("tiny-cut");
        String newer = backUp("tiny-cut");
        // as a crash between the claim and the end of the removal leaves it
        servers.postgres().orElseThrow().execute("lifeboat", "UPDATE backup.backup SET removal_started_at = now() WHERE backup_id = '" + older + "'");

        given().auth().oauth2(LocalTokens.forTest("admin")).when().delete("/api/backups/" + newer).then().statusCode(409)
                .body("error", org.hamcrest.Matchers.containsString("only backup of tiny-cut (no other is kept or being removed)"));
        given().auth().oauth2(LocalTokens.forTest("admin")).when().delete("/api/backups/" + older).then().statusCode(204);
        assertThat(backupIds("tiny-cut")).containsExactly(newer);
        assertThat(objectKeys("backups/tiny-cut/")).filteredOn(key -> key.endsWith("/" + ArchiveLayout.DELETED))
                .singleElement().asString().contains(older);
    }

    private String backUp(String databaseId) {
        return events.await(BackupCompleted.class, backupRequest(databaseId), Duration.ofSeconds(60)).data().backupId();
    }

    /** Asks for a backup; @return the request's id, the correlation id of every event of that backup, its purge's too. */
    private String backupRequest(String databaseId) {
        String requestId = "catalog-" + UUID.randomUUID();
        events.request(requestId, databaseId);
        return requestId;
    }

    private static List<String> backupIds(String databaseId) {
        return given().auth().oauth2(LocalTokens.forTest("viewer")).queryParam("databaseId", databaseId).when().get("/api/backups")
                .then().statusCode(200).extract().jsonPath().getList("items.backupId", String.class);
    }

    private static void awaitQuietly(CountDownLatch start) {
        try {
            start.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private List<Map<String, Object>> catalogRows() throws Exception {
        List<Map<String, Object>> rows = new ArrayList<>();
        try (Connection connection = servers.postgres().orElseThrow().connect("lifeboat");
             ResultSet result = connection.createStatement().executeQuery("SELECT * FROM backup.backup ORDER BY backup_id")) {
            ResultSetMetaData columns = result.getMetaData();
            while (result.next()) {
                Map<String, Object> row = new LinkedHashMap<>();
                for (int i = 1; i <= columns.getColumnCount(); i++) {
                    row.put(columns.getColumnName(i), result.getObject(i));
                }
                rows.add(row);
            }
        }
        return rows;
    }
}
