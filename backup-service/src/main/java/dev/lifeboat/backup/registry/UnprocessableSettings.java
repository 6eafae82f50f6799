package dev.lifeboat.backup.registry;

/**
 * Settings that are well-formed but cannot be honoured (a 422 at the API, where a malformed one is a 400): the message
 * says why and what would do.
 */
public class UnprocessableSettings extends IllegalArgumentException {

    public UnprocessableSettings(String message) {
        super(message);
    }
}
