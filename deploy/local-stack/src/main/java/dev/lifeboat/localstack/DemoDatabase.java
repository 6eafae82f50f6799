package dev.lifeboat.localstack;

import dev.lifeboat.realservers.postgres.PostgresServer;
import dev.lifeboat.realservers.tokens.LocalTokens;
import dev.lifeboat.realservers.tokens.SigningKeys;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;

/**
 * Something to protect on first start: the database {@value #NAME} on the stack's PostgreSQL (foreign keys, a
 * partitioned table, sequences, jsonb, bytea; {@code demo/orders.sql}), registered with backup-service as
 * {@value #ID} with point-in-time restore on (the stack's server runs {@code wal_level=logical}), so the README's
 * examples work as written. Created and registered once: a user who removes the
 * registration or drops the database does not get it back on the next start.
 */
final class DemoDatabase {

    static final String ID = "orders-db";
    static final String NAME = "orders";

    private DemoDatabase() {
    }

    /** Creates {@value #NAME} with its rows when the server has no such database. @return whether it was created now */
    static boolean createIfMissing(PostgresServer postgres) {
        try (Connection connection = postgres.connect("postgres"); Statement statement = connection.createStatement();
             ResultSet found = statement.executeQuery("SELECT 1 FROM pg_database WHERE datname = '" + NAME + "'")) {
            if (found.next()) {
                return false;
            }
        } catch (SQLException e) {
            throw new IllegalStateException("cannot look for the demo database: " + e.getMessage(), e);
        }
        postgres.execute("CREATE DATABASE " + NAME);
        postgres.execute(NAME, script());
        return true;
    }

    /** The registration body of {@value #ID} (its backups and restores use the superuser). */
    static String registration(int postgresPort, Path superuserPassword) {
        return """
                {"id":"%s","host":"127.0.0.1","port":%d,"database":"%s","username":"%s","credentialRef":"file:%s",
                 "labels":{"team":"demo","tier":"critical"},"pointInTime":{"enabled":true,"window":"P7D"}}""".formatted(ID, postgresPort, NAME, PostgresServer.SUPERUSER, superuserPassword);
    }

    /** Registers a demo database with backup-service as the local admin; one registered already is fine. */
    static void register(int backupPort, String id, String body, SigningKeys keys) {
        HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + backupPort + "/api/databases"))
                .header("Authorization", "Bearer " + LocalTokens.mint(keys, "lifeboat-local", "admin", Duration.ofMinutes(5)))
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(body)).build();
        try {
            HttpResponse<String> answer = HttpClient.newHttpClient().send(request, HttpResponse.BodyHandlers.ofString());
            if (answer.statusCode() != 201 && answer.statusCode() != 409) {
                throw new IllegalStateException("registering " + id + " answered " + answer.statusCode() + ": " + answer.body());
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted registering " + id, e);
        }
    }

    private static String script() {
        try (InputStream in = DemoDatabase.class.getResourceAsStream("/demo/orders.sql")) {
            if (in == null) {
                throw new IllegalStateException("demo/orders.sql is missing from the local stack's classes");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
