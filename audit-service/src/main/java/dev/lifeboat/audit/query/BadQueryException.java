package dev.lifeboat.audit.query;

/** A query parameter that cannot be used; the message says which and what it takes (HTTP 400). */
public class BadQueryException extends RuntimeException {

    public BadQueryException(String message) {
        super(message);
    }
}
