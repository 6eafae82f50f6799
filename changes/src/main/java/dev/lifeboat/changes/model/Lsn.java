package dev.lifeboat.changes.model;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;

import java.util.regex.Pattern;

/**
 * A WAL position, as PostgreSQL writes it ({@code 16/B374D848}). The fixed-width {@link #sortable()} form orders object
 * keys in the bucket as the positions order.
 */
public record Lsn(long value) implements Comparable<Lsn> {

    public static final Lsn ZERO = new Lsn(0);

    /** PostgreSQL's text form of an LSN: the high and low 32 bits in hex, e.g. {@code 16/B374D848}. */
    private static final Pattern TEXT = Pattern.compile("[0-9A-Fa-f]{1,8}/[0-9A-Fa-f]{1,8}");

    @JsonCreator
    public static Lsn parse(String text) {
        if (text == null || !TEXT.matcher(text).matches()) {
            // each half is 32 bits: a low half of nine digits would have spilled into the high one
            throw new IllegalArgumentException("not an LSN (two halves of 1 to 8 hex digits, as 16/B374D848): " + text);
        }
        int slash = text.indexOf('/');
        long high = Long.parseLong(text.substring(0, slash), 16);
        long low = Long.parseLong(text.substring(slash + 1), 16);
        return new Lsn(high << 32 | low);
    }

    /** Sixteen hex digits, so that text order is position order. */
    public String sortable() {
        return String.format("%016X", value);
    }

    public boolean after(Lsn other) {
        return compareTo(other) > 0;
    }

    public boolean before(Lsn other) {
        return compareTo(other) < 0;
    }

    @Override
    public int compareTo(Lsn other) {
        return Long.compareUnsigned(value, other.value);
    }

    @JsonValue
    @Override
    public String toString() {
        return Long.toHexString(value >>> 32).toUpperCase() + "/" + Long.toHexString(value & 0xFFFFFFFFL).toUpperCase();
    }
}
