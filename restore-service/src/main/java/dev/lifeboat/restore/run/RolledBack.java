package dev.lifeboat.restore.run;

import dev.lifeboat.restore.step.RestoreFailure;
import dev.lifeboat.restore.step.RestoreStep;

/**
 * A restore into a live database failed after it changed the database, and the previous one is back: the ROLLBACK
 * step ran. {@link #after} is the one way either engine puts a live database back.
 */
public final class RolledBack extends Exception {

    private final RestoreFailure failure;

    private RolledBack(RestoreFailure failure) {
        super(failure.getMessage(), failure);
        this.failure = failure;
    }

    /**
     * Runs {@code rollback} (the ROLLBACK step, journaled by the caller) after {@code failure}: the restore is then
     * rolled back. When putting the database back fails too, the restore fails at ROLLBACK with its own failure said
     * first, so the cause is never replaced by what went wrong while undoing it.
     *
     * @param database the live database being put back, named in the message
     */
    public static RolledBack after(RestoreFailure failure, String database, Rollback rollback) throws RestoreFailure {
        try {
            rollback.run();
        } catch (RestoreFailure putBack) {
            throw new RestoreFailure(RestoreStep.ROLLBACK, putBack.code(), failure.step() + " failed (" + failure.code() + ": "
                    + failure.getMessage() + "), and putting " + database + " back failed too: " + putBack.getMessage()
                    + "; check " + database + ", and restore again (or restore the safety backup taken before it)", putBack);
        }
        return new RolledBack(failure);
    }

    /** The failure that made the restore roll back. */
    public RestoreFailure failure() {
        return failure;
    }

    /** The ROLLBACK step of one engine. */
    @FunctionalInterface
    public interface Rollback {
        void run() throws RestoreFailure;
    }
}
