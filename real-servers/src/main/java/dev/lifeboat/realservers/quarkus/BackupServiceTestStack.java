package dev.lifeboat.realservers.quarkus;

import dev.lifeboat.realservers.RealServers;
import dev.lifeboat.realservers.fixtures.BackupServiceUnderTest;
import dev.lifeboat.realservers.fixtures.ShopDatabase;
import dev.lifeboat.realservers.postgres.PostgresServer;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;

import java.nio.file.Path;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.Map;

/**
 * For a service that reads what the backup service writes (restore, verifier): real Kafka, PostgreSQL 15
 * and S3Proxy, the real backup service (its built jar, a child JVM) on them with archive encryption on
 * ({@link #KEY_ID}), the shop owner on the test server, and the owner's and the superuser's passwords in
 * files. A subclass creates and registers its databases and says how its service is configured
 * ({@link #configure}); the shared settings (servers, tokens, key) come with it. The servers and the
 * backup service are stopped after the tests. One stack per test JVM (a module's tests share it).
 */
public abstract class BackupServiceTestStack implements QuarkusTestResourceLifecycleManager {

    /** One word: the backup service reads it from an environment variable name. */
    public static final String KEY_ID = "testkey";

    private static BackupServiceUnderTest backupService;
    private static ShopDatabase shop;
    private RealServers servers;

    /**
     * What the stack gives a subclass.
     *
     * @param ownerPassword     file holding the password of {@link ShopDatabase#OWNER}
     * @param superuserPassword file holding the test server's superuser password
     */
    protected record Stack(PostgresServer postgres, ShopDatabase shop, BackupServiceUnderTest backupService,
                           Path ownerPassword, Path superuserPassword) {
    }

    /** Creates and registers the subclass's databases; returns its service's own settings. */
    protected abstract Map<String, String> configure(Stack stack);

    /** The folder under {@code target/} for the stack's files. */
    protected abstract String stateDirectory();

    @Override
    public Map<String, String> start() {
        servers = RealServers.start(EnumSet.of(RealServers.Kind.KAFKA, RealServers.Kind.POSTGRES, RealServers.Kind.S3));
        try {
            Path state = Path.of("target", stateDirectory());
            PostgresServer postgres = servers.postgres().orElseThrow();
            shop = ShopDatabase.owner(postgres);
            Path ownerPassword = BackupServiceUnderTest.secretFile(state, "owner.password", shop.ownerPassword());
            Path superuserPassword = BackupServiceUnderTest.secretFile(state, "superuser.password", postgres.superuserPassword());
            Map<String, String> settings = new HashMap<>(BackupServiceUnderTest.sharedSettings(servers, state, KEY_ID));
            backupService = BackupServiceUnderTest.start(servers, settings, KEY_ID, state);
            settings.putAll(configure(new Stack(postgres, shop, backupService, ownerPassword, superuserPassword)));
            return settings;
        } catch (RuntimeException e) {
            stop();
            throw e;
        }
    }

    public static BackupServiceUnderTest backupService() {
        return backupService;
    }

    public static ShopDatabase shop() {
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
            backupService = null;
        }
        if (servers != null) {
            servers.close();
            servers = null;
        }
    }
}
