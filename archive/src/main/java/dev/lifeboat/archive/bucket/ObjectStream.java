package dev.lifeboat.archive.bucket;

import software.amazon.awssdk.core.ResponseInputStream;

import java.io.FilterInputStream;

/**
 * An object's stored bytes as they arrive. {@link #close()} reads what is left so that the connection can serve again;
 * {@link #abort()} drops the connection instead: what a reader that stops early (after a table of contents) calls.
 */
public final class ObjectStream extends FilterInputStream {

    private final ResponseInputStream<?> response;

    ObjectStream(ResponseInputStream<?> response) {
        super(response);
        this.response = response;
    }

    /** Stops reading here: the rest of the object is not downloaded. */
    public void abort() {
        response.abort();
    }
}
