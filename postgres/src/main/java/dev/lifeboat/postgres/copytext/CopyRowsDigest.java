package dev.lifeboat.postgres.copytext;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.util.Arrays;
import java.util.HexFormat;

/**
 * An order-independent digest of rows in COPY's text format: the sum, modulo 2^64, of a 64-bit hash of each row (its
 * bytes without the newline that ends it; COPY escapes newlines inside values, so a newline always ends a row). A sum
 * is indifferent to order, as a restore over several connections needs, yet counts a row twice when it is there twice,
 * which a XOR would cancel. It detects damage (a changed, missing or extra row), not forgery: the archive's SHA-256 and
 * its encryption answer for that.
 *
 * <p>Rows may arrive split across calls of {@link #accept} (a pipe's reads); the part of a row not yet ended is kept
 * until its newline comes. The hash reads eight bytes a step (MurmurHash3's 64-bit mixing), so that recording the
 * digest costs a backup little beside compressing and encrypting the same bytes.
 */
public final class CopyRowsDigest {

    private static final VarHandle LONGS = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);
    private static final long C1 = 0x87c37b91114253d5L;
    private static final long C2 = 0x4cf5ad432745937fL;
    private static final long SEED = 0x9e3779b97f4a7c15L;

    private long sum;
    private long rows;
    private byte[] pending = new byte[0];
    private int pendingLength;

    /** Takes {@code length} bytes of COPY text: every row the newlines in them end, and the start of the next. */
    public void accept(byte[] bytes, int offset, int length) {
        int end = offset + length;
        int start = offset;
        for (int i = Newlines.indexOf(bytes, start, end); i >= 0; i = Newlines.indexOf(bytes, start, end)) {
            if (pendingLength == 0) {
                add(hash(bytes, start, i - start));
            } else {
                keep(bytes, start, i - start);
                add(hash(pending, 0, pendingLength));
                pendingLength = 0;
            }
            start = i + 1;
        }
        keep(bytes, start, end - start);
    }

    /** Takes one row, its newline included or not: what a COPY TO STDOUT hands over a row at a time. */
    public void acceptRow(byte[] row) {
        int length = row.length > 0 && row[row.length - 1] == '\n' ? row.length - 1 : row.length;
        add(hash(row, 0, length));
    }

    /** Takes a row back out: the lines pg_dump writes after a table's rows, which are none of them. */
    public void forget(byte[] row) {
        sum -= hash(row, 0, row.length);
        rows--;
    }

    /** This digest with {@code other}'s rows added (a table read in pieces): the sum is the same whatever the split. */
    public CopyRowsDigest plus(CopyRowsDigest other) {
        sum += other.sum;
        rows += other.rows;
        return this;
    }

    /** Rows taken so far. */
    public long rows() {
        return rows;
    }

    /** Whether bytes of a row not yet ended wait for their newline. */
    public boolean midRow() {
        return pendingLength > 0;
    }

    /** The digest as the manifest records it: 16 hex digits. */
    public String value() {
        return HexFormat.of().toHexDigits(sum);
    }

    private void add(long hash) {
        sum += hash;
        rows++;
    }

    private void keep(byte[] bytes, int offset, int length) {
        if (length == 0) {
            return;
        }
        if (pendingLength + length > pending.length) {
            pending = Arrays.copyOf(pending, Math.max(pendingLength + length, pending.length * 2));
        }
        System.arraycopy(bytes, offset, pending, pendingLength, length);
        pendingLength += length;
    }

    static long hash(byte[] bytes, int offset, int length) {
        long h = SEED ^ length;
        int i = offset;
        int end = offset + length;
        for (; i + Long.BYTES <= end; i += Long.BYTES) {
            h ^= mixKey((long) LONGS.get(bytes, i));
            h = Long.rotateLeft(h, 27) * 5 + 0x52dce729;
        }
        long tail = 0;
        for (int shift = 0; i < end; i++, shift += 8) {
            tail |= (bytes[i] & 0xffL) << shift;
        }
        h ^= mixKey(tail);
        return finish(h ^ length);
    }

    private static long mixKey(long k) {
        return Long.rotateLeft(k * C1, 31) * C2;
    }

    private static long finish(long h) {
        h ^= h >>> 33;
        h *= 0xff51afd7ed558ccdL;
        h ^= h >>> 33;
        h *= 0xc4ceb9fe1a85ec53L;
        return h ^ h >>> 33;
    }
}
