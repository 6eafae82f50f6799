package dev.lifeboat.backup.failure;

import dev.lifeboat.backup.failure.FailureCode;
/** A backup attempt that failed for a known reason. The message is safe to publish: it holds no secret. */
public class BackupFailure extends Exception {

    private final FailureCode code;

    public BackupFailure(FailureCode code, String message) {
        super(message);
        this.code = code;
    }

    public BackupFailure(FailureCode code, String message, Throwable cause) {
        super(message, cause);
        this.code = code;
    }

    public FailureCode code() {
        return code;
    }
}
