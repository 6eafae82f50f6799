package dev.lifeboat.backup.failure;

/** Why a backup attempt failed, as {@code BackupFailed.errorCode}, and whether another attempt may help. */
public enum FailureCode {
    UNKNOWN_DATABASE(false),
    CREDENTIAL_UNAVAILABLE(false),
    ENCRYPTION_KEY_UNAVAILABLE(false),
    CONNECTION_FAILED(true),
    AUTHENTICATION_FAILED(false),
    DATABASE_NOT_FOUND(false),
    PERMISSION_DENIED(false),
    LOCK_TIMEOUT(true),
    DUMP_FAILED(true),
    STORAGE_FAILED(true),
    ARCHIVE_TOO_LARGE(false),
    /** The engine's tool (wrangler) is not installed where the configuration says. */
    TOOL_UNAVAILABLE(false),
    INTERNAL(true),
    /** A newer attempt of the request took it over (this one's replica stopped beating); it records and publishes nothing. */
    SUPERSEDED(false);

    private final boolean retryable;

    FailureCode(boolean retryable) {
        this.retryable = retryable;
    }

    public boolean retryable() {
        return retryable;
    }
}
