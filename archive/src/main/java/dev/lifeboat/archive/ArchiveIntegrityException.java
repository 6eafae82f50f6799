package dev.lifeboat.archive;

import java.io.IOException;

/** A stored archive is not what its manifest says: its checksum, its encryption tag, or its key. */
public final class ArchiveIntegrityException extends IOException {

    /** Which check failed. */
    public enum Check { CHECKSUM, ENCRYPTION_TAG, KEY }

    private final Check check;

    public ArchiveIntegrityException(Check check, String message) {
        super(message);
        this.check = check;
    }

    public Check check() {
        return check;
    }
}
