package dev.lifeboat.service.owndb;

import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.config.inject.ConfigProperty;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.Optional;
import java.util.Properties;

/**
 * Sessions of Lifeboat's own database that are a service's alone, outside its connection pools, for what lives as long as
 * a session does (a session-level advisory lock: closing the session must end it, which returning a pooled connection
 * would not). Opened with the service's own datasource settings ({@code quarkus.datasource.jdbc.url}, {@code username},
 * {@code password}). Blocking JDBC: call it on a worker thread.
 */
@ApplicationScoped
public class OwnDatabaseSessions {

    private final String url;
    private final Properties settings = new Properties();

    public OwnDatabaseSessions(@ConfigProperty(name = "quarkus.datasource.jdbc.url") String url,
                               @ConfigProperty(name = "quarkus.datasource.username") String username,
                               @ConfigProperty(name = "quarkus.datasource.password") Optional<String> password) {
        this.url = url;
        settings.setProperty("user", username);
        password.ifPresent(secret -> settings.setProperty("password", secret));
    }

    /** A new session, named {@code lifeboat <purpose>} among the server's sessions. */
    public Connection open(String purpose) throws SQLException {
        Properties named = new Properties();
        named.putAll(settings);
        named.setProperty("ApplicationName", "lifeboat " + purpose);
        named.setProperty("tcpKeepAlive", "true"); // a session held idle for long (a lock's) learns of a lost peer
        return DriverManager.getConnection(url, named);
    }
}
