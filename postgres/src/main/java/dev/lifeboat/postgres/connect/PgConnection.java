package dev.lifeboat.postgres.connect;

import dev.lifeboat.runtime.secret.Redaction;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.Properties;

/**
 * Where Lifeboat connects to a PostgreSQL server, as one role: the one way every service opens a JDBC
 * connection (blocking: call it on a worker thread) and the settings {@code pg_dump}/{@code pg_restore} get
 * (the password goes in the child's environment, never on its command line). Nothing it reports carries
 * the password, even when the server echoes it in an error. Its {@link PgTls} (null: the tools' default) holds for
 * every one of them alike.
 */
public record PgConnection(String host, int port, String username, String password, PgTls tls) {

    /** A connection with the tools' default TLS ({@code prefer}). */
    public PgConnection(String host, int port, String username, String password) {
        this(host, port, username, password, null);
    }

    /** Connecting gives up after this many seconds, for JDBC and the child processes alike. */
    public static final int CONNECT_TIMEOUT_SECONDS = 10;

    /**
     * Opens a connection to {@code database}; the server sees {@code "lifeboat " + purpose} as the application.
     *
     * @throws SQLException with the server's SQLSTATE and its message with the password masked (the original
     *                      exception, whose message may hold it, is not kept as the cause)
     */
    public Connection open(String database, String purpose) throws SQLException {
        return connect(database, purpose, new Properties());
    }

    /**
     * Opens a logical replication connection to {@code database} (the walsender protocol: replication slots and their
     * streams, through pgjdbc's replication API). It needs the REPLICATION attribute, or a managed service's grant of it.
     */
    public Connection openReplication(String database, String purpose) throws SQLException {
        Properties properties = new Properties();
        properties.setProperty("replication", "database");
        properties.setProperty("preferQueryMode", "simple");
        properties.setProperty("assumeMinServerVersion", "10");
        return connect(database, purpose, properties);
    }

    private Connection connect(String database, String purpose, Properties properties) throws SQLException {
        properties.setProperty("user", username);
        if (password != null) {
            properties.setProperty("password", password);
        }
        properties.setProperty("connectTimeout", String.valueOf(CONNECT_TIMEOUT_SECONDS));
        properties.setProperty("ApplicationName", "lifeboat " + purpose);
        if (tls != null) {
            tls.addTo(properties);
        }
        try {
            return DriverManager.getConnection(jdbcUrl(database), properties);
        } catch (SQLException e) {
            throw new SQLException(redact(e.getMessage()), e.getSQLState(), e.getErrorCode());
        }
    }

    public String jdbcUrl(String database) {
        return "jdbc:postgresql://" + host + ":" + port + "/" + database;
    }

    /** {@code user@host:port/database}, for messages. */
    public String where(String database) {
        return this + "/" + database;
    }

    /** A message with this connection's password masked; "(no message)" for null. */
    public String redact(String message) {
        return Redaction.redact(message == null ? "(no message)" : message, password);
    }

    @Override
    public String toString() {
        return username + "@" + host + ":" + port;
    }
}
