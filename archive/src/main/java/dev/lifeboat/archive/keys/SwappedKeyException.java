package dev.lifeboat.archive.keys;

import dev.lifeboat.runtime.secret.SecretUnavailableException;

/** A configured key is not the one the bucket says its id encrypted: the key under that id was changed. */
public class SwappedKeyException extends SecretUnavailableException {

    public SwappedKeyException(String message) {
        super(message);
    }
}
