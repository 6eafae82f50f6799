package dev.lifeboat.backup;

import dev.lifeboat.backup.catalog.BackupEntry;
import software.amazon.awssdk.services.s3.model.S3Object;
import dev.lifeboat.archive.ManifestJson;
import dev.lifeboat.backup.registry.RegisteredDatabase;
import dev.lifeboat.backup.retention.RetentionSweep;
import dev.lifeboat.archive.ArchiveLayout;
import dev.lifeboat.archive.BackupManifest;
import dev.lifeboat.events.backup.BackupExpired;
import dev.lifeboat.events.backup.BackupTrigger;
import dev.lifeboat.events.backup.Compression;
import dev.lifeboat.realservers.RealServers;
import dev.lifeboat.realservers.kafka.KafkaProbe;
import dev.lifeboat.realservers.quarkus.InjectRealServers;
import dev.lifeboat.realservers.tokens.LocalTokens;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.vertx.VertxContextSupport;
import io.restassured.path.json.JsonPath;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** Retention on a synthetic history of 400 daily backups: the preview shows the GFS set, expiry removes the rest. */
@QuarkusTest
class RetentionTest {

    @InjectRealServers
    RealServers servers;

    @Inject
    RetentionSweep sweep;

    @Test
    void previewAndExpiryKeepExactlyTheGrandfatherFatherSonSet() throws Throwable {
        ProtectedDatabases.register("history-db", "127.0.0.1", 5432, "history", "env:LIFEBOAT_DB_HISTORY_PASSWORD",
                ",\"schedule\":\"0 0 1 1 *\",\"retention\":{\"daily\":7,\"weekly\":4,\"monthly\":12}");
        Instant today = Instant.now().truncatedTo(ChronoUnit.DAYS).plus(1, ChronoUnit.HOURS);
        insertHistory(today);

        JsonPath preview = given().auth().oauth2(LocalTokens.forTest("viewer")).when().get("/api/databases/history-db/retention/preview")
                .then().statusCode(200).extract().jsonPath();
        List<Map<String, Object>> decisions = preview.getList("decisions");
        assertThat(decisions).hasSize(400);
        Set<String> kept = new HashSet<>();
        for (Map<String, Object> decision : decisions) {
            if (!((List<?>) decision.get("keptBecause")).isEmpty()) {
                kept.add((String) decision.get("backupId"));
            }
        }
        // Days 0-6 (daily), and the newest of each ISO week and month; nothing older than 12 months.
        assertThat(kept).contains("h0", "h1", "h6").doesNotContain("h399");
        // One expired backup also has an object in the bucket: expiry must delete it.
        String expiredId = decisions.stream().map(d -> (String) d.get("backupId")).filter(id -> !kept.contains(id) && id.compareTo("h2") > 0)
                .findFirst().orElseThrow();
        int expiredDay = Integer.parseInt(expiredId.substring(1));
        S3Client bucket = TestBucket.client(servers.s3().orElseThrow());
        String oldArchive = ArchiveLayout.archiveKey(ArchiveLayout.folder("history-db", today.minus(expiredDay, ChronoUnit.DAYS), expiredId),
                ArchiveLayout.ArchiveSuffix.of(Compression.ZSTD, false));
        bucket.putObject(b -> b.bucket(RealServers.BUCKET).key(oldArchive), RequestBody.fromString("old backup"));
        assertThat(kept.size()).isBetween(18, 23);
        assertThat(preview.getString("policy")).isEqualTo("max-age -, keep-last -, gfs 7/4/12");

        RegisteredDatabase database = VertxContextSupport.subscribeAndAwait(() -> Panache.withSession(() -> RegisteredDatabase.findById("history-db")));
        // the scheduled sweep (30 s after the start) may expire some of them first: what is left and what was said counts
        sweep.sweep(database);

        assertThat(catalogIds()).isEqualTo(kept);
        // expired is deleted, not gone: kept beside a deletion marker until lifeboat.backup.deleted-kept-for passes, then purged
        String oldFolder = ArchiveLayout.folderOf(oldArchive);
        assertThat(bucket.listObjectsV2(b -> b.bucket(RealServers.BUCKET).prefix(oldFolder)).contents()).extracting(S3Object::key)
                .containsExactlyInAnyOrder(oldArchive, ArchiveLayout.deletionMarkerKey(oldFolder));
        servers.postgres().orElseThrow().execute("lifeboat", "UPDATE backup.backup SET purge_after = now() - interval '1 second'"
                + " WHERE database_id = 'history-db' AND purge_after IS NOT NULL");
        sweep.sweep(database);
        assertThat(bucket.listObjectsV2(b -> b.bucket(RealServers.BUCKET).prefix("backups/history-db/")).contents()).isEmpty();
        assertThat(VertxContextSupport.subscribeAndAwait(() -> Panache.withSession(() -> BackupEntry.count("databaseId", "history-db"))))
                .as("the purged entries are gone, the kept ones stay").isEqualTo(kept.size());
        BackupEvents events = new BackupEvents(new KafkaProbe(servers.kafka().orElseThrow().bootstrapServers()));
        await().atMost(Duration.ofSeconds(30)).until(() ->
                events.all(BackupExpired.class, e -> e.data().databaseId().equals("history-db")).size() == 400 - kept.size());
        BackupExpired one = events.await(BackupExpired.class, e -> e.data().backupId().equals(expiredId), Duration.ofSeconds(5)).orElseThrow().data();
        assertThat(one.policy()).isEqualTo("max-age -, keep-last -, gfs 7/4/12");
        assertThat(sweep.sweep(database)).isZero();
    }

    private void insertHistory(Instant today) throws Exception {
        try (Connection connection = servers.postgres().orElseThrow().connect("lifeboat");
             PreparedStatement insert = connection.prepareStatement("INSERT INTO backup.backup (backup_id, database_id, request_id, trigger, "
                     + "object_key, manifest_key, size_bytes, sha256, compression, encrypted, key_id, server_version, started_at, "
                     + "completed_at, duration_ms, manifest) VALUES (?, 'history-db', ?, 'SCHEDULE', ?, ?, 1, ?, 'ZSTD', false, null, '15.19', ?, ?, 1000, ?)")) {
            for (int day = 0; day < 400; day++) {
                String id = "h" + day;
                Instant started = today.minus(day, ChronoUnit.DAYS);
                String folder = ArchiveLayout.folder("history-db", started, id);
                String archive = ArchiveLayout.archiveKey(folder, ArchiveLayout.ArchiveSuffix.of(Compression.ZSTD, false));
                BackupManifest manifest = new BackupManifest(1, id, "history-db", "r-" + id, "c-" + id, BackupTrigger.SCHEDULE,
                        "lifeboat-scheduler", started, started.plusSeconds(1), "15.19", BackupManifest.PG_DUMP_CUSTOM, archive, 1,
                        "0".repeat(64), Compression.ZSTD, 1, null, Map.of("public.t", 1L), Map.of(), Map.of(), null, null);
                insert.setString(1, id);
                insert.setString(2, "r-" + id);
                insert.setString(3, archive);
                insert.setString(4, ArchiveLayout.manifestKey(folder));
                insert.setString(5, "0".repeat(64));
                insert.setTimestamp(6, Timestamp.from(started));
                insert.setTimestamp(7, Timestamp.from(started.plusSeconds(1)));
                insert.setString(8, ManifestJson.write(manifest));
                insert.addBatch();
            }
            insert.executeBatch();
        }
    }

    private Set<String> catalogIds() throws Exception {
        Set<String> ids = new HashSet<>();
        try (Connection connection = servers.postgres().orElseThrow().connect("lifeboat");
             ResultSet rows = connection.createStatement().executeQuery("SELECT backup_id FROM backup.backup WHERE database_id = 'history-db' AND removal_started_at IS NULL")) {
            while (rows.next()) {
                ids.add(rows.getString(1));
            }
        }
        return ids;
    }
}
