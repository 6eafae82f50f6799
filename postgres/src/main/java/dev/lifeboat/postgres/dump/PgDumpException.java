package dev.lifeboat.postgres.dump;

/**
 * {@code pg_dump} could not start, or exited non-zero (its stderr, redacted, is in the message). The message never
 * holds a password.
 */
public class PgDumpException extends Exception {

    /** What {@code pg_dump}'s stderr says went wrong. */
    public enum Problem {
        /** The role may not read an object of the database. */
        PERMISSION_DENIED,
        /** The server refused the password. */
        AUTHENTICATION_FAILED,
        /** The server was not there, or went away (refused, cut, shutting down or restarting): a retry may find it again. */
        CONNECTION_LOST,
        /** pg_dump could not start, or failed on what it read. */
        DUMP_FAILED,
        /** The waiting thread was interrupted; the child was stopped. */
        INTERRUPTED
    }

    private final Problem problem;

    public PgDumpException(Problem problem, String message) {
        super(message);
        this.problem = problem;
    }

    public Problem problem() {
        return problem;
    }
}
