package dev.lifeboat.restore.job;

import dev.lifeboat.restore.step.RestoreFailure;

/** IN_PLACE: the swap happened, its check failed, and the previous database is back. */
final class RolledBack extends Exception {

    private final RestoreFailure failure;

    RolledBack(RestoreFailure failure) {
        super(failure.getMessage(), failure);
        this.failure = failure;
    }

    /** The failed check after the swap. */
    RestoreFailure failure() {
        return failure;
    }
}
