package dev.lifeboat.backup;

import dev.lifeboat.backup.fixtures.ShopDatabase;
import dev.lifeboat.realservers.postgres.PostgresServer;
import dev.lifeboat.realservers.tokens.LocalTokens;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.SQLException;
import java.util.Map;

import static io.restassured.RestAssured.given;

/**
 * The databases the tests protect, on the real PostgreSQL server: {@code shop} with varied types (jsonb,
 * bytea, arrays, an enum, numeric, timestamptz, large text, a partitioned table, foreign keys, sequences)
 * and about 8 MB of incompressible bytes, and {@code tiny} for tests that take many backups.
 */
final class ProtectedDatabases {

    static final String OWNER = ShopDatabase.OWNER;
    static final String MARKER = ShopDatabase.MARKER;
    private static ShopDatabase shop;

    private ProtectedDatabases() {
    }

    static synchronized void create(PostgresServer postgres) {
        if (shop != null) {
            return;
        }
        ShopDatabase owner = ShopDatabase.owner(postgres);
        owner.createShop("shop");
        owner.createTiny("tiny");
        shop = owner;
    }

    /** Another small database like {@code tiny}, owned by the owner (after {@link #create}). */
    static void createTiny(String name) {
        shop.createTiny(name);
    }

    /** Where the tests' database passwords are: {@code %test.lifeboat.database-secrets.folder}, which registrations may name. */
    static final Path SECRETS = Path.of(System.getProperty("java.io.tmpdir"), "lifeboat-test-db-secrets");

    /** A file holding the owner's password (or any other text) in {@link #SECRETS}, for a {@code file:} credential reference. */
    static String passwordRef(String name, String password) {
        try {
            Path file = Files.createDirectories(SECRETS).resolve(name + ".password");
            Files.writeString(file, password + "\n");
            return "file:" + file.toAbsolutePath();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static String ownerPasswordRef() {
        return passwordRef("owner", shop.ownerPassword());
    }

    static String ownerPassword() {
        return shop.ownerPassword();
    }

    /** Registers a database through the API (a repeat is a 409 and is fine). */
    static void register(String id, String host, int port, String database, String credentialRef, String extraJson) {
        String body = "{\"id\":\"" + id + "\",\"host\":\"" + host + "\",\"port\":" + port + ",\"database\":\"" + database
                + "\",\"username\":\"" + OWNER + "\",\"credentialRef\":\"" + credentialRef + "\"" + extraJson + "}";
        int status = given().auth().oauth2(LocalTokens.forTest("admin")).contentType("application/json").body(body)
                .when().post("/api/databases").then().extract().statusCode();
        if (status != 201 && status != 409) {
            throw new IllegalStateException("registering " + id + " answered " + status);
        }
    }

    /** Registers a database of the test server, reached as the owner. */
    static void registerOnTestServer(PostgresServer postgres, String id, String database, String extraJson) {
        register(id, postgres.host(), postgres.port(), database, ownerPasswordRef(), extraJson);
    }

    /** Exact row counts per table of a database, as the manifest should record them. */
    static Map<String, Long> rowCounts(PostgresServer postgres, String database) throws SQLException {
        return ShopDatabase.rowCounts(postgres, database);
    }
}
