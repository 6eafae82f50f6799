package dev.lifeboat.verifier;

import dev.lifeboat.realservers.RealServers;
import dev.lifeboat.realservers.fixtures.BackupServiceUnderTest;
import dev.lifeboat.realservers.fixtures.ShopDatabase;
import dev.lifeboat.realservers.postgres.PostgresServer;
import dev.lifeboat.realservers.quarkus.InjectRealServers;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;

import java.nio.file.Path;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.Map;

/**
 * Real Kafka, PostgreSQL 15 and S3Proxy, and the real backup service (its built jar, as a child JVM) on
 * them, with archive encryption on; the test server is also the verifier's scratch server. The backed-up
 * databases live on the test server and are registered with the backup service:
 * <ul>
 * <li>{@code shop}: the varied-types database, for verifications and restore tests, with freshness columns;</li>
 * <li>{@code edited}: a copy (freshness columns too) whose manifest a test edits;</li>
 * <li>{@code fresh}: for the freshness watch;</li>
 * <li>{@code quarterly}: the only one on the default restore-test schedule (the others' schedules
 * fire only on 29 February, so a test that moves the clock to a quarter's start fires this one alone).</li>
 * </ul>
 */
public class VerifierTestStack implements QuarkusTestResourceLifecycleManager {

    /** One word: the backup service reads it from an environment variable name. */
    static final String KEY_ID = "testkey";
    static final Map<String, String> DATABASES = Map.of("shop", "shop", "edited", "shop_edited", "fresh", "fresh", "quarterly", "quarterly");
    private static final String NEVER_SOON = "0 0 29 2 *";
    /** The freshness columns of {@code shop} and {@code edited}, whose newest values restore tests check. */
    static final Map<String, String> FRESHNESS_COLUMNS = Map.of("public.orders", "placed", "public.customer", "created");

    private RealServers servers;
    private static BackupServiceUnderTest backupService;

    @Override
    public Map<String, String> start() {
        servers = RealServers.start(EnumSet.of(RealServers.Kind.KAFKA, RealServers.Kind.POSTGRES, RealServers.Kind.S3));
        try {
            Path state = Path.of("target/verifier-test-stack");
            PostgresServer postgres = servers.postgres().orElseThrow();
            ShopDatabase shop = ShopDatabase.owner(postgres);
            shop.createShop("shop");
            shop.createShop("shop_edited");
            shop.createTiny("fresh");
            shop.createTiny("quarterly");

            Path ownerPassword = BackupServiceUnderTest.secretFile(state, "owner.password", shop.ownerPassword());
            Path superuserPassword = BackupServiceUnderTest.secretFile(state, "superuser.password", postgres.superuserPassword());
            Map<String, String> shared = BackupServiceUnderTest.sharedSettings(servers, state, KEY_ID);
            backupService = BackupServiceUnderTest.start(servers, shared, KEY_ID, state);
            DATABASES.forEach((id, database) -> backupService.register(id, postgres, database, ShopDatabase.OWNER, "file:" + ownerPassword,
                    database.startsWith("shop") ? FRESHNESS_COLUMNS : Map.of()));

            Map<String, String> verifier = new HashMap<>(shared);
            verifier.put("lifeboat.verifier.scratch.host", postgres.host());
            verifier.put("lifeboat.verifier.scratch.port", String.valueOf(postgres.port()));
            verifier.put("lifeboat.verifier.scratch.username", postgres.superuser());
            verifier.put("lifeboat.verifier.scratch.credential-ref", "file:" + superuserPassword);
            for (String id : new String[]{"shop", "edited", "fresh"}) {
                verifier.put("lifeboat.verifier.databases." + id + ".restore-test-schedule", NEVER_SOON);
            }
            return verifier;
        } catch (RuntimeException e) {
            stop();
            throw e;
        }
    }

    static BackupServiceUnderTest backupService() {
        return backupService;
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
