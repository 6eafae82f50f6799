package dev.lifeboat.realservers.postgres;

import dev.lifeboat.realservers.process.RealServer;
import dev.lifeboat.realservers.process.LoopbackPorts;
import dev.lifeboat.realservers.process.ServerHome;
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
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;

/**
 * PostgreSQL 15 (zonky's binaries, which run as root) on a free loopback port. Connections over
 * TCP need a password (scram-sha-256), as on a real server, so a wrong password really fails.
 * It holds one database, {@value #DATABASE}, in which each service keeps its own schema. Its {@code wal_level} is
 * {@code logical}, so that databases on it can be captured for point-in-time restore.
 */
public final class PostgresServer implements RealServer {

    public static final String DATABASE = "lifeboat";
    public static final String SUPERUSER = "postgres";

    private static final String PASSWORD_FILE = "superuser.password";

    private final EmbeddedPostgres postgres;
    private final ServerHome home;
    private final Path workDir;
    private final String password;
    /** The socket folder made outside the home (a kept home's path may be too long for a socket), removed at close. */
    private final Path socketFolder;

    private PostgresServer(EmbeddedPostgres postgres, ServerHome home, String password, Path socketFolder) {
        this.postgres = postgres;
        this.socketFolder = socketFolder;
        this.home = home;
        this.workDir = home.dir();
        this.password = password;
    }

    public static PostgresServer start() {
        return start(ServerHome.temporary("lifeboat-postgres-", 1));
    }

    /**
     * A throwaway server with these settings over the defaults below (a benchmark sizes {@code shared_buffers} as a
     * server of its data would be sized; PostgreSQL's own default is 128 MB).
     */
    public static PostgresServer start(Map<String, String> settings) {
        return start(ServerHome.temporary("lifeboat-postgres-", 1), settings);
    }

    /**
     * A server in {@code home} on its port: a kept home's data directory is created on the first start only, and its
     * superuser keeps the password of that start ({@value #PASSWORD_FILE}, readable by its owner only).
     */
    public static PostgresServer start(ServerHome home) {
        return start(home, Map.of());
    }

    private static PostgresServer start(ServerHome home, Map<String, String> settings) {
        Path workDir = home.dir();
        try {
            boolean existing = home.kept() && Files.exists(workDir.resolve("data/postgresql.conf"));
            if (existing) {
                // as initdb left it, so that zonky's start (it connects without a password) succeeds; passwords are
                // required again below, before the server is handed out
                Files.writeString(workDir.resolve("data/pg_hba.conf"), "local all all trust\nhost all all 127.0.0.1/32 trust\n");
            }
            // a socket's path must stay short (107 bytes), which a kept home deep in a checkout may not be
            Path sockets = home.kept() ? Files.createTempDirectory(Path.of("/tmp"), "lifeboat-pg-") : workDir;
            EmbeddedPostgres.Builder builder = EmbeddedPostgres.builder()
                    .setPort(home.port(0))
                    .setDataDirectory(workDir.resolve("data"))
                    .setCleanDataDirectory(!home.kept())
                    // a kept home after a kill recovers first: on 2 busy cores that passed zonky's 10 s (NotifierRestartIT)
                    .setPGStartupWait(java.time.Duration.ofSeconds(60))
                    .setServerConfig("listen_addresses", LoopbackPorts.HOST)
                    .setServerConfig("unix_socket_directories", sockets.toString())
                    .setServerConfig("max_connections", "200")
                    // logical decoding, as point-in-time capture needs it (managed services call it rds.logical_replication)
                    .setServerConfig("wal_level", "logical")
                    .setServerConfig("max_replication_slots", "40")
                    .setServerConfig("max_wal_senders", "40")
                    .setServerConfig("fsync", home.kept() ? "on" : "off")
                    .setServerConfig("synchronous_commit", home.kept() ? "on" : "off")
                    .setServerConfig("full_page_writes", home.kept() ? "on" : "off");
            settings.forEach(builder::setServerConfig);
            EmbeddedPostgres postgres = builder.start();
            String password = home.remembered(PASSWORD_FILE).orElseGet(() -> HexFormat.of().formatHex(randomBytes()));
            requirePasswords(postgres, workDir.resolve("data"), password);
            PostgresServer server = new PostgresServer(postgres, home, password, home.kept() ? sockets : null);
            if (home.kept()) {
                home.remember(PASSWORD_FILE, password);
            }
            if (!existing) {
                server.execute("CREATE DATABASE " + DATABASE);
            }
            return server;
        } catch (IOException e) {
            home.release();
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

    /**
     * An outage, as a restart of the server would cause it: the server stops at once ({@code pg_ctl stop -m fast}
     * ends every session) and refuses connections until the returned handle is closed, which starts it again with
     * the same data, port and options ({@code pg_ctl restart} reuses the options it was started with).
     */
    public synchronized AutoCloseable outage() {
        Path pgCtl = pgCtl();
        pgCtl(pgCtl, "stop", "-m", "fast");
        return () -> pgCtl(pgCtl, "restart", "-m", "fast", "-l", workDir.resolve("restarted.log").toString());
    }

    /**
     * {@code pg_ctl} beside the running server's own binary (zonky unpacks the binaries into a folder of its own). As
     * root it runs in a user namespace ({@code unshare -U}), as zonky runs it, since PostgreSQL refuses to run as root.
     */
    private Path pgCtl() {
        try {
            String pid = Files.readAllLines(workDir.resolve("data/postmaster.pid")).get(0).strip();
            return Files.readSymbolicLink(Path.of("/proc", pid, "exe")).resolveSibling("pg_ctl");
        } catch (IOException e) {
            throw new UncheckedIOException("cannot find the running server's pg_ctl", e);
        }
    }

    private void pgCtl(Path pgCtl, String... arguments) {
        List<String> command = new ArrayList<>();
        if ("root".equals(System.getProperty("user.name"))) {
            command.addAll(List.of("unshare", "-U"));
        }
        command.addAll(List.of(pgCtl.toString(), "-D", workDir.resolve("data").toString(), "-w", "-t", "60"));
        command.addAll(List.of(arguments));
        try {
            Process process = new ProcessBuilder(command).redirectErrorStream(true)
                    .redirectOutput(workDir.resolve("pg_ctl.log").toFile()).start();
            if (process.waitFor() != 0) {
                throw new IllegalStateException("pg_ctl " + arguments[0] + " failed: " + Files.readString(workDir.resolve("pg_ctl.log")));
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted running pg_ctl " + arguments[0], e);
        }
    }

    /** A JDBC connection as the superuser, over TCP with the password. */
    public Connection connect(String database) throws SQLException {
        return DriverManager.getConnection(jdbcUrl(database), SUPERUSER, password);
    }

    /** Whether a session named {@code applicationName} is connected to the server now. */
    public boolean hasSessionNamed(String applicationName) throws SQLException {
        try (Connection connection = connect(DATABASE);
             java.sql.PreparedStatement statement = connection.prepareStatement("SELECT count(*) FROM pg_stat_activity WHERE application_name = ?")) {
            statement.setString(1, applicationName);
            try (java.sql.ResultSet result = statement.executeQuery()) {
                result.next();
                return result.getLong(1) > 0;
            }
        }
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
            home.release();
            if (socketFolder != null) {
                try {
                    Files.deleteIfExists(socketFolder); // empty once the server has stopped
                } catch (IOException e) {
                    // left behind: a folder in the system's temporary folder, nothing in it
                }
            }
        }
    }
}
