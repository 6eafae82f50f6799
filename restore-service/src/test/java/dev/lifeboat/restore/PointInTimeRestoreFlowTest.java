package dev.lifeboat.restore;

import dev.lifeboat.archive.ArchiveEncryption;
import dev.lifeboat.archive.bucket.BucketObjects;
import dev.lifeboat.archive.bucket.BucketSettings;
import dev.lifeboat.archive.bucket.S3Clients;
import dev.lifeboat.backup.fixtures.BackupServiceTestStack;
import dev.lifeboat.changes.segment.ChangeArchive;
import dev.lifeboat.changes.slot.CaptureNames;
import dev.lifeboat.events.backup.BackupCompleted;
import dev.lifeboat.events.backup.Compression;
import dev.lifeboat.events.restore.RestoreCompleted;
import dev.lifeboat.realservers.RealServers;
import dev.lifeboat.realservers.postgres.PostgresServer;
import dev.lifeboat.realservers.quarkus.InjectRealServers;
import dev.lifeboat.realservers.s3.S3Server;
import dev.lifeboat.realservers.tokens.LocalTokens;
import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Base64;
import java.util.Map;
import java.util.Optional;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.awaitility.Awaitility.await;

/**
 * POINT_IN_TIME of a captured database through the API, on real Kafka, PostgreSQL 15 ({@code wal_level=logical}) and
 * S3Proxy: the real backup service, where the database is registered with pointInTime, captures its changes and its DDL
 * and takes a backup aligned to the change stream; a restore to a second after it is the database as it was then (a
 * column and an index added since included), and the copy carries none of the capture's objects. A restore in place
 * hands the capture over: one slot, on the new live database, a gap naming the replacement ended by a backup, and a
 * second after it restorable; so is a second after a TABLES restore into the captured database. Once capture is turned off a second the archive does not hold is refused.
 */
@QuarkusTest
class PointInTimeRestoreFlowTest {

    private static final Duration WAIT = Duration.ofMinutes(3);
    private static final String DB = RestoreTestStack.POINT_IN_TIME_DATABASE;

    @InjectRealServers
    RealServers servers;

    @Test
    void aRestoreToASecondReplaysTheChangesAfterTheAlignedBackupAndEqualsTheDatabaseThen() throws Exception {
        PostgresServer postgres = servers.postgres().orElseThrow();
        Flows flows = new Flows(servers);
        ChangeArchive archive = archive(servers.s3().orElseThrow());
        String slot = CaptureNames.of(RestoreTestStack.POINT_IN_TIME).slot();
        // the backup service captures the database it was registered with pointInTime
        await().atMost(WAIT).until(() -> slotActive(postgres, slot));
        try {
            // a materialized view no REFRESH touches after the backup: the restore recomputes it, and says so
            sql(postgres, "CREATE MATERIALIZED VIEW IF NOT EXISTS order_count AS SELECT count(*) AS orders FROM orders");
            BackupCompleted backup = flows.backup(RestoreTestStack.POINT_IN_TIME);

            sql(postgres, """
                    UPDATE customer SET balance = balance + 1, mood = 'happy' WHERE id % 10 = 0;
                    INSERT INTO orders (customer_id, total, placed, lines) SELECT 1 + i, i, now(), '[]' FROM generate_series(1, 50) i;
                    DELETE FROM orders WHERE id % 100 = 0;
                    INSERT INTO "a b" ("Note") VALUES ('after the backup');
                    SELECT nextval('invoice_no');
                    ALTER TABLE orders ADD COLUMN note text;
                    CREATE INDEX orders_note ON orders (note);
                    UPDATE orders SET note = 'noted' WHERE id % 7 = 0;
                    """);
            Instant moment = nextSecond(postgres);
            Map<String, String> then = TestDatabases.contentChecksums(postgres, DB);
            sql(postgres, "UPDATE orders SET total = 0; DELETE FROM \"Sales Dept\".\"Weird Name; drop\" WHERE id > 10");
            Instant later = nextSecond(postgres);
            awaitCoverage(archive, later);

            String restoreId = flows.restore("""
                    {"databaseId":"pitr","source":{"kind":"POINT_IN_TIME","pointInTime":"%s"},"target":{"kind":"NEW_DATABASE","databaseName":"pitr_then"}}"""
                    .formatted(moment));
            RestoreCompleted completed = flows.completed(restoreId, WAIT);

            assertThat(completed.backupId()).isEqualTo(backup.backupId());
            assertThat(completed.pointReached().target()).isEqualTo(moment);
            assertThat(completed.pointReached().transactions()).isEqualTo(1);
            assertThat(completed.pointReached().rowChanges()).isGreaterThan(100);
            assertThat(completed.pointReached().committedAt()).isBefore(moment);
            assertThat(completed.pointReached().notReplayed()).containsOnlyKeys("public.measurement");
            assertThat(completed.validations()).allMatch(result -> result.passed());
            // the tables the replay left alone still hold the dump's rows exactly; those it changed are named, not compared
            assertThat(completed.validations()).filteredOn(result -> result.check().equals("ROW_DIGESTS")).singleElement()
                    .satisfies(digests -> assertThat(digests.details()).containsPattern("^\\d+ tables' rows match the backup's digests; not compared: ")
                            .contains("public.customer (changed by the replay)").doesNotContain("public.orders").doesNotContain("measurement"));
            assertThat(TestDatabases.contentChecksums(postgres, "pitr_then")).isEqualTo(then);
            assertThat(completed.pointReached().viewsRecomputed()).containsExactly("public.order_count");
            assertThat(completed.validations()).filteredOn(result -> result.check().equals("MATERIALIZED_VIEWS")).singleElement()
                    .satisfies(views -> assertThat(views.details()).contains("public.order_count").contains("may differ"));
            assertThat(count(postgres, "pitr_then", "SELECT count(*) FROM pg_indexes WHERE indexname = 'orders_note'"))
                    .as("the index made after the backup").isEqualTo(1);
            assertThat(count(postgres, "pitr_then", "SELECT (SELECT count(*) FROM pg_publication) + (SELECT count(*) FROM pg_event_trigger)"))
                    .as("the copy carries no publication or event trigger of the capture").isZero();
            given().auth().oauth2(LocalTokens.forTest("viewer")).when().get("/api/restores/" + restoreId).then().statusCode(200)
                    .body("steps.step", equalTo(java.util.List.of("RESOLVE_SOURCE", "PREPARE_TARGET", "PG_RESTORE", "REPLAY", "VALIDATION")))
                    .body("pointReached.target", equalTo(moment.toString()))
                    .body("pointReached.transactions", equalTo(1))
                    .body("pointReached.lsn", equalTo(completed.pointReached().lsn()));


            // exact to the transaction: the DELETE without a WHERE, found on the change timeline, undone by a restore to
            // just before it, with what committed a moment before it in the same second
            Instant mistakeFrom = Instant.now().minusSeconds(1);
            sql(postgres, "INSERT INTO \"a b\" (\"Note\") VALUES ('just before the mistake')");
            Map<String, String> beforeMistake = TestDatabases.contentChecksums(postgres, DB);
            sql(postgres, "DELETE FROM orders");
            awaitCoverage(archive, nextSecond(postgres));
            io.restassured.path.json.JsonPath found = given().baseUri(RestoreTestStack.backupService().url())
                    .auth().oauth2(LocalTokens.forTest("viewer"))
                    .when().get("/api/databases/pitr/changes?order=rows&limit=1&from=" + mistakeFrom).then().statusCode(200)
                    .body("transactions[0].tables['public.orders'].deleted", org.hamcrest.Matchers.greaterThan(0))
                    .extract().jsonPath();
            String mistake = found.getString("transactions[0].lsn");
            RestoreCompleted undone = flows.completed(flows.restore("{\"databaseId\":\"pitr\",\"source\":{\"kind\":\"POINT_IN_TIME\","
                    + "\"beforeTransaction\":\"" + mistake + "\"},\"target\":{\"kind\":\"NEW_DATABASE\",\"databaseName\":\"pitr_before\"}}"), WAIT);
            assertThat(undone.pointReached().beforeTransaction()).isEqualTo(mistake);
            assertThat(undone.validations()).allMatch(result -> result.passed());
            assertThat(TestDatabases.contentChecksums(postgres, "pitr_before")).isEqualTo(beforeMistake);
            // the same transaction named by its id, as lifeboat changes shows it, here in the 64 bits pg_current_xact_id()
            // shows on a server past three wraparounds (the stream carries the low 32): the same database, the same position
            long xid8 = (3L << 32) + found.getLong("transactions[0].xid");
            RestoreCompleted byId = flows.completed(flows.restore("{\"databaseId\":\"pitr\",\"source\":{\"kind\":\"POINT_IN_TIME\","
                    + "\"beforeTransaction\":\"" + xid8 + "\"},\"target\":{\"kind\":\"NEW_DATABASE\","
                    + "\"databaseName\":\"pitr_before_xid\"}}"), WAIT);
            assertThat(byId.pointReached().beforeTransaction()).as("reported by its commit position").isEqualTo(mistake);
            assertThat(TestDatabases.contentChecksums(postgres, "pitr_before_xid")).isEqualTo(beforeMistake);
            assertThat(TestDatabases.pgDump(postgres, "pitr_before_xid", true)).isEqualTo(TestDatabases.pgDump(postgres, "pitr_before", true));
            given().auth().oauth2(LocalTokens.forTest("admin")).contentType("application/json")
                    .body("{\"databaseId\":\"pitr\",\"source\":{\"kind\":\"POINT_IN_TIME\",\"beforeTransaction\":\"0/10\"},"
                            + "\"target\":{\"kind\":\"NEW_DATABASE\",\"databaseName\":\"pitr_nowhere\"}}")
                    .when().post("/api/restores").then().statusCode(422).body("code", equalTo("NOT_RESTORABLE_TO_THE_SECOND"))
                    .body("error", containsString("no captured transaction of pitr committed at 0/10"));
            given().auth().oauth2(LocalTokens.forTest("admin")).contentType("application/json")
                    .body("{\"databaseId\":\"pitr\",\"source\":{\"kind\":\"POINT_IN_TIME\",\"beforeTransaction\":\"4294967295\"},"
                            + "\"target\":{\"kind\":\"NEW_DATABASE\",\"databaseName\":\"pitr_nowhere\"}}")
                    .when().post("/api/restores").then().statusCode(422).body("code", equalTo("NOT_RESTORABLE_TO_THE_SECOND"))
                    .body("error", containsString("no captured transaction of pitr has the id 4294967295"));
            given().auth().oauth2(LocalTokens.forTest("admin")).contentType("application/json")
                    .body("{\"databaseId\":\"pitr\",\"source\":{\"kind\":\"POINT_IN_TIME\",\"beforeTransaction\":\"51x\"},"
                            + "\"target\":{\"kind\":\"NEW_DATABASE\",\"databaseName\":\"pitr_nowhere\"}}")
                    .when().post("/api/restores").then().statusCode(400)
                    .body("error", containsString("commit position such as 0/3A2F000 or its id such as 5126"));

            // in place: the capture follows the new live database
            String inPlace = flows.restore("""
                    {"databaseId":"pitr","source":{"kind":"BACKUP_ID","backupId":"%s"},"target":{"kind":"IN_PLACE","confirmed":true}}"""
                    .formatted(backup.backupId()));
            flows.completed(inPlace, WAIT);
            await().atMost(WAIT).until(() -> archive.gaps(RestoreTestStack.POINT_IN_TIME).stream()
                    .anyMatch(gap -> gap.reason().startsWith("restored in place by " + inPlace) && inPlace.equals(gap.restoreId())));
            await().atMost(WAIT).until(() -> slotActive(postgres, slot));
            assertThat(count(postgres, "postgres", "SELECT count(*) FROM pg_replication_slots WHERE slot_name = '" + slot
                    + "' AND database = '" + DB + "'")).as("one slot, on the live database").isEqualTo(1);
            assertThat(count(postgres, "postgres", "SELECT count(*) FROM pg_replication_slots WHERE slot_name = '" + slot + "'"))
                    .isEqualTo(1);
            // the gap's backup (AFTER_RESTORE, requested by the capture when it found the gap) ends it: the window
            // says until when
            await().atMost(WAIT).until(() -> replacedUntil(inPlace) != null);
            assertThat(given().baseUri(RestoreTestStack.backupService().url()).auth().oauth2(LocalTokens.forTest("viewer"))
                    .when().get("/api/backups?databaseId=" + RestoreTestStack.POINT_IN_TIME).then().statusCode(200).extract()
                    .jsonPath().getList("items.trigger", String.class)).as("the backup that starts the window again").contains("AFTER_RESTORE");
            sql(postgres, "UPDATE customer SET balance = 7 WHERE id = 1; ALTER TABLE customer ADD COLUMN tier int DEFAULT 1");
            restoresToTheNextSecondAsItWas(postgres, flows, archive, "pitr_new_line");

            // a TABLES restore into the captured database keeps the window whole: its rows are in the stream
            sql(postgres, "DELETE FROM orders WHERE id % 3 = 0");
            String tables = flows.restore("""
                    {"databaseId":"pitr","source":{"kind":"LATEST"},"target":{"kind":"TABLES","tables":["public.orders"]},"safetyBackup":false}""");
            flows.completed(tables, WAIT);
            assertThat(count(postgres, DB, "SELECT count(*) FROM orders WHERE id % 3 = 0")).as("the rows the TABLES restore put back")
                    .isPositive();
            sql(postgres, "UPDATE orders SET total = total + 1 WHERE id % 5 = 0");
            restoresToTheNextSecondAsItWas(postgres, flows, archive, "pitr_after_tables");

            // point-in-time turned off: the capture stops and its slot goes; a second after what it archived is not
            // restorable to the second
            given().baseUri(RestoreTestStack.backupService().url()).auth().oauth2(LocalTokens.forTest("admin"))
                    .contentType("application/merge-patch+json").body("{\"pointInTime\":{\"enabled\":false}}")
                    .when().patch("/api/databases/" + RestoreTestStack.POINT_IN_TIME).then().statusCode(200);
            await().atMost(WAIT).until(() -> !slotExists(postgres, slot));
            Instant uncovered = Instant.now().plusSeconds(2);
            Thread.sleep(3000);
            given().auth().oauth2(LocalTokens.forTest("admin")).contentType("application/json")
                    .body("{\"databaseId\":\"pitr\",\"source\":{\"kind\":\"POINT_IN_TIME\",\"pointInTime\":\"" + uncovered
                            + "\"},\"target\":{\"kind\":\"NEW_DATABASE\",\"databaseName\":\"pitr_uncovered\"}}")
                    .when().post("/api/restores").then().statusCode(422)
                    .body("code", equalTo("NOT_RESTORABLE_TO_THE_SECOND")).body("error", containsString("complete only up to"));
        } finally {
            given().baseUri(RestoreTestStack.backupService().url()).auth().oauth2(LocalTokens.forTest("admin"))
                    .contentType("application/merge-patch+json").body("{\"pointInTime\":{\"enabled\":false}}")
                    .when().patch("/api/databases/" + RestoreTestStack.POINT_IN_TIME);
        }
    }

    /** A restore to the next whole second, once the archive covers it, into {@code copy}: the copy's rows equal the source's then. */
    private static void restoresToTheNextSecondAsItWas(PostgresServer postgres, Flows flows, ChangeArchive archive, String copy)
            throws Exception {
        Instant second = nextSecond(postgres);
        Map<String, String> then = TestDatabases.contentChecksums(postgres, DB);
        awaitCoverage(archive, second);
        String restoreId = flows.restore("""
                {"databaseId":"pitr","source":{"kind":"POINT_IN_TIME","pointInTime":"%s"},"target":{"kind":"NEW_DATABASE","databaseName":"%s"}}"""
                .formatted(second, copy));
        flows.completed(restoreId, WAIT);
        assertThat(TestDatabases.contentChecksums(postgres, copy)).as("the copy restored to " + second).isEqualTo(then);
    }

    private static long count(PostgresServer postgres, String database, String sql) throws Exception {
        try (Connection connection = postgres.connect(database); Statement statement = connection.createStatement();
             ResultSet result = statement.executeQuery(sql)) {
            result.next();
            return result.getLong(1);
        }
    }

    /** When the window's gap of the restore in place ends (the first aligned backup after it completed); null while open. */
    private static String replacedUntil(String restoreId) {
        java.util.List<Map<String, Object>> unreachable = given().baseUri(RestoreTestStack.backupService().url())
                .auth().oauth2(LocalTokens.forTest("viewer")).when().get("/api/databases/" + RestoreTestStack.POINT_IN_TIME
                        + "/point-in-time").then().statusCode(200).extract().jsonPath().getList("unreachable");
        return unreachable.stream().filter(gap -> String.valueOf(gap.get("reason")).startsWith("restored in place by " + restoreId))
                .map(gap -> (String) gap.get("until")).filter(java.util.Objects::nonNull).findFirst().orElse(null);
    }

    static boolean slotActive(PostgresServer postgres, String slot) throws Exception {
        return slotQuery(postgres, "SELECT count(*) FROM pg_replication_slots WHERE active AND slot_name = '" + slot + "'");
    }

    private static boolean slotExists(PostgresServer postgres, String slot) throws Exception {
        return slotQuery(postgres, "SELECT count(*) FROM pg_replication_slots WHERE slot_name = '" + slot + "'");
    }

    private static boolean slotQuery(PostgresServer postgres, String sql) throws Exception {
        try (java.sql.Connection connection = postgres.connect(DB);
             java.sql.ResultSet result = connection.createStatement().executeQuery(sql)) {
            result.next();
            return result.getLong(1) > 0;
        }
    }

    /** The change archive in the stack's bucket, encrypted with the stack's key (which the services read from its file). */
    static ChangeArchive archive(S3Server s3) throws Exception {
        byte[] key = Base64.getDecoder().decode(Files.readString(Path.of("target", "restore-test-stack", "archive.key")).trim());
        BucketSettings settings = BucketSettings.pathStyle(s3.endpoint(), S3Server.REGION, RealServers.BUCKET, s3.accessKey(), s3.secretKey());
        return new ChangeArchive(new BucketObjects(S3Clients.create(settings), settings), Compression.ZSTD, 3,
                Optional.of(new ArchiveEncryption(BackupServiceTestStack.KEY_ID, key)), Clock.systemUTC());
    }

    static void sql(PostgresServer postgres, String sql) {
        postgres.execute(DB, sql);
    }

    /** The next whole second of the server's clock: every commit before it is in, none after. */
    static Instant nextSecond(PostgresServer postgres) throws Exception {
        Instant now;
        try (Connection connection = postgres.connect(DB); Statement statement = connection.createStatement();
             ResultSet result = statement.executeQuery("SELECT clock_timestamp()")) {
            result.next();
            now = result.getTimestamp(1).toInstant();
        }
        Instant second = now.truncatedTo(ChronoUnit.SECONDS).plusSeconds(1);
        Thread.sleep(Duration.between(now, second).toMillis() + 20);
        return second;
    }

    static void awaitCoverage(ChangeArchive archive, Instant moment) {
        String id = RestoreTestStack.POINT_IN_TIME;
        org.awaitility.Awaitility.await("the change archive covers " + moment).atMost(Duration.ofSeconds(60))
                .pollInterval(Duration.ofMillis(200))
                .until(() -> archive.segments(id).stream().anyMatch(s -> !s.coveredUntil().isBefore(moment))
                        || archive.coverage(id).map(c -> !c.until().isBefore(moment)).orElse(false));
    }
}
