package dev.lifeboat.runtime.secret;

/** A referenced secret cannot be read. The message names the reference, never a value. */
public class SecretUnavailableException extends Exception {
    public SecretUnavailableException(String message) {
        super(message);
    }
}
