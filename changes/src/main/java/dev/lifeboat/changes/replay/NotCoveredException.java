package dev.lifeboat.changes.replay;

/** The change archive cannot bring a backup exactly to the moment asked for; the message says why. */
public final class NotCoveredException extends Exception {

    public NotCoveredException(String message) {
        super(message);
    }
}
