package dev.lifeboat.changes.decode;

/** The stream said something the decoder cannot read: capture stops rather than archive a guess. */
public final class DecodingException extends RuntimeException {

    public DecodingException(String message) {
        super(message);
    }
}
