package dev.lifeboat.archive.upload;

/**
 * How an upload cuts its object: parts of {@code partSize} bytes (at least 5 MiB), {@code inFlight} of them uploading
 * while the next fills (0: each part
 * uploads before the next fills); {@code setting} names where the part size is set, for the message of an object that outgrows
 * S3's 10,000 parts.
 */
public record UploadParts(int partSize, int inFlight, String setting) {

    public UploadParts {
        if (partSize < MultipartUploadStream.MIN_PART_SIZE) {
            throw new IllegalArgumentException(setting + " must be at least " + MultipartUploadStream.MIN_PART_SIZE + " bytes, not " + partSize);
        }
        if (inFlight < 0) {
            throw new IllegalArgumentException("parts in flight must be 0 or more, not " + inFlight);
        }
    }
}
