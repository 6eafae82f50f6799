package dev.lifeboat.backup.storage;

/** The archive outgrew the parts S3 allows one upload at the configured part size; trying again cannot help. */
public class ArchiveTooLargeException extends StorageException {

    public ArchiveTooLargeException(String message) {
        super(message, null);
    }
}
