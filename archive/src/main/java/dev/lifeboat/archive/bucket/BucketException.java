package dev.lifeboat.archive.bucket;

import java.io.IOException;

/** The bucket failed or refused a request; the message names the bucket and the object. */
public class BucketException extends IOException {

    public BucketException(String message, Throwable cause) {
        super(message, cause);
    }
}
