package dev.lifeboat.restore;

import dev.lifeboat.realservers.RealServers;
import dev.lifeboat.realservers.fixtures.ShopDatabase;
import dev.lifeboat.realservers.postgres.PostgresServer;
import dev.lifeboat.realservers.process.LoopbackPorts;
import dev.lifeboat.realservers.quarkus.InjectRealServers;
import dev.lifeboat.realservers.stack.ServiceProcess;
import dev.lifeboat.realservers.tokens.LocalTokens;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.Map;

import static io.restassured.RestAssured.given;

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
    private ServiceProcess backupService;
    private static String backupServiceUrl;
    private static ShopDatabase shop;

    @Override
    public Map<String, String> start() {
        servers = RealServers.start(EnumSet.of(RealServers.Kind.KAFKA, RealServers.Kind.POSTGRES, RealServers.Kind.S3));
        try {
            Path state = Files.createDirectories(Path.of("target/restore-test-stack"));
            PostgresServer postgres = servers.postgres().orElseThrow();
            shop = ShopDatabase.owner(postgres);
            DATABASES.values().forEach(shop::createShop);

            byte[] key = new byte[32];
            new SecureRandom().nextBytes(key);
            Path keyFile = Files.writeString(state.resolve("archive.key"), Base64.getEncoder().encodeToString(key)).toAbsolutePath();
            Path ownerPassword = Files.writeString(state.resolve("owner.password"), shop.ownerPassword()).toAbsolutePath();
            Path superuserPassword = Files.writeString(state.resolve("superuser.password"), postgres.superuserPassword()).toAbsolutePath();

            Map<String, String> shared = new HashMap<>(servers.settings());
            shared.putAll(LocalTokens.verification(LocalTokens.testKeys()));
            shared.put("lifeboat.encryption.keys." + KEY_ID, "file:" + keyFile);

            Map<String, String> backup = new HashMap<>(shared);
            backup.put("lifeboat.encryption.active-key-id", KEY_ID);
            backup.put("lifeboat.backup.part-size-bytes", "5242880");
            backup.put("lifeboat.tasks.backup-poll", "1s");
            backup.put("lifeboat.backup.retry.max-attempts", "1");
            Path root = Path.of("..").toAbsolutePath().normalize();
            backupService = ServiceProcess.start(root, "backup-service", LoopbackPorts.free(), backup, state);
            backupServiceUrl = backupService.url();
            DATABASES.forEach((id, database) -> register(id, database, postgres, ownerPassword));

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
        } catch (IOException e) {
            stop();
            throw new UncheckedIOException(e);
        } catch (RuntimeException e) {
            stop();
            throw e;
        }
    }

    /** Registers a database with the backup service, through its API, as an admin would. */
    private void register(String id, String database, PostgresServer postgres, Path ownerPassword) {
        int status = given().baseUri(backupServiceUrl).auth().oauth2(LocalTokens.forTest("admin")).contentType("application/json")
                .body(registration(id, database, postgres, "file:" + ownerPassword)).when().post("/api/databases").then().extract().statusCode();
        if (status != 201) {
            throw new IllegalStateException("registering " + id + " with the backup service answered " + status);
        }
    }

    /** The backup service's registration of a test database, reached as its owner with the given credential reference. */
    static String registration(String id, String database, PostgresServer postgres, String credentialRef) {
        return "{\"id\":\"" + id + "\",\"host\":\"" + postgres.host() + "\",\"port\":" + postgres.port()
                + ",\"database\":\"" + database + "\",\"username\":\"" + ShopDatabase.OWNER + "\",\"credentialRef\":\""
                + credentialRef + "\",\"schedule\":\"0 0 1 1 *\"}";
    }

    static String backupServiceUrl() {
        return backupServiceUrl;
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
