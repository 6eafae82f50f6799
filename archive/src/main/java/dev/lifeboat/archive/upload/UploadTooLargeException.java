package dev.lifeboat.archive.upload;

import dev.lifeboat.archive.bucket.BucketException;

/** The object outgrew the parts S3 allows one upload at the part size it was given; trying again cannot help. */
public class UploadTooLargeException extends BucketException {

    public UploadTooLargeException(String message) {
        super(message, null);
    }
}
