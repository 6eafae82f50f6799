package dev.lifeboat.backup.storage;

import java.io.IOException;

/** The object store failed or refused a request. */
public class StorageException extends IOException {
    public StorageException(String message, Throwable cause) {
        super(message, cause);
    }
}
