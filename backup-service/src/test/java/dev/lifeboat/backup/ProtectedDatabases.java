package dev.lifeboat.backup;

import dev.lifeboat.realservers.postgres.PostgresServer;
import dev.lifeboat.realservers.tokens.LocalTokens;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Map;
import java.util.TreeMap;

import static io.restassured.RestAssured.given;

/**
 * The databases the tests protect, on the real PostgreSQL server: {@code shop} with varied types (jsonb,
 * bytea, arrays, an enum, numeric, timestamptz, large text, a partitioned table, foreign keys, sequences)
 * and about 8 MB of incompressible bytes, and {@code tiny} for tests that take many backups.
 */
final class ProtectedDatabases {

    static final String OWNER = "shop_owner";
    static final String MARKER = "plaintext-marker-7f3a";
    private static final String OWNER_PASSWORD = "owner-" + Long.toHexString(new java.security.SecureRandom().nextLong());
    private static boolean created;

    private ProtectedDatabases() {
    }

    static synchronized void create(PostgresServer postgres) {
        if (created) {
            return;
        }
        postgres.execute("SET password_encryption = 'scram-sha-256'; CREATE ROLE " + OWNER + " LOGIN PASSWORD '" + OWNER_PASSWORD + "'");
        postgres.execute("CREATE DATABASE shop OWNER " + OWNER);
        postgres.execute("CREATE DATABASE tiny OWNER " + OWNER);
        try (Connection connection = java.sql.DriverManager.getConnection(postgres.jdbcUrl("shop"), OWNER, OWNER_PASSWORD)) {
            connection.createStatement().execute("""
                    CREATE TYPE mood AS ENUM ('sad', 'ok', 'happy');
                    CREATE TABLE customer (
                        id bigserial PRIMARY KEY, name text NOT NULL, profile jsonb, photo bytea, tags text[],
                        mood mood, balance numeric(14,4), created timestamptz NOT NULL DEFAULT now(), notes text);
                    CREATE TABLE orders (
                        id serial PRIMARY KEY, customer_id bigint NOT NULL REFERENCES customer (id), total numeric(12,2),
                        placed timestamptz NOT NULL, lines jsonb);
                    CREATE TABLE measurement (id bigint NOT NULL, at date NOT NULL, value double precision) PARTITION BY RANGE (at);
                    CREATE TABLE measurement_2025 PARTITION OF measurement FOR VALUES FROM ('2025-01-01') TO ('2026-01-01');
                    CREATE TABLE measurement_2026 PARTITION OF measurement FOR VALUES FROM ('2026-01-01') TO ('2027-01-01');
                    CREATE SEQUENCE invoice_no START 1000;
                    INSERT INTO customer (name, profile, photo, tags, mood, balance, created, notes)
                    SELECT 'customer ' || i || ' %s',
                           jsonb_build_object('tier', i %% 3, 'emails', jsonb_build_array('c' || i || '@example.com')),
                           (SELECT decode(string_agg(md5(random()::text || g || i), ''), 'hex') FROM generate_series(1, 1000) g),
                           ARRAY['tag' || (i %% 5), 'all'], (ARRAY['sad', 'ok', 'happy'])[1 + i %% 3]::mood,
                           round((random() * 100000)::numeric, 4), now() - (i || ' hours')::interval,
                           repeat('long text ' || i || ' ', 500)
                    FROM generate_series(1, 500) i;
                    INSERT INTO orders (customer_id, total, placed, lines)
                    SELECT 1 + (i %% 500), round((random() * 1000)::numeric, 2), now() - (i || ' minutes')::interval,
                           jsonb_build_array(jsonb_build_object('sku', 'S' || i, 'qty', i %% 7))
                    FROM generate_series(1, 2000) i;
                    INSERT INTO measurement SELECT i, date '2025-06-01' + (i %% 400), random() FROM generate_series(1, 1000) i;
                    SELECT nextval('invoice_no') FROM generate_series(1, 42);
                    """.formatted(MARKER));
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
        try (Connection connection = java.sql.DriverManager.getConnection(postgres.jdbcUrl("tiny"), OWNER, OWNER_PASSWORD)) {
            connection.createStatement().execute("CREATE TABLE item (id int PRIMARY KEY, name text); "
                    + "INSERT INTO item SELECT i, 'item ' || i FROM generate_series(1, 100) i");
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
        created = true;
    }

    /** A file holding the owner's password (or any other text), for a {@code file:} credential reference. */
    static String passwordRef(String name, String password) {
        try {
            Path file = Path.of(System.getProperty("java.io.tmpdir"), "lifeboat-test-" + name + ".password");
            Files.writeString(file, password + "\n");
            return "file:" + file.toAbsolutePath();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static String ownerPasswordRef() {
        return passwordRef("owner", OWNER_PASSWORD);
    }

    static String ownerPassword() {
        return OWNER_PASSWORD;
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
        Map<String, Long> counts = new TreeMap<>();
        try (Connection connection = postgres.connect(database)) {
            ResultSet tables = connection.createStatement().executeQuery(
                    "SELECT schemaname, tablename FROM pg_tables WHERE schemaname = 'public'");
            while (tables.next()) {
                String name = tables.getString(1) + "." + tables.getString(2);
                ResultSet count = connection.createStatement().executeQuery("SELECT count(*) FROM " + name);
                count.next();
                counts.put(name, count.getLong(1));
            }
        }
        return counts;
    }
}
