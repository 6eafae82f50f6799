package dev.lifeboat.restore;

import dev.lifeboat.events.backup.BackupCompleted;
import dev.lifeboat.events.backup.BackupTrigger;
import dev.lifeboat.events.envelope.CloudEvent;
import dev.lifeboat.events.restore.RestoreCompleted;
import dev.lifeboat.events.restore.RestoreFailed;
import dev.lifeboat.events.restore.RestoreStarted;
import dev.lifeboat.events.restore.ValidationResult;
import dev.lifeboat.realservers.RealServers;
import dev.lifeboat.backup.fixtures.ShopDatabase;
import dev.lifeboat.realservers.postgres.PostgresServer;
import dev.lifeboat.realservers.quarkus.InjectRealServers;
import dev.lifeboat.realservers.tokens.LocalTokens;
import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.anyOf;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.everyItem;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.startsWith;

/** Restores of backups the real backup service made, on real Kafka, PostgreSQL 15 and S3Proxy. */
@QuarkusTest
class RestoreFlowTest {

    private static final Duration WAIT = Duration.ofMinutes(3);

    @InjectRealServers
    RealServers servers;

    private PostgresServer postgres;
    private Flows flows;

    @BeforeEach
    void connect() {
        postgres = servers.postgres().orElseThrow();
        flows = new Flows(servers);
    }

    @Test
    void aNewDatabaseIsAnExactCopyOfTheVariedTypesDatabase() throws Exception {
        BackupCompleted backup = flows.backup("shop");

        String restoreId = flows.restore("""
                {"databaseId":"shop","source":{"kind":"BACKUP_ID","backupId":"%s"},"target":{"kind":"NEW_DATABASE","databaseName":"shop_copy"}}"""
                .formatted(backup.backupId()));

        RestoreStarted started = flows.restoreEvents.await(RestoreStarted.class, restoreId, WAIT).data();
        assertThat(started.backupId()).isEqualTo(backup.backupId());
        RestoreCompleted completed = flows.completed(restoreId, WAIT);
        assertThat(completed.targetDatabase()).isEqualTo("shop_copy");
        // the partitioned parent's count holds its partitions' rows: they are restored once, not twice
        assertThat(completed.rowsRestored()).isEqualTo(backup.tableRowCounts().values().stream().mapToLong(Long::longValue).sum()
                - backup.tableRowCounts().get("public.measurement"));
        assertThat(completed.validations()).extracting(ValidationResult::check)
                .containsExactly("ROW_COUNTS", "ROW_DIGESTS", "FK_INTEGRITY", "SEQUENCES", "FRESHNESS_COLUMNS");
        assertThat(completed.validations()).allMatch(ValidationResult::passed);
        // every table's rows, read back with COPY, are the rows the dump wrote
        assertThat(completed.validations().get(1).details()).isEqualTo(backup.tableRowCounts().size() - 1
                + " tables' rows match the backup's digests");
        assertThat(stagedArchives()).as("the staged archive, once restored").isEmpty();

        assertThat(TestDatabases.pgDump(postgres, "shop_copy", true)).isEqualTo(TestDatabases.pgDump(postgres, "shop", true));
        assertThat(TestDatabases.contentChecksums(postgres, "shop_copy")).isEqualTo(TestDatabases.contentChecksums(postgres, "shop"));
        assertThat(TestDatabases.count(postgres, "shop_copy", "SELECT last_value FROM invoice_no")).isEqualTo(1041);

        given().auth().oauth2(LocalTokens.forTest("viewer")).when().get("/api/restores/" + restoreId).then().statusCode(200)
                .body("status", equalTo("COMPLETED"))
                .body("resolvedBackupId", equalTo(backup.backupId()))
                .body("safetyBackup", equalTo(false))
                .body("steps.find { it.step == 'RESOLVE_SOURCE' }.details", containsString(": the backup asked for by id"))
                .body("steps.find { it.step == 'PG_RESTORE' }.details", containsString("verified; staged, then pg_restore --jobs=2"))
                .body("steps.step", equalTo(List.of("RESOLVE_SOURCE", "PREPARE_TARGET", "PG_RESTORE", "VALIDATION")))
                .body("steps.outcome", equalTo(List.of("OK", "OK", "OK", "OK")));
        given().auth().oauth2(LocalTokens.forTest("viewer")).queryParam("databaseId", "shop").queryParam("size", 1)
                .when().get("/api/restores").then().statusCode(200)
                .body("items", org.hamcrest.Matchers.hasSize(1)).body("items[0].restoreId", equalTo(restoreId))
                .body("page", equalTo(0)).body("size", equalTo(1)).body("total", org.hamcrest.Matchers.greaterThanOrEqualTo(1));

        given().auth().oauth2(LocalTokens.forTest("admin")).contentType("application/json").body("""
                {"databaseId":"shop","source":{"kind":"LATEST"},"target":{"kind":"NEW_DATABASE","databaseName":"shop_copy"}}""")
                .when().post("/api/restores").then().statusCode(409)
                .body("code", equalTo("TARGET_EXISTS"))
                .body("error", equalTo("database shop_copy already exists on the server; a restore into a new database never "
                        + "overwrites one: choose another name"));
        given().auth().oauth2(LocalTokens.forTest("admin")).contentType("application/json").body("""
                {"databaseId":"shop","source":{"kind":"LATEST"},"target":{"kind":"NEW_DATABASE","databaseName":"shop"}}""")
                .when().post("/api/restores").then().statusCode(409)
                .body("code", equalTo("TARGET_IS_LIVE"));
        assertThat(TestDatabases.contentChecksums(postgres, "shop_copy")).isEqualTo(TestDatabases.contentChecksums(postgres, "shop"));
    }

    @Test
    void aNewDatabaseWithEachTablesRowsLoadedOverTwoConnectionsIsAnExactCopyThatNamesTheViewItRecomputed() throws Exception {
        // a materialized view not refreshed since its table changed: a restore recomputes it, and must say so
        RestoreTestStack.shop().asOwner("shop_rows", "CREATE TABLE IF NOT EXISTS tally (n int); CREATE MATERIALIZED VIEW IF NOT EXISTS "
                + "tally_sum AS SELECT coalesce(sum(n), 0) AS total FROM tally; INSERT INTO tally VALUES (1)");
        BackupCompleted backup = flows.backup(RestoreTestStack.ROWS_OVER_CONNECTIONS);

        String restoreId = flows.restore("""
                {"databaseId":"rows","source":{"kind":"BACKUP_ID","backupId":"%s"},"target":{"kind":"NEW_DATABASE","databaseName":"shop_rows_copy"}}"""
                .formatted(backup.backupId()));

        RestoreCompleted completed = flows.completed(restoreId, WAIT);
        assertThat(completed.validations()).allMatch(ValidationResult::passed);
        assertThat(completed.validations()).filteredOn(result -> result.check().equals("MATERIALIZED_VIEWS")).singleElement()
                .satisfies(views -> assertThat(views.details()).endsWith("may differ from the source's (one the source had not "
                        + "refreshed since its tables changed does): public.tally_sum"));
        assertThat(TestDatabases.count(postgres, "shop_rows_copy", "SELECT total FROM tally_sum")).as("recomputed")
                .isEqualTo(TestDatabases.count(postgres, "shop_rows", "SELECT sum(n) FROM tally"))
                .isGreaterThan(TestDatabases.count(postgres, "shop_rows", "SELECT total FROM tally_sum"));
        assertThat(TestDatabases.pgDump(postgres, "shop_rows_copy", true)).isEqualTo(TestDatabases.pgDump(postgres, "shop_rows", true));
        assertThat(TestDatabases.contentChecksums(postgres, "shop_rows_copy")).isEqualTo(TestDatabases.contentChecksums(postgres, "shop_rows"));
        assertThat(TestDatabases.count(postgres, "shop_rows_copy", "SELECT last_value FROM invoice_no")).isEqualTo(1041);
        assertThat(stagedArchives()).as("nothing is staged").isEmpty();
        given().auth().oauth2(LocalTokens.forTest("viewer")).when().get("/api/restores/" + restoreId).then().statusCode(200)
                .body("steps.find { it.step == 'PG_RESTORE' }.details", containsString("verified; streamed, each table's rows over 2 connections"));
    }

    @Test
    void aFlippedByteFailsARestoreLoadingRowsOverConnectionsAndItsCopyIsDropped() throws Exception {
        BackupCompleted backup = flows.backup(RestoreTestStack.ROWS_OVER_CONNECTIONS);
        flipAByteInTheMiddleOf(backup);

        String restoreId = flows.restore("""
                {"databaseId":"rows","source":{"kind":"BACKUP_ID","backupId":"%s"},"target":{"kind":"NEW_DATABASE","databaseName":"shop_rows_flipped"}}"""
                .formatted(backup.backupId()));

        RestoreFailed failed = flows.restoreEvents.await(RestoreFailed.class, restoreId, WAIT).data();
        assertThat(failed.step()).isEqualTo("PG_RESTORE");
        assertThat(failed.errorCode()).isIn("ENCRYPTION_TAG", "CHECKSUM");
        assertThat(TestDatabases.databasesLike(postgres, "shop_rows_flipped")).isEmpty();
    }

    @Test
    void inPlaceBringsDeletedRowsBackAndKeepsThePreviousDatabaseAndASafetyBackup() throws Exception {
        flows.backup("inplace");
        RestoreTestStack.shop().asOwner("shop_inplace", "DELETE FROM orders WHERE id <= 300");

        String restoreId = flows.restore("""
                {"databaseId":"inplace","source":{"kind":"LATEST"},"target":{"kind":"IN_PLACE","confirmed":true}}""");

        RestoreCompleted completed = flows.completed(restoreId, WAIT);
        assertThat(completed.targetDatabase()).isEqualTo("shop_inplace");
        assertThat(TestDatabases.count(postgres, "shop_inplace", "SELECT count(*) FROM orders")).isEqualTo(2000);

        List<String> aside = TestDatabases.databasesLike(postgres, "shop_inplace_pre_restore_%");
        assertThat(aside).hasSize(1);
        assertThat(TestDatabases.count(postgres, aside.get(0), "SELECT count(*) FROM orders")).isEqualTo(1700);
        assertThat(TestDatabases.databasesLike(postgres, "shop_inplace_restore_%")).isEmpty();

        CloudEvent<BackupCompleted> safety = flows.backupEvents.await(BackupCompleted.class, restoreId, WAIT);
        assertThat(safety.data().trigger()).isEqualTo(BackupTrigger.PRE_RESTORE);
        assertThat(safety.data().tableRowCounts()).containsEntry("public.orders", 1700L);
        given().baseUri(RestoreTestStack.backupService().url()).auth().oauth2(LocalTokens.forTest("viewer"))
                .when().get("/api/backups?databaseId=inplace").then().statusCode(200)
                .body("items.trigger", hasItem("PRE_RESTORE"));
        given().auth().oauth2(LocalTokens.forTest("viewer")).when().get("/api/restores/" + restoreId).then().statusCode(200)
                .body("status", equalTo("COMPLETED"))
                .body("safetyBackupId", equalTo(safety.data().backupId()))
                .body("preRestoreDatabase", equalTo(aside.get(0)))
                .body("steps.step", equalTo(List.of("RESOLVE_SOURCE", "SAFETY_BACKUP", "LOCK", "PREPARE_TARGET", "PG_RESTORE",
                        "VALIDATION", "SWAP", "POST_SWAP_CHECK")))
                // each step's details are a sentence, never an object's toString or JSON inside a string
                .body("steps.details", everyItem(not(anyOf(containsString("@"), containsString("[results="), startsWith("[")))))
                .body("steps.find { it.step == 'SAFETY_BACKUP' }.details", startsWith("safety backup " + safety.data().backupId()))
                .body("steps.find { it.step == 'LOCK' }.details", equalTo("holding the lock of inplace: its backups and other restores wait"))
                .body("steps.find { it.step == 'PG_RESTORE' }.details", containsString("verified; streamed into pg_restore"))
                .body("steps.find { it.step == 'VALIDATION' }.details", startsWith("ROW_COUNTS passed: "))
                .body("validations.check", hasItem("ROW_COUNTS"));

        // LATEST now skips the safety backup (the data the restore replaced), and says which backup it chose and why
        given().auth().oauth2(LocalTokens.forTest("admin")).contentType("application/json").body("""
                {"databaseId":"inplace","source":{"kind":"LATEST"},"target":{"kind":"NEW_DATABASE","databaseName":"inplace_latest"}}""")
                .when().post("/api/restores").then().statusCode(202)
                .body("backupId", equalTo(completed.backupId()))
                .body("chosenBecause", startsWith("the newest completed backup, skipping 1 newer PRE_RESTORE safety backup"));
        given().auth().oauth2(LocalTokens.forTest("admin")).contentType("application/json").body("""
                {"databaseId":"inplace","source":{"kind":"LATEST","includeSafetyBackups":true},"target":{"kind":"NEW_DATABASE","databaseName":"inplace_safety"}}""")
                .when().post("/api/restores").then().statusCode(202)
                .body("backupId", equalTo(safety.data().backupId()))
                .body("chosenBecause", equalTo("the newest completed backup"));
    }

    @Test
    void tablesRestoreChangesOnlyTheNamedTable() throws Exception {
        flows.backup("shop");
        ShopDatabase owner = RestoreTestStack.shop();
        // the sequence as if the later orders had never been taken: the restore must move it past the ids it brings back
        owner.asOwner("shop", "DELETE FROM orders WHERE id > 1500; SELECT setval('orders_id_seq', 1500); "
                + "UPDATE customer SET name = 'changed after the backup' WHERE id = 7");
        Map<String, String> before = TestDatabases.contentChecksums(postgres, "shop");

        String restoreId = flows.restore("""
                {"databaseId":"shop","source":{"kind":"LATEST"},"target":{"kind":"TABLES","tables":["public.orders"]},"safetyBackup":false}""");

        RestoreCompleted completed = flows.completed(restoreId, WAIT);
        assertThat(completed.rowsRestored()).isEqualTo(2000);
        Map<String, String> after = TestDatabases.contentChecksums(postgres, "shop");
        assertThat(after.get("public.orders")).isNotEqualTo(before.get("public.orders")).startsWith("2000:");
        after.remove("public.orders");
        before.remove("public.orders");
        assertThat(after).isEqualTo(before);
        assertThat(TestDatabases.count(postgres, "shop", "SELECT count(*) FROM customer WHERE name = 'changed after the backup'")).isEqualTo(1);
        assertThat(TestDatabases.databasesLike(postgres, "shop_restore_%")).isEmpty();
        assertThat(completed.validations()).filteredOn(result -> result.check().equals("SEQUENCES")).singleElement()
                .matches(ValidationResult::passed);
        assertThat(completed.validations()).filteredOn(result -> result.check().equals("FRESHNESS_COLUMNS")).singleElement()
                .matches(ValidationResult::passed).extracting(ValidationResult::details).asString()
                .contains("public.orders.placed = ").doesNotContain("public.customer");
        assertThat(TestDatabases.count(postgres, "shop", "SELECT nextval('orders_id_seq')")).isGreaterThan(2000);
        given().auth().oauth2(LocalTokens.forTest("viewer")).when().get("/api/restores/" + restoreId).then().statusCode(200)
                .body("steps.find { it.step == 'COPY_TABLES' }.details",
                        startsWith("replaced the rows of 1 table in one transaction (2000 rows) after its checks: ROW_COUNTS passed: "));
    }

    @Test
    void aTablesRestoreWhoseCommitFailsLeavesTheLiveTableAsItWasAndRecordsNoRowsRestored() throws Exception {
        flows.backup("shop");
        RestoreTestStack.shop().asOwner("shop", "DELETE FROM orders WHERE id > 1900");
        // checked only as the transaction commits (after the restore's own checks), and on even in replica mode
        postgres.execute("shop", "CREATE FUNCTION refuse_at_commit() RETURNS trigger LANGUAGE plpgsql AS "
                + "$$BEGIN RAISE EXCEPTION 'orders are frozen'; END$$; "
                + "CREATE CONSTRAINT TRIGGER refuse_at_commit AFTER INSERT ON orders DEFERRABLE INITIALLY DEFERRED "
                + "FOR EACH ROW EXECUTE FUNCTION refuse_at_commit(); ALTER TABLE orders ENABLE ALWAYS TRIGGER refuse_at_commit");
        try {
            Map<String, String> before = TestDatabases.contentChecksums(postgres, "shop");
            String restoreId = flows.restore("""
                    {"databaseId":"shop","source":{"kind":"LATEST"},"target":{"kind":"TABLES","tables":["public.orders"]},"safetyBackup":false}""");

            RestoreFailed failed = flows.restoreEvents.await(RestoreFailed.class, restoreId, WAIT).data();
            assertThat(failed.step()).isEqualTo("COPY_TABLES");
            assertThat(failed.message()).contains("orders are frozen");
            assertThat(TestDatabases.contentChecksums(postgres, "shop")).isEqualTo(before);
            assertThat(TestDatabases.databasesLike(postgres, "shop_restore_%")).isEmpty();
            given().auth().oauth2(LocalTokens.forTest("viewer")).when().get("/api/restores/" + restoreId).then().statusCode(200)
                    .body("status", equalTo("FAILED")).body("rowsRestored", equalTo(null)).body("validations", equalTo(List.of()));
        } finally {
            postgres.execute("shop", "DROP TRIGGER refuse_at_commit ON orders; DROP FUNCTION refuse_at_commit()");
        }
    }

    @Test
    void tablesWhoseNamesNeedQuotingAreRestoredWithTheTablesThatReferenceThem() throws Exception {
        flows.backup("shop");
        Map<String, String> backedUp = TestDatabases.contentChecksums(postgres, "shop");
        RestoreTestStack.shop().asOwner("shop", """
                DELETE FROM "Sales Dept"."Weird Name; drop" WHERE id > 10; DELETE FROM "a b" WHERE id > 10;
                UPDATE "a b" SET "Note" = 'changed after the backup' WHERE id = 1""");

        String restoreId = flows.restore("""
                {"databaseId":"shop","source":{"kind":"LATEST"},"target":{"kind":"TABLES","tables":["public.a b"],"includeDependents":true},"safetyBackup":false}""");

        RestoreCompleted completed = flows.completed(restoreId, WAIT);
        assertThat(completed.rowsRestored()).isEqualTo(30 + 20);
        assertThat(completed.validations()).allMatch(ValidationResult::passed);
        assertThat(TestDatabases.contentChecksums(postgres, "shop")).isEqualTo(backedUp);
        assertThat(TestDatabases.count(postgres, "shop", "SELECT count(*) FROM \"Sales Dept\".\"Weird Name; drop\"")).isEqualTo(20);
    }

    @Test
    void tablesIntoANewDatabaseKeepTheForeignKeysBetweenThemAndAPartitionedTableBringsItsPartitions() throws Exception {
        BackupCompleted backup = flows.backup("shop");
        Map<String, Long> rows = backup.tableRowCounts();

        String restoreId = flows.restore("""
                {"databaseId":"shop","source":{"kind":"LATEST"},"safetyBackup":false,
                 "target":{"kind":"TABLES","tables":["public.customer","public.measurement"],"includeDependents":true,"databaseName":"shop_tables"}}""");

        RestoreCompleted completed = flows.completed(restoreId, WAIT);
        assertThat(completed.rowsRestored()).isEqualTo(rows.get("public.customer") + rows.get("public.orders") + rows.get("public.measurement"));
        assertThat(TestDatabases.count(postgres, "shop_tables", "SELECT count(*) FROM measurement")).isEqualTo(rows.get("public.measurement"));
        // orders -> customer, both restored, is kept; "Weird Name; drop" -> "a b" (neither restored) is not
        assertThat(TestDatabases.count(postgres, "shop_tables", "SELECT count(*) FROM pg_constraint WHERE contype = 'f'")).isEqualTo(1);
        assertThat(TestDatabases.count(postgres, "shop_tables",
                "SELECT count(*) FROM pg_constraint WHERE contype = 'f' AND conrelid = 'orders'::regclass AND confrelid = 'customer'::regclass")).isEqualTo(1);
        assertThat(completed.validations()).filteredOn(result -> result.check().equals("FK_INTEGRITY")).singleElement()
                .matches(ValidationResult::passed).extracting(ValidationResult::details).isEqualTo("1 foreign key without orphans");
    }

    @Test
    void aPartitionedTableRestoredIntoTheLiveDatabaseGetsItsPartitionsRowsBackOnce() throws Exception {
        BackupCompleted backup = flows.backup("shop");
        Map<String, String> backedUp = TestDatabases.contentChecksums(postgres, "shop");
        RestoreTestStack.shop().asOwner("shop", "DELETE FROM measurement WHERE at >= '2026-01-01'");

        String restoreId = flows.restore("""
                {"databaseId":"shop","source":{"kind":"LATEST"},"target":{"kind":"TABLES","tables":["public.measurement"]},"safetyBackup":false}""");

        RestoreCompleted completed = flows.completed(restoreId, WAIT);
        assertThat(completed.rowsRestored()).isEqualTo(backup.tableRowCounts().get("public.measurement"));
        assertThat(TestDatabases.contentChecksums(postgres, "shop")).isEqualTo(backedUp);
    }

    @Test
    void hostileOrUnknownTableNamesAreRefusedBeforeAnySqlRuns() throws Exception {
        flows.backup("shop");
        int restoresBefore = restoresOf("shop");
        for (String name : List.of("x; DROP TABLE customer", "\\\"a\\\".\\\"b\\\"", "public.nope", "customer")) {
            given().auth().oauth2(LocalTokens.forTest("admin")).contentType("application/json")
                    .body("{\"databaseId\":\"shop\",\"source\":{\"kind\":\"LATEST\"},\"target\":{\"kind\":\"TABLES\",\"tables\":[\"" + name + "\"]}}")
                    .when().post("/api/restores").then().statusCode(400)
                    .body("code", equalTo("INVALID_TABLES"));
        }
        assertThat(restoresOf("shop")).isEqualTo(restoresBefore);
        assertThat(TestDatabases.count(postgres, "shop", "SELECT count(*) FROM customer")).isEqualTo(500);
    }

    @Test
    void aFlippedByteFailsTheRestoreAndTheLiveDatabaseIsAsBefore() throws Exception {
        BackupCompleted backup = flows.backup("corrupt");
        flipAByteInTheMiddleOf(backup);
        String before = TestDatabases.pgDump(postgres, "shop_corrupt", false);

        String restoreId = flows.restore("""
                {"databaseId":"corrupt","source":{"kind":"BACKUP_ID","backupId":"%s"},"target":{"kind":"IN_PLACE","confirmed":true},"safetyBackup":false}"""
                .formatted(backup.backupId()));

        RestoreFailed failed = flows.restoreEvents.await(RestoreFailed.class, restoreId, WAIT).data();
        assertThat(failed.step()).isEqualTo("PG_RESTORE");
        assertThat(failed.errorCode()).isIn("ENCRYPTION_TAG", "CHECKSUM");
        assertThat(TestDatabases.pgDump(postgres, "shop_corrupt", false)).isEqualTo(before);
        assertThat(TestDatabases.databasesLike(postgres, "shop_corrupt_%")).isEmpty();
        assertThat(stagedArchives()).as("the staged archive of the failed restore").isEmpty();
    }

    @Test
    void aBackupLargerThanTheStagingDiskIsRefusedWithInsufficientDiskBeforeAnythingIsCreated() throws Exception {
        BackupCompleted backup = flows.backup("corrupt");
        Path manifest = servers.s3().orElseThrow().bucketDir(RealServers.BUCKET).resolve(backup.manifestKey());
        String text = Files.readString(manifest, StandardCharsets.UTF_8);
        assertThat(text).containsPattern("\"plaintextBytes\" : [1-9]");
        Files.writeString(manifest, text.replaceFirst("\"plaintextBytes\" : \\d+", "\"plaintextBytes\" : " + (1L << 60)));

        String restoreId = flows.restore("""
                {"databaseId":"corrupt","source":{"kind":"BACKUP_ID","backupId":"%s"},"target":{"kind":"NEW_DATABASE","databaseName":"corrupt_huge"}}"""
                .formatted(backup.backupId()));

        RestoreFailed failed = flows.restoreEvents.await(RestoreFailed.class, restoreId, WAIT).data();
        assertThat(failed.step()).isEqualTo("RESOLVE_SOURCE");
        assertThat(failed.errorCode()).isEqualTo("INSUFFICIENT_DISK");
        assertThat(failed.message()).startsWith("staging backup " + backup.backupId() + " needs 1,099,511,627,776 MiB for its archive")
                .contains(" MiB free in " + RestoreTestStack.STAGING)
                .contains("point lifeboat.staging.folder at a larger disk, or set lifeboat.restore.jobs=1");
        assertThat(TestDatabases.databasesLike(postgres, "corrupt_huge")).isEmpty();
        assertThat(stagedArchives()).isEmpty();
    }

    /** Flips one bit of the backup's stored archive, half way through it. */
    private void flipAByteInTheMiddleOf(BackupCompleted backup) throws java.io.IOException {
        flipAByteInTheMiddleOf(servers.s3().orElseThrow().bucketDir(RealServers.BUCKET).resolve(backup.objectKey()));
    }

    /** Flips one bit of a stored file, half way through it (bit rot in the bucket). */
    static void flipAByteInTheMiddleOf(Path stored) throws java.io.IOException {
        try (RandomAccessFile file = new RandomAccessFile(stored.toFile(), "rw")) {
            file.seek(file.length() / 2);
            int b = file.read();
            file.seek(file.length() / 2);
            file.write(b ^ 0x01);
        }
    }

    private static List<Path> stagedArchives() throws java.io.IOException {
        if (!Files.isDirectory(RestoreTestStack.STAGING)) {
            return List.of();
        }
        try (var files = Files.list(RestoreTestStack.STAGING)) {
            return files.toList();
        }
    }

    @Test
    void aManifestWhoseChecksumDisagreesFailsWithAChecksumError() throws Exception {
        BackupCompleted backup = flows.backup("corrupt");
        Path manifest = servers.s3().orElseThrow().bucketDir(RealServers.BUCKET).resolve(backup.manifestKey());
        String text = Files.readString(manifest, StandardCharsets.UTF_8);
        Files.writeString(manifest, text.replace(backup.sha256(), "0".repeat(64)));

        String restoreId = flows.restore("""
                {"databaseId":"corrupt","source":{"kind":"BACKUP_ID","backupId":"%s"},"target":{"kind":"NEW_DATABASE","databaseName":"corrupt_copy"}}"""
                .formatted(backup.backupId()));

        RestoreFailed failed = flows.restoreEvents.await(RestoreFailed.class, restoreId, WAIT).data();
        assertThat(failed.errorCode()).isEqualTo("CHECKSUM");
        assertThat(failed.message()).contains("SHA-256");
        assertThat(TestDatabases.databasesLike(postgres, "corrupt_copy")).isEmpty();
    }

    @Test
    void aFailedSafetyBackupFailsTheRestoreBeforeTheLiveDatabaseIsTouched() throws Exception {
        flows.backup("nosafety");
        // Only the backup role's password is broken: the registration's restore role stays as it was.
        given().baseUri(RestoreTestStack.backupService().url()).auth().oauth2(LocalTokens.forTest("admin"))
                .contentType("application/merge-patch+json").body("{\"credentialRef\":\"env:LIFEBOAT_DB_NOT_SET\"}")
                .when().patch("/api/databases/nosafety").then().statusCode(200).body("restore.username", equalTo(postgres.superuser()));
        String before = TestDatabases.pgDump(postgres, "shop_nosafety", false);

        String restoreId = flows.restore("""
                {"databaseId":"nosafety","source":{"kind":"LATEST"},"target":{"kind":"IN_PLACE","confirmed":true}}""");

        RestoreFailed failed = flows.restoreEvents.await(RestoreFailed.class, restoreId, WAIT).data();
        assertThat(failed.step()).isEqualTo("SAFETY_BACKUP");
        assertThat(failed.errorCode()).isEqualTo("SAFETY_BACKUP_FAILED");
        assertThat(failed.message()).contains("CREDENTIAL_UNAVAILABLE");
        assertThat(TestDatabases.pgDump(postgres, "shop_nosafety", false)).isEqualTo(before);
        assertThat(TestDatabases.databasesLike(postgres, "shop_nosafety_%")).isEmpty();
    }

    @Test
    void pointInTimeChoosesTheNewestBackupAtOrBeforeIt() {
        BackupCompleted first = flows.backup("corrupt");
        flows.backup("corrupt");
        given().auth().oauth2(LocalTokens.forTest("admin")).contentType("application/json")
                .body("{\"databaseId\":\"corrupt\",\"source\":{\"kind\":\"POINT_IN_TIME\",\"pointInTime\":\"" + first.completedAt()
                        + "\"},\"target\":{\"kind\":\"NEW_DATABASE\",\"databaseName\":\"corrupt_pit\"}}")
                .when().post("/api/restores").then().statusCode(202)
                .body("backupId", equalTo(first.backupId()));
        given().auth().oauth2(LocalTokens.forTest("admin")).contentType("application/json")
                .body("{\"databaseId\":\"corrupt\",\"source\":{\"kind\":\"POINT_IN_TIME\",\"pointInTime\":\"2001-01-01T00:00:00Z\"},"
                        + "\"target\":{\"kind\":\"NEW_DATABASE\",\"databaseName\":\"corrupt_old\"}}")
                .when().post("/api/restores").then().statusCode(422)
                .body("code", equalTo("NO_BACKUP"));
    }

    private static int restoresOf(String databaseId) {
        return given().auth().oauth2(LocalTokens.forTest("viewer")).when().get("/api/restores?databaseId=" + databaseId)
                .then().statusCode(200).extract().path("total");
    }
}
