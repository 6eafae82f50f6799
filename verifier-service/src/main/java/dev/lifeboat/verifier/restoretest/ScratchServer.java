package dev.lifeboat.verifier.restoretest;

import dev.lifeboat.postgres.connect.PgConnection;
import dev.lifeboat.postgres.sql.SqlIdentifiers;
import dev.lifeboat.runtime.secret.SecretReference;
import dev.lifeboat.runtime.secret.SecretUnavailableException;
import dev.lifeboat.verifier.config.VerifierConfig;
import jakarta.enterprise.context.ApplicationScoped;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;

/**
 * The configured scratch server (JDBC, blocking): restore tests create a database there, restore into
 * it, check it and drop it. Its password is read from its reference when needed and never shown.
 */
@ApplicationScoped
public class ScratchServer {

    private final VerifierConfig.ScratchServer settings;

    public ScratchServer(VerifierConfig config) {
        this.settings = config.scratch();
    }

    public PgConnection connection() throws SecretUnavailableException {
        return new PgConnection(settings.host(), settings.port(), settings.username(), password());
    }

    public void create(String database) throws SQLException, SecretUnavailableException {
        execute("CREATE DATABASE " + SqlIdentifiers.quote(database) + " TEMPLATE template0");
    }

    /** Drops the database, ending any session on it; a database that does not exist is no error. */
    public void drop(String database) throws SQLException, SecretUnavailableException {
        execute("DROP DATABASE IF EXISTS " + SqlIdentifiers.quote(database) + " WITH (FORCE)");
    }

    public Connection open(String database) throws SQLException, SecretUnavailableException {
        PgConnection server = connection();
        try {
            return server.open(database, "verifier");
        } catch (SQLException e) {
            throw new SQLException("cannot connect to the scratch server " + server.where(database) + ": " + e.getMessage(), e.getSQLState());
        }
    }

    private void execute(String sql) throws SQLException, SecretUnavailableException {
        try (Connection connection = open(settings.maintenanceDatabase()); Statement statement = connection.createStatement()) {
            statement.execute(sql);
        }
    }

    private String password() throws SecretUnavailableException {
        return SecretReference.passwordOf(settings.credentialRef().orElse(null));
    }
}
