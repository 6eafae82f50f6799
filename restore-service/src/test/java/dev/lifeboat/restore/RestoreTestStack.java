package dev.lifeboat.restore;

import dev.lifeboat.backup.fixtures.ShopDatabase;
import dev.lifeboat.backup.fixtures.BackupServiceTestStack;
import dev.lifeboat.backup.fixtures.BackupServiceUnderTest;

import dev.lifeboat.realservers.tokens.LocalTokens;
import org.awaitility.Awaitility;

import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;


/**
 * The backup-service stack ({@link BackupServiceTestStack}) with the protected databases on the test
 * server, registered through the backup service's API only (backups as the owner, restores as the superuser):
 * this service learns of them from {@code lifeboat.databases}, published before it starts. Only {@code rollback}
 * and {@code putback} are also configured here ({@code lifeboat.restore.databases.<id>.*}), which wins, to add a smoke query:
 * <ul>
 * <li>{@code shop} (database {@code shop}): the varied-types database, for NEW_DATABASE and TABLES, with freshness columns;</li>
 * <li>{@code inplace}, {@code corrupt}: copies of it for IN_PLACE restores ({@code inplace} streamed into one
 * {@code pg_restore}, every other one staged for {@code --jobs=2});</li>
 * <li>{@code rollback}: IN_PLACE with a smoke query that only the live database (not the backup) passes;</li>
 * <li>{@code putback}: IN_PLACE with a smoke query that renames the set-aside database away, commits, then fails;</li>
 * <li>{@code nosafety}: a database whose safety backup is made to fail;</li>
 * <li>{@code rows}: a copy whose restores stream, each table's rows over two connections (it is never staged);</li>
 * <li>{@code pitr}: a copy captured for point-in-time restore ({@link #POINT_IN_TIME}).</li>
 * </ul>
 * A second S3 server is the service's second bucket ({@link #secondBucket()}): it holds what a test copies there.
 */
public class RestoreTestStack extends BackupServiceTestStack {

    /** The test database whose restores stream, each table's rows loaded over two connections (never staged). */
    static final String ROWS_OVER_CONNECTIONS = "rows";
    static final Map<String, String> DATABASES = Map.ofEntries(Map.entry("shop", "shop"), Map.entry("inplace", "shop_inplace"),
            Map.entry("corrupt", "shop_corrupt"), Map.entry("rollback", "shop_rollback"), Map.entry("nosafety", "shop_nosafety"),
            Map.entry(ROWS_OVER_CONNECTIONS, "shop_rows"), Map.entry(RestoreTestStack.PUT_BACK, "shop_putback"));
    static final String ADDED_AFTER_BACKUP = "added_after_backup";
    /** The test database whose smoke query takes the set-aside database away ({@value #TAKEN_AWAY}), then fails. */
    static final String PUT_BACK = "putback";
    static final String TAKEN_AWAY = "shop_putback_taken_away";
    /**
     * A DO block not inside a transaction may commit: the rename stays, and the check fails after it. (Its quote is
     * tagged: configuration reads {@code $$} as an escaped {@code $}.)
     */
    private static final String TAKE_THE_SET_ASIDE_DATABASE_AWAY = "DO $take$ DECLARE aside text; BEGIN"
            + " SELECT datname INTO STRICT aside FROM pg_database WHERE datname LIKE 'shop\\_putback\\_pre\\_restore\\_%';"
            + " EXECUTE format('ALTER DATABASE %I RENAME TO %I', aside, '" + TAKEN_AWAY + "'); COMMIT;"
            + " RAISE EXCEPTION 'the set-aside database is taken away'; END $take$";
    /** The one test database whose registration keeps the rule that a restore into it takes a safety backup. */
    static final String NO_SAFETY = "nosafety";
    /** A copy of {@code shop} captured for point-in-time restore, backed up as the superuser (who may replicate). */
    static final String POINT_IN_TIME = "pitr";
    static final String POINT_IN_TIME_DATABASE = "shop_pitr";
    /** Restores stage archives here for {@code pg_restore --jobs=2}; none is left after a restore. */
    static final java.nio.file.Path STAGING = java.nio.file.Path.of("target", "restore-staging").toAbsolutePath();
    /** The one test database whose restores stream the archive into a single {@code pg_restore} (jobs 1): no staging. */
    static final String STREAMED = "inplace";

    /** A local D1 database (workerd's SQLite through the real wrangler) registered as {@value #D1}: the portal's runbook shape. */
    static final String D1 = "portal";
    static final java.nio.file.Path D1_FOLDER = java.nio.file.Path.of("target", "restore-test-stack", "d1").toAbsolutePath();

    /** The freshness columns of {@code shop}: its restores check the restored newest values against the manifest. */
    static final Map<String, String> FRESHNESS_COLUMNS = Map.of("public.orders", "placed", "public.customer", "created");

    /**
     * Waits until this service knows every test database as a restore target (it reads {@code lifeboat.databases}
     * from the start when it starts), and checks where each one's settings come from.
     */
    static void awaitTargets() {
        Awaitility.await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(200)).untilAsserted(() -> {
            List<String> ids = given().auth().oauth2(LocalTokens.forTest("viewer")).when().get("/api/restore-targets")
                    .then().statusCode(200).extract().jsonPath().getList("items.databaseId");
            assertThat(ids).containsAll(DATABASES.keySet()).contains(POINT_IN_TIME);
        });
    }

    /** A second S3 server is this service's second bucket: it holds the copies of the backups a test copies there. */
    @Override
    protected boolean withSecondBucket() {
        return true;
    }

    /** The stack's state folder, under target/. */
    private static final String STATE = "restore-test-stack";

    @Override
    protected String stateDirectory() {
        return STATE;
    }

    /** A database's password where this stack's services let a registration name it. */
    static java.nio.file.Path databaseSecret(String name, String secret) {
        return BackupServiceUnderTest.databaseSecret(java.nio.file.Path.of("target", STATE), name, secret);
    }

    @Override
    protected Map<String, String> configure(Stack stack) {
        DATABASES.values().forEach(stack.shop()::createShop);
        DATABASES.forEach((id, database) -> stack.backupService().register(id, stack.postgres(), database, ShopDatabase.OWNER,
                "file:" + stack.ownerPassword(), id.equals("shop") ? FRESHNESS_COLUMNS : Map.of(),
                stack.postgres().superuser(), "file:" + stack.superuserPassword()));
        stack.shop().createShop(POINT_IN_TIME_DATABASE);
        stack.backupService().registerForPointInTime(POINT_IN_TIME, stack.postgres(), POINT_IN_TIME_DATABASE,
                stack.postgres().superuser(), "file:" + stack.superuserPassword());
        D1Portal.create(D1_FOLDER);
        stack.backupService().registerD1(D1, D1Portal.NAME, D1_FOLDER);
        // no backup service here takes safety backups for these tests' restores into live databases; nosafety keeps the rule
        DATABASES.keySet().stream().filter(id -> !id.equals(NO_SAFETY)).forEach(stack.backupService()::allowRestoresWithoutSafetyBackup);
        stack.backupService().allowRestoresWithoutSafetyBackup(POINT_IN_TIME);
        stack.backupService().allowRestoresWithoutSafetyBackup(D1);
        Map<String, String> restore = new HashMap<>();
        configureWithSmokeQuery(restore, stack, "rollback", "SELECT 1 FROM " + ADDED_AFTER_BACKUP);
        configureWithSmokeQuery(restore, stack, PUT_BACK, TAKE_THE_SET_ASIDE_DATABASE_AWAY);
        restore.put("lifeboat.restore.jobs", "2");
        restore.put("lifeboat.restore.stage-when", "ALWAYS");
        restore.put("lifeboat.restore.database-jobs." + STREAMED, "1");
        restore.put("lifeboat.restore.database-stage-when." + ROWS_OVER_CONNECTIONS, "NEVER");
        restore.put("lifeboat.staging.folder", STAGING.toString());
        return restore;
    }

    private static void configureWithSmokeQuery(Map<String, String> restore, Stack stack, String id, String smokeQuery) {
        String prefix = "lifeboat.restore.databases." + id + ".";
        restore.put(prefix + "host", stack.postgres().host());
        restore.put(prefix + "port", String.valueOf(stack.postgres().port()));
        restore.put(prefix + "database", DATABASES.get(id));
        restore.put(prefix + "username", stack.postgres().superuser());
        restore.put(prefix + "credential-ref", "file:" + stack.superuserPassword());
        restore.put(prefix + "smoke-query", smokeQuery);
        restore.put(prefix + "restore-without-safety-backup", "true");
    }
}
