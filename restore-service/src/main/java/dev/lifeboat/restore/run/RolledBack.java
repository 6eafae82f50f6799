package dev.lifeboat.restore.run;

import dev.lifeboat.restore.step.RestoreFailure;

/** IN_PLACE: the swap happened, its check failed, and the previous database is back. */
public final class RolledBack extends Exception {

    private final RestoreFailure failure;

    public RolledBack(RestoreFailure failure) {
        super(failure.getMessage(), failure);
        this.failure = failure;
    }

    /** The failed check after the swap. */
    public RestoreFailure failure() {
        return failure;
    }
}
