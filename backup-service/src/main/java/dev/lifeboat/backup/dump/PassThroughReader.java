package dev.lifeboat.backup.dump;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;

/**
 * Reads {@code pg_dump}'s archive while passing it on: every piece read from the dump is written to the next
 * stage before anything in it is looked at, so the copy never depends on the reading. Integers are a sign
 * byte and then {@code intSize} bytes, least significant first (the archive's header gives the size).
 */
final class PassThroughReader {

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

    /** The size of the archive's integers, from its header; set before the first {@link #readInt()}. */
    void integerSize(int intSize) {
        this.intSize = intSize;
    }

    /** Whether any of the dump is left to read. */
    boolean hasMore() throws IOException {
        return position < limit || fill();
    }

    int readByte() throws IOException, UnknownArchiveLayout {
        if (position == limit && !fill()) {
            throw new UnknownArchiveLayout("the archive ends in the middle of an entry");
        }
        return buffer[position++] & 0xff;
    }

    int readInt() throws IOException, UnknownArchiveLayout {
        long value = 0;
        int sign;
        if (limit - position > intSize) { // the usual case, one per COPY row: the whole integer is in the buffer
            sign = buffer[position++];
            for (int i = 0; i < intSize; i++) {
                value |= (long) (buffer[position++] & 0xff) << (8 * i);
            }
        } else {
            sign = readByte();
            for (int i = 0; i < intSize; i++) {
                value |= (long) readByte() << (8 * i);
            }
        }
        if (value < 0 || value > Integer.MAX_VALUE) {
            throw new UnknownArchiveLayout("integer " + value + " out of range");
        }
        return sign == 0 ? (int) value : -(int) value;
    }

    /** Moves past {@code length} bytes. */
    void skip(long length) throws IOException, UnknownArchiveLayout {
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

    /** Reads the next piece of the dump and passes it on at once; false at the end. */
    private boolean fill() throws IOException {
        int n = in.read(buffer, 0, buffer.length);
        if (n < 0) {
            return false;
        }
        out.write(buffer, 0, n);
        copied += n;
        position = 0;
        limit = n;
        return true;
    }
}
