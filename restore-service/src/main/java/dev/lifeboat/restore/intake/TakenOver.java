package dev.lifeboat.restore.intake;

/**
 * A write of a restore run by an attempt that no longer owns it: its worker froze past its heartbeat, a recovery took
 * the run over (and ended it), and the frozen worker resumed. Nothing of the write was made; the attempt stops,
 * recording and announcing nothing.
 */
public final class TakenOver extends RuntimeException {

    public TakenOver(RestoreAttempt attempt, String owner) {
        super("restore " + attempt.restoreId() + ": attempt " + attempt.attempt() + " no longer owns the run (" + owner
                + "); it records and announces nothing more");
    }
}
