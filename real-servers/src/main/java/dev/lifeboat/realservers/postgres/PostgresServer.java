package dev.lifeboat.realservers.postgres;

import dev.lifeboat.realservers.RealServer;
import dev.lifeboat.realservers.process.LoopbackPorts;
import dev.lifeboat.realservers.process.WorkDirs;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.HexFormat;
import java.util.Map;

/**
 * PostgreSQL 15 (zonky's binaries, which run as root) on a free loopback port. Connections over
 * TCP need a password (scram-sha-256), as on a real server, so a wrong password really fails.
 * It holds one database, {@value #DATABASE}, in which each service keeps its own schema.
 */
public final class PostgresServer implements RealServer {

    public static final String DATABASE = "lifeboat";
    public static final String SUPERUSER = "postgres";

    private final EmbeddedPostgres postgres;
    private final Path workDir;
    private final String password;

    private PostgresServer(EmbeddedPostgres postgres, Path workDir, String password) {
        this.postgres = postgres;
        this.workDir = workDir;
        this.password = password;
    }

    public static PostgresServer start() {
        Path workDir = WorkDirs.create("lifeboat-postgres-");
        try {
            EmbeddedPostgres postgres = EmbeddedPostgres.builder()
                    .setPort(LoopbackPorts.free())
                    .setDataDirectory(workDir.resolve("data"))
                    .setCleanDataDirectory(true)
                    .setServerConfig("listen_addresses", LoopbackPorts.HOST)
                    .setServerConfig("unix_socket_directories", workDir.toString())
                    .setServerConfig("max_connections", "200")
                    .setServerConfig("fsync", "off")
                    .setServerConfig("synchronous_commit", "off")
                    .setServerConfig("full_page_writes", "off")
                    .start();
            String password = HexFormat.of().formatHex(randomBytes());
            requirePasswords(postgres, workDir.resolve("data"), password);
            PostgresServer server = new PostgresServer(postgres, workDir, password);
            server.execute("CREATE DATABASE " + DATABASE);
            return server;
        } catch (IOException e) {
            WorkDirs.delete(workDir);
            throw new UncheckedIOException("PostgreSQL did not start", e);
        }
    }

    private static byte[] randomBytes() {
        byte[] bytes = new byte[16];
        new SecureRandom().nextBytes(bytes);
        return bytes;
    }

    private static void requirePasswords(EmbeddedPostgres postgres, Path dataDir, String password) throws IOException {
        try (Connection connection = postgres.getPostgresDatabase().getConnection();
             Statement statement = connection.createStatement()) {
            statement.execute("SET password_encryption = 'scram-sha-256'");
            statement.execute("ALTER ROLE " + SUPERUSER + " PASSWORD '" + password + "'");
            Files.writeString(dataDir.resolve("pg_hba.conf"), String.join("\n",
                    "local all all trust",
                    "host all all 127.0.0.1/32 scram-sha-256",
                    ""));
            statement.execute("SELECT pg_reload_conf()");
        } catch (SQLException e) {
            throw new IllegalStateException("cannot set up password authentication: " + e.getMessage(), e);
        }
    }

    /** Runs one SQL statement as the superuser, in {@code postgres} database. */
    public void execute(String sql) {
        execute("postgres", sql);
    }

    /** Runs one SQL statement as the superuser in the given database. */
    public void execute(String database, String sql) {
        try (Connection connection = connect(database); Statement statement = connection.createStatement()) {
            statement.execute(sql);
        } catch (SQLException e) {
            throw new IllegalStateException("SQL failed on " + database + ": " + e.getMessage(), e);
        }
    }

    /** A JDBC connection as the superuser, over TCP with the password. */
    public Connection connect(String database) throws SQLException {
        return DriverManager.getConnection(jdbcUrl(database), SUPERUSER, password);
    }

    public int port() {
        return postgres.getPort();
    }

    public String host() {
        return LoopbackPorts.HOST;
    }

    public String superuser() {
        return SUPERUSER;
    }

    /** The superuser's password: for test set-up only, never to be logged. */
    public String superuserPassword() {
        return password;
    }

    public String jdbcUrl(String database) {
        return "jdbc:postgresql://" + host() + ":" + port() + "/" + database;
    }

    @Override
    public Map<String, String> settings() {
        return Map.of(
                "quarkus.datasource.reactive.url", "postgresql://" + host() + ":" + port() + "/" + DATABASE,
                "quarkus.datasource.jdbc.url", jdbcUrl(DATABASE),
                "quarkus.datasource.username", SUPERUSER,
                "quarkus.datasource.password", password);
    }

    @Override
    public void close() {
        try {
            postgres.close();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } finally {
            WorkDirs.delete(workDir);
        }
    }
}
