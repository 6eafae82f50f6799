package dev.lifeboat.archive.bucket;

import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * An object read through ranged GETs in flight side by side, as one stream in order: while the reader works on one part,
 * the next {@code streams} are downloading. At most {@code streams + 1} parts are held in memory. Closing it cancels
 * what is in flight. Blocking: read on a worker thread.
 */
final class ParallelDownload extends InputStream {

    static final int PART_BYTES = 4 << 20;

    private final BucketObjects bucket;
    private final String key;
    private final long size;
    private final ExecutorService downloads;
    private final Deque<Future<byte[]>> inFlight = new ArrayDeque<>();
    private final int streams;
    private long nextPartStart;
    private byte[] part = new byte[0];
    private int position;

    ParallelDownload(BucketObjects bucket, String key, long size, int streams) {
        this.bucket = bucket;
        this.key = key;
        this.size = size;
        this.streams = Math.max(1, streams);
        this.downloads = Executors.newFixedThreadPool(this.streams, runnable -> {
            Thread thread = new Thread(runnable, "lifeboat-download");
            thread.setDaemon(true);
            return thread;
        });
        fill();
    }

    private void fill() {
        while (inFlight.size() < streams && nextPartStart < size) {
            long first = nextPartStart;
            long last = Math.min(size, first + PART_BYTES) - 1;
            inFlight.add(downloads.submit(() -> bucket.range(key, first, last)));
            nextPartStart = last + 1;
        }
    }

    private boolean nextPart() throws IOException {
        Future<byte[]> next = inFlight.poll();
        if (next == null) {
            return false;
        }
        try {
            part = next.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InterruptedIOException("interrupted while downloading " + key);
        } catch (ExecutionException e) {
            throw e.getCause() instanceof IOException io ? io : new IOException("downloading " + key + " failed: " + e.getCause(), e.getCause());
        }
        position = 0;
        fill();
        return true;
    }

    @Override
    public int read() throws IOException {
        byte[] one = new byte[1];
        return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
    }

    @Override
    public int read(byte[] buffer, int offset, int length) throws IOException {
        if (length == 0) {
            return 0;
        }
        while (position == part.length) {
            if (!nextPart()) {
                return -1;
            }
        }
        int n = Math.min(length, part.length - position);
        System.arraycopy(part, position, buffer, offset, n);
        position += n;
        return n;
    }

    @Override
    public void close() {
        inFlight.forEach(future -> future.cancel(true));
        inFlight.clear();
        downloads.shutdownNow();
    }
}
