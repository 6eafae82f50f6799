package dev.lifeboat.changes.replay;

/** A change could not be replayed as it happened at the source; the message names the transaction and the table. */
public final class ReplayException extends Exception {

    public ReplayException(String message) {
        super(message);
    }
}
