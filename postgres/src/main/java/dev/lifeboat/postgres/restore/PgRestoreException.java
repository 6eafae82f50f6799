package dev.lifeboat.postgres.restore;

/**
 * {@code pg_restore} or the archive fed to it failed. The message never holds a password.
 *
 * @see Code
 */
public class PgRestoreException extends Exception {

    /** What failed. */
    public enum Code {
        /** pg_restore could not start, or exited non-zero (its stderr, redacted, is in the message). */
        PG_RESTORE_FAILED,
        /** The stored bytes' SHA-256 differs from the manifest's. */
        CHECKSUM,
        /** An encrypted segment's authentication tag failed. */
        ENCRYPTION_TAG,
        /** The archive's key is not configured. */
        KEY_UNAVAILABLE,
        /** Reading the archive from the bucket failed. */
        STORAGE_FAILED,
        INTERRUPTED,
        INTERNAL
    }

    private final Code code;

    public PgRestoreException(Code code, String message, Throwable cause) {
        super(message, cause);
        this.code = code;
    }

    public PgRestoreException(Code code, String message) {
        this(code, message, null);
    }

    public Code code() {
        return code;
    }
}
