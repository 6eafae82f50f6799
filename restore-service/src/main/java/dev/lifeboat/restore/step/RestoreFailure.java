package dev.lifeboat.restore.step;

/** A restore cannot go on: the step it failed at, a code, and a message with no secret in it. */
public class RestoreFailure extends Exception {

    private final RestoreStep step;
    private final String code;

    public RestoreFailure(RestoreStep step, String code, String message) {
        super(message);
        this.step = step;
        this.code = code;
    }

    public RestoreFailure(RestoreStep step, String code, String message, Throwable cause) {
        super(message, cause);
        this.step = step;
        this.code = code;
    }

    public RestoreStep step() {
        return step;
    }

    /** Why a restore reads the second bucket's copy instead, this being the primary's failure: {@code RestoreCompleted.readFromCopy}. */
    public String asReasonToReadTheCopy() {
        return "the primary bucket: " + code + ", " + getMessage();
    }

    /** This failure of the primary's, with what the second bucket's copy answered when it was read instead. */
    public RestoreFailure withCopyAnswer(String answer) {
        return new RestoreFailure(step, code, getMessage() + "; nor from the second bucket's copy: " + answer, getCause());
    }

    /** {@link #withCopyAnswer(String)} with the copy's own failure. */
    public RestoreFailure withCopyAnswer(RestoreFailure copy) {
        return withCopyAnswer(copy.code + ", " + copy.getMessage());
    }

    /** e.g. NO_BACKUP, INVALID_TABLES, TARGET_EXISTS, SAFETY_BACKUP_FAILED, LOCK_TIMEOUT, CHECKSUM, PG_RESTORE_FAILED, VALIDATION_FAILED. */
    public String code() {
        return code;
    }
}
