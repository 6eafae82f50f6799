package dev.lifeboat.restore;

import dev.lifeboat.backup.fixtures.ShopDatabase;
import dev.lifeboat.backup.fixtures.BackupServiceTestStack;

import java.util.HashMap;
import java.util.Map;


/**
 * The backup-service stack ({@link BackupServiceTestStack}) with the protected databases on the test
 * server; the backup service has them registered, and this service has them as restore targets, reached
 * as the superuser:
 * <ul>
 * <li>{@code shop} (database {@code shop}): the varied-types database, for NEW_DATABASE and TABLES, with freshness columns;</li>
 * <li>{@code inplace}, {@code corrupt}: copies of it for IN_PLACE restores;</li>
 * <li>{@code rollback}: IN_PLACE with a smoke query that only the live database (not the backup) passes;</li>
 * <li>{@code nosafety}: a database whose safety backup is made to fail;</li>
 * <li>{@code crash-*}: databases whose restores stop at one crash point each ({@link #CRASH_POINTS}).</li>
 * </ul>
 */
public class RestoreTestStack extends BackupServiceTestStack {

    static final Map<String, String> DATABASES = Map.of("shop", "shop", "inplace", "shop_inplace", "corrupt", "shop_corrupt",
            "rollback", "shop_rollback", "nosafety", "shop_nosafety",
            "crash-refused", "shop_crash_refused", "crash-renames", "shop_crash_renames", "crash-swapped", "shop_crash_swapped",
            "crash-copy", "shop_crash_copy", "crash-rows", "shop_crash_rows");
    /** Where the restores of the {@code crash-*} databases stop, as if the service were killed there ({@link RestoreCrashTest}). */
    static final Map<String, String> CRASH_POINTS = Map.of("crash-refused", "CONNECTIONS_REFUSED", "crash-renames", "BETWEEN_RENAMES",
            "crash-swapped", "SWAPPED", "crash-copy", "COPY_STARTED", "crash-rows", "ROWS_REPLACED");
    static final String ADDED_AFTER_BACKUP = "added_after_backup";
    /** The freshness columns of {@code shop}: its restores check the restored newest values against the manifest. */
    static final Map<String, String> FRESHNESS_COLUMNS = Map.of("public.orders", "placed", "public.customer", "created");

    @Override
    protected String stateDirectory() {
        return "restore-test-stack";
    }

    @Override
    protected Map<String, String> configure(Stack stack) {
        DATABASES.values().forEach(stack.shop()::createShop);
        DATABASES.forEach((id, database) -> stack.backupService().register(id, stack.postgres(), database, ShopDatabase.OWNER,
                "file:" + stack.ownerPassword(), id.equals("shop") ? FRESHNESS_COLUMNS : Map.of()));
        Map<String, String> restore = new HashMap<>();
        DATABASES.forEach((id, database) -> {
            restore.put("lifeboat.restore.databases." + id + ".host", stack.postgres().host());
            restore.put("lifeboat.restore.databases." + id + ".port", String.valueOf(stack.postgres().port()));
            restore.put("lifeboat.restore.databases." + id + ".database", database);
            restore.put("lifeboat.restore.databases." + id + ".username", stack.postgres().superuser());
            restore.put("lifeboat.restore.databases." + id + ".credential-ref", "file:" + stack.superuserPassword());
        });
        CRASH_POINTS.forEach((id, point) -> restore.put("lifeboat.restore.simulate-crash-at." + id, point));
        restore.put("lifeboat.restore.databases.rollback.smoke-query", "SELECT 1 FROM " + ADDED_AFTER_BACKUP);
        return restore;
    }
}
