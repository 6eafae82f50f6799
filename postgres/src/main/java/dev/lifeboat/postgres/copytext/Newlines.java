package dev.lifeboat.postgres.copytext;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;

/**
 * Newlines in COPY text, eight bytes at a time (a byte of {@code x ^ 0x0a..0a} is zero exactly where a newline was): a
 * dump's rows are counted and digested as they stream past, so this runs over every byte of every backup.
 */
public final class Newlines {

    private static final VarHandle LONGS = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);
    private static final long NEWLINES = 0x0A0A0A0A0A0A0A0AL;
    private static final long LOW_SEVEN = 0x7F7F7F7F7F7F7F7FL;

    private Newlines() {
    }

    /** How many {@code '\n'} bytes the range holds. */
    public static long count(byte[] bytes, int offset, int length) {
        long count = 0;
        int i = offset;
        int end = offset + length;
        for (; i + Long.BYTES <= end; i += Long.BYTES) {
            count += Long.bitCount(newlineBytes((long) LONGS.get(bytes, i)));
        }
        for (; i < end; i++) {
            if (bytes[i] == '\n') {
                count++;
            }
        }
        return count;
    }

    /** Where the first {@code '\n'} at or after {@code from} and before {@code end} is; -1 when there is none. */
    public static int indexOf(byte[] bytes, int from, int end) {
        int i = from;
        for (; i + Long.BYTES <= end; i += Long.BYTES) {
            long found = newlineBytes((long) LONGS.get(bytes, i));
            if (found != 0) {
                return i + Long.numberOfTrailingZeros(found) / Byte.SIZE;
            }
        }
        for (; i < end; i++) {
            if (bytes[i] == '\n') {
                return i;
            }
        }
        return -1;
    }

    /** The high bit of each byte of {@code word} that is a newline, every other bit zero. */
    private static long newlineBytes(long word) {
        long x = word ^ NEWLINES;
        return ~(((x & LOW_SEVEN) + LOW_SEVEN) | x | LOW_SEVEN);
    }
}
