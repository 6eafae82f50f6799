package dev.lifeboat.backup.connect;

import dev.lifeboat.backup.failure.BackupFailure;
import dev.lifeboat.backup.failure.FailureCode;
import dev.lifeboat.backup.registry.RegisteredDatabase;
import dev.lifeboat.postgres.connect.ConnectionProblem;
import dev.lifeboat.postgres.connect.PgConnection;
import dev.lifeboat.postgres.connect.PgTls;
import dev.lifeboat.runtime.secret.DatabaseSecrets;
import dev.lifeboat.runtime.secret.SecretUnavailableException;
import dev.lifeboat.runtime.secret.Redaction;

import java.sql.Connection;
import java.sql.SQLException;

/**
 * Opens JDBC connections to a protected database (on a worker thread: this blocks) and turns a
 * failure into a code: wrong password, unreachable host, missing database. Messages never carry the password.
 */
public final class TargetConnections {

    private TargetConnections() {
    }

    /**
     * How Lifeboat reaches a registered database's server as its backup role: the address, the password its credential
     * reference names and the TLS it asks for, read now (a rotated password or CA takes effect at the next connection).
     *
     * @throws SecretUnavailableException when a reference cannot be read or is not provisioned for databases
     */
    public static PgConnection server(RegisteredDatabase database, DatabaseSecrets secrets) throws SecretUnavailableException {
        PgTls tls;
        try {
            tls = PgTls.of(database.tlsMode, database.tlsCaRef, secrets);
        } catch (IllegalArgumentException e) { // a stored registration from before a rule: said as what it is, not retried
            throw new SecretUnavailableException(e.getMessage());
        }
        return new PgConnection(database.host, database.port, database.username, secrets.passwordOf(database.credentialRef), tls);
    }

    /** Opens a connection to the database; a failure is classified, its message without the password. */
    public static Connection open(RegisteredDatabase database, PgConnection server, String purpose) throws BackupFailure {
        try {
            return server.open(database.databaseName, purpose);
        } catch (SQLException e) {
            throw classify(database, e);
        }
    }

    public static BackupFailure classify(RegisteredDatabase database, SQLException e) {
        String where = database.username + "@" + database.host + ":" + database.port + "/" + database.databaseName;
        String reason = safeMessage(e.getMessage());
        return switch (ConnectionProblem.of(e)) {
            case AUTHENTICATION_FAILED -> new BackupFailure(FailureCode.AUTHENTICATION_FAILED, "authentication failed for " + where + ": " + reason);
            case DATABASE_NOT_FOUND -> new BackupFailure(FailureCode.DATABASE_NOT_FOUND, "database does not exist: " + where);
            case CONNECTION_FAILED -> new BackupFailure(FailureCode.CONNECTION_FAILED, "cannot connect to " + where + ": " + reason);
            case PERMISSION_DENIED -> new BackupFailure(FailureCode.PERMISSION_DENIED, "permission denied for " + where + ": " + reason);
            case OTHER -> new BackupFailure(FailureCode.CONNECTION_FAILED, "cannot use " + where + ": " + reason);
        };
    }

    /** The connection's password is already masked by {@link PgConnection#open}; a statement's error is masked by pattern too. */
    private static String safeMessage(String message) {
        return message == null ? "(no message)" : Redaction.redact(message);
    }
}
