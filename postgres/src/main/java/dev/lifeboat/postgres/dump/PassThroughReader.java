package dev.lifeboat.postgres.dump;

import dev.lifeboat.postgres.archive.ArchiveInput;
import dev.lifeboat.postgres.archive.UnknownArchiveLayout;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;

/**
 * Reads {@code pg_dump}'s archive while passing it on: every piece read from the dump is written to the next
 * stage before anything in it is looked at, so the copy never depends on the reading. Integers are a sign
 * byte and then {@code intSize} bytes, least significant first (the archive's header gives the size).
 */
final class PassThroughReader implements ArchiveInput {

    private static final int BUFFER = 256 * 1024;

    /** Sees a run of the bytes skipped over, as they go by. */
    interface Bytes {
        void seen(byte[] bytes, int offset, int length);
    }

    private final InputStream in;
    private final OutputStream out;
    private final byte[] buffer = new byte[BUFFER];
    private int position;
    private int limit;
    private long copied;
    private int intSize;

    PassThroughReader(InputStream in, OutputStream out) {
        this.in = in;
        this.out = out;
    }

    /** How many bytes went through so far. */
    long copied() {
        return copied;
    }

    @Override
    public void integerSize(int intSize) {
        this.intSize = intSize;
    }

    @Override
    public long position() {
        return copied - (limit - position);
    }

    /** Whether any of the dump is left to read. */
    boolean hasMore() throws IOException {
        return position < limit || fill();
    }

    @Override
    public int readByte() throws IOException, UnknownArchiveLayout {
        if (position == limit && !fill()) {
            throw new UnknownArchiveLayout("the archive ends in the middle of an entry");
        }
        return buffer[position++] & 0xff;
    }

    @Override
    public int readInt() throws IOException, UnknownArchiveLayout {
        holdAtLeast(1 + intSize);
        int sign = buffer[position++];
        long value = 0;
        for (int i = 0; i < intSize; i++) {
            value |= (long) (buffer[position++] & 0xff) << (8 * i);
        }
        if (value < 0 || value > Integer.MAX_VALUE) {
            throw new UnknownArchiveLayout("integer " + value + " out of range");
        }
        return sign == 0 ? (int) value : -(int) value;
    }

    @Override
    public void skip(long length) throws IOException, UnknownArchiveLayout {
        skip(length, null);
    }

    /** Moves past {@code length} bytes, showing them to {@code seen} (when there is one) on the way. */
    void skip(long length, Bytes seen) throws IOException, UnknownArchiveLayout {
        while (length > 0) {
            if (position == limit && !fill()) {
                throw new UnknownArchiveLayout("the archive ends in the middle of a data block");
            }
            int n = (int) Math.min(length, limit - position);
            if (seen != null) {
                seen.seen(buffer, position, n);
            }
            position += n;
            length -= n;
        }
    }

    /** Copies whatever is left of the dump without looking at it. */
    void passTheRestThrough() throws IOException {
        position = limit;
        while (fill()) {
            position = limit;
        }
    }

    /** Makes the next {@code n} bytes readable in the buffer, reading on as needed. */
    private void holdAtLeast(int n) throws IOException, UnknownArchiveLayout {
        while (limit - position < n) {
            if (!fill()) {
                throw new UnknownArchiveLayout("the archive ends in the middle of an entry");
            }
        }
    }

    /**
     * Reads the next piece of the dump behind what is still unread (moved to the front of the buffer) and passes the
     * new piece on at once; false at the end.
     */
    private boolean fill() throws IOException {
        int unread = limit - position;
        System.arraycopy(buffer, position, buffer, 0, unread);
        position = 0;
        limit = unread;
        int n = in.read(buffer, unread, buffer.length - unread);
        if (n < 0) {
            return false;
        }
        out.write(buffer, unread, n);
        copied += n;
        limit += n;
        return true;
    }
}
