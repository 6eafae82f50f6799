package dev.lifeboat.restore.connect;

import dev.lifeboat.runtime.secret.Redaction;
import dev.lifeboat.restore.config.RestoreConfig;
import dev.lifeboat.restore.job.RestoreFailure;
import dev.lifeboat.restore.job.RestoreStep;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.Properties;

/**
 * The PostgreSQL server a database is restored on, reached as the configured restore role (JDBC:
 * blocking, call on a worker thread). Failures become codes; messages never carry the password.
 */
public final class TargetServer {

    private static final int CONNECT_TIMEOUT_SECONDS = 10;

    private final String databaseId;
    private final RestoreConfig.TargetDatabase settings;
    private final String password;

    TargetServer(String databaseId, RestoreConfig.TargetDatabase settings, String password) {
        this.databaseId = databaseId;
        this.settings = settings;
        this.password = password;
    }

    public String databaseId() {
        return databaseId;
    }

    /** The live database's name on the server. */
    public String liveDatabase() {
        return settings.database();
    }

    public String maintenanceDatabase() {
        return settings.maintenanceDatabase();
    }

    public RestoreConfig.TargetDatabase settings() {
        return settings;
    }

    /** The password, for a child process's environment only; null when none is configured. */
    public String password() {
        return password;
    }

    public Connection open(String database, String purpose, RestoreStep step) throws RestoreFailure {
        Properties properties = new Properties();
        properties.setProperty("user", settings.username());
        if (password != null) {
            properties.setProperty("password", password);
        }
        properties.setProperty("connectTimeout", String.valueOf(CONNECT_TIMEOUT_SECONDS));
        properties.setProperty("ApplicationName", "lifeboat " + purpose);
        try {
            return DriverManager.getConnection("jdbc:postgresql://" + settings.host() + ":" + settings.port() + "/" + database, properties);
        } catch (SQLException e) {
            throw failure(step, database, e);
        }
    }

    /** A failed statement or connection as a restore failure with a code from its SQLSTATE. */
    public RestoreFailure failure(RestoreStep step, String database, SQLException e) {
        String where = settings.username() + "@" + settings.host() + ":" + settings.port() + "/" + database;
        String state = e.getSQLState() == null ? "" : e.getSQLState();
        String reason = Redaction.redact(e.getMessage() == null ? "(no message)" : e.getMessage(), password);
        String code;
        if (state.equals("28P01") || state.equals("28000")) {
            code = "AUTHENTICATION_FAILED";
        } else if (state.equals("3D000")) {
            code = "DATABASE_NOT_FOUND";
        } else if (state.startsWith("08")) {
            code = "CONNECTION_FAILED";
        } else if (state.equals("42501")) {
            code = "PERMISSION_DENIED";
        } else if (state.equals("55P03")) {
            code = "LOCK_TIMEOUT";
        } else {
            code = "SQL_FAILED";
        }
        return new RestoreFailure(step, code, where + ": " + reason, e);
    }
}
