package dev.lifeboat.backup.connect;

import dev.lifeboat.backup.job.BackupFailure;
import dev.lifeboat.backup.job.FailureCode;
import dev.lifeboat.backup.registry.RegisteredDatabase;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.Properties;

/**
 * Opens JDBC connections to a protected database (on a worker thread: this blocks) and turns a
 * failure into a code: wrong password, unreachable host, missing database. Messages never carry the password.
 */
public final class TargetConnections {

    private static final int CONNECT_TIMEOUT_SECONDS = 10;

    private TargetConnections() {
    }

    public static Connection open(RegisteredDatabase database, String password, String purpose) throws BackupFailure {
        Properties properties = new Properties();
        properties.setProperty("user", database.username);
        if (password != null) {
            properties.setProperty("password", password);
        }
        properties.setProperty("connectTimeout", String.valueOf(CONNECT_TIMEOUT_SECONDS));
        properties.setProperty("ApplicationName", "lifeboat " + purpose);
        try {
            return DriverManager.getConnection(jdbcUrl(database), properties);
        } catch (SQLException e) {
            throw classify(database, e);
        }
    }

    public static String jdbcUrl(RegisteredDatabase database) {
        return "jdbc:postgresql://" + database.host + ":" + database.port + "/" + database.databaseName;
    }

    public static BackupFailure classify(RegisteredDatabase database, SQLException e) {
        String where = database.username + "@" + database.host + ":" + database.port + "/" + database.databaseName;
        String state = e.getSQLState() == null ? "" : e.getSQLState();
        String reason = safeMessage(e.getMessage());
        if (state.equals("28P01") || state.equals("28000")) {
            return new BackupFailure(FailureCode.AUTHENTICATION_FAILED, "authentication failed for " + where + ": " + reason);
        }
        if (state.equals("3D000")) {
            return new BackupFailure(FailureCode.DATABASE_NOT_FOUND, "database does not exist: " + where);
        }
        if (state.startsWith("08")) {
            return new BackupFailure(FailureCode.CONNECTION_FAILED, "cannot connect to " + where + ": " + reason);
        }
        if (state.equals("42501")) {
            return new BackupFailure(FailureCode.PERMISSION_DENIED, "permission denied for " + where + ": " + reason);
        }
        return new BackupFailure(FailureCode.CONNECTION_FAILED, "cannot use " + where + ": " + reason);
    }

    private static String safeMessage(String message) {
        return message == null ? "(no message)" : message.replaceAll("(?i)password=\\S+", "password=***");
    }
}
