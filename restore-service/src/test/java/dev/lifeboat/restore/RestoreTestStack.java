package dev.lifeboat.restore;

import dev.lifeboat.realservers.RealServers;
import dev.lifeboat.realservers.fixtures.ShopDatabase;
import dev.lifeboat.realservers.postgres.PostgresServer;
import dev.lifeboat.realservers.quarkus.InjectRealServers;
import dev.lifeboat.realservers.fixtures.BackupServiceUnderTest;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;

import java.nio.file.Path;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.Map;


/**
 * Real Kafka, PostgreSQL 15 and S3Proxy, and the real backup service (its built jar, as a child JVM) on
 * them, with archive encryption on. The protected databases live on the test server; the backup service
 * has them registered, and this service has them as restore targets:
 * <ul>
 * <li>{@code shop} (database {@code shop}): the varied-types database, for NEW_DATABASE and TABLES;</li>
 * <li>{@code inplace}, {@code corrupt}: copies of it for IN_PLACE restores;</li>
 * <li>{@code rollback}: IN_PLACE with a smoke query that only the live database (not the backup) passes;</li>
 * <li>{@code nosafety}: a database whose safety backup is made to fail.</li>
 * </ul>
 */
public class RestoreTestStack implements QuarkusTestResourceLifecycleManager {

    /** One word: the backup service reads it from an environment variable name. */
    static final String KEY_ID = "testkey";
    static final Map<String, String> DATABASES = Map.of("shop", "shop", "inplace", "shop_inplace", "corrupt", "shop_corrupt",
            "rollback", "shop_rollback", "nosafety", "shop_nosafety");
    static final String ADDED_AFTER_BACKUP = "added_after_backup";

    private RealServers servers;
    private static BackupServiceUnderTest backupService;
    private static ShopDatabase shop;

    @Override
    public Map<String, String> start() {
        servers = RealServers.start(EnumSet.of(RealServers.Kind.KAFKA, RealServers.Kind.POSTGRES, RealServers.Kind.S3));
        try {
            Path state = Path.of("target/restore-test-stack");
            PostgresServer postgres = servers.postgres().orElseThrow();
            shop = ShopDatabase.owner(postgres);
            DATABASES.values().forEach(shop::createShop);

            Path ownerPassword = BackupServiceUnderTest.secretFile(state, "owner.password", shop.ownerPassword());
            Path superuserPassword = BackupServiceUnderTest.secretFile(state, "superuser.password", postgres.superuserPassword());
            Map<String, String> shared = BackupServiceUnderTest.sharedSettings(servers, state, KEY_ID);
            backupService = BackupServiceUnderTest.start(servers, shared, KEY_ID, state);
            DATABASES.forEach((id, database) -> backupService.register(id, postgres, database, ShopDatabase.OWNER, "file:" + ownerPassword));

            Map<String, String> restore = new HashMap<>(shared);
            DATABASES.forEach((id, database) -> {
                restore.put("lifeboat.restore.databases." + id + ".host", postgres.host());
                restore.put("lifeboat.restore.databases." + id + ".port", String.valueOf(postgres.port()));
                restore.put("lifeboat.restore.databases." + id + ".database", database);
                restore.put("lifeboat.restore.databases." + id + ".username", postgres.superuser());
                restore.put("lifeboat.restore.databases." + id + ".credential-ref", "file:" + superuserPassword);
            });
            restore.put("lifeboat.restore.databases.rollback.smoke-query", "SELECT 1 FROM " + ADDED_AFTER_BACKUP);
            return restore;
        } catch (RuntimeException e) {
            stop();
            throw e;
        }
    }

    static BackupServiceUnderTest backupService() {
        return backupService;
    }

    static ShopDatabase shop() {
        return shop;
    }

    @Override
    public void inject(TestInjector testInjector) {
        testInjector.injectIntoFields(servers, new TestInjector.AnnotatedAndMatchesType(InjectRealServers.class, RealServers.class));
    }

    @Override
    public void stop() {
        if (backupService != null) {
            backupService.close();
        }
        if (servers != null) {
            servers.close();
        }
    }
}
