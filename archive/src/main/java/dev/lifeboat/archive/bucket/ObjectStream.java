package dev.lifeboat.archive.bucket;

import software.amazon.awssdk.core.ResponseInputStream;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;

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

    /**
     * {@code reading}, a stream over this one (its checks, decryption, decompression), closed by aborting this download
     * first: for a reader that may stop before the object's end.
     */
    public InputStream abortedOnClose(InputStream reading) {
        return new FilterInputStream(reading) {
            @Override
            public void close() throws IOException {
                try {
                    abort();
                } finally {
                    super.close();
                }
            }
        };
    }
}
