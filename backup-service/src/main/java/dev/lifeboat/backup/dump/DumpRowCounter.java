package dev.lifeboat.backup.dump;

import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Copies {@code pg_dump}'s uncompressed custom-format archive to the next stage unchanged and, on the way,
 * counts the rows of every table's COPY data: one row is one line, since COPY's text format escapes newlines
 * inside values. The counts are what the archive holds, taken in the dump's own snapshot, and cost the
 * database nothing (a {@code count(*)} per table would read every table a second time).
 *
 * <p>Every byte read is passed on before it is looked at, so the copy never depends on the reading: when
 * the layout is not one this class knows (another archive version, compressed data, a truncated stream), it
 * stops counting, passes the rest through, and says why in {@link DumpedRows#unreadable()}.
 *
 * <p>The layout (PostgreSQL's {@code pg_backup_archiver.c} and {@code pg_backup_custom.c}): a header, the
 * table of contents, then data blocks in order: a block type, the TOC entry's dump id, and chunks each
 * preceded by its length, ending with a zero length. Integers are a sign byte and then {@code intSize}
 * bytes, least significant first; strings are a length (-1 for none) and bytes.
 */
public final class DumpRowCounter {

    /** Archive versions 1.12 (PostgreSQL 11) to 1.16 (PostgreSQL 17). */
    private static final int OLDEST = version(1, 12, 0);
    private static final int NEWEST = version(1, 16, 0);
    private static final int WITH_TABLE_AM = version(1, 14, 0);
    private static final int WITH_COMPRESSION_ALGORITHM = version(1, 15, 0);
    private static final int WITH_RELKIND = version(1, 16, 0);
    private static final int CUSTOM_FORMAT = 1;
    private static final int BLOCK_DATA = 1;
    private static final int BLOCK_BLOBS = 3;
    private static final int BUFFER = 256 * 1024;
    /** What pg_dump writes after a table's COPY rows: the end-of-data line, then two empty lines. */
    private static final byte[] END_OF_DATA = {'\\', '.', '\n', '\n', '\n'};
    private static final int END_OF_DATA_LINES = 3;
    /** Tags and kinds are names or short descriptions ("TABLE DATA", a function's signature). */
    private static final int MAX_NAME = 64 * 1024;
    private static final VarHandle LONGS = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);

    private final InputStream in;
    private final OutputStream out;
    private final byte[] buffer = new byte[BUFFER];
    private int position;
    private int limit;
    private long copied;
    private final byte[] tail = new byte[END_OF_DATA.length + 1];
    private long blockBytes;
    private int version;
    private int intSize;
    private int offsetSize;

    private DumpRowCounter(InputStream in, OutputStream out) {
        this.in = in;
        this.out = out;
    }

    /** What went through: all of it, and the rows per table when the layout could be followed. */
    public record Copied(long bytes, DumpedRows rows) {
    }

    /** Copies {@code dump} to {@code out} to its end; I/O failures of either side are thrown, a strange layout is not. */
    public static Copied copy(InputStream dump, OutputStream out) throws IOException {
        DumpRowCounter counter = new DumpRowCounter(dump, out);
        DumpedRows rows;
        try {
            rows = DumpedRows.counted(counter.countRows());
        } catch (UnknownLayout e) {
            rows = DumpedRows.unreadable(e.getMessage());
        }
        counter.passTheRestThrough();
        return new Copied(counter.copied, rows);
    }

    private Map<String, Long> countRows() throws IOException, UnknownLayout {
        readHeader();
        Map<Integer, String> tableData = readTableOfContents();
        Map<String, Long> rows = new LinkedHashMap<>();
        tableData.values().forEach(table -> rows.put(table, 0L));
        while (position < limit || fill()) {
            int block = readByte();
            int dumpId = readInt();
            if (block == BLOCK_DATA) {
                String table = tableData.get(dumpId);
                long lines = readChunks(table != null);
                if (table != null) {
                    rows.merge(table, lines - (endsWithEndOfData() ? END_OF_DATA_LINES : 0), Long::sum);
                }
            } else if (block == BLOCK_BLOBS) {
                for (int oid = readInt(); oid != 0; oid = readInt()) {
                    readChunks(false);
                }
            } else {
                throw new UnknownLayout("data block of unknown type " + block);
            }
        }
        return rows;
    }

    private void readHeader() throws IOException, UnknownLayout {
        byte[] magic = new byte[5];
        for (int i = 0; i < magic.length; i++) {
            magic[i] = (byte) readByte();
        }
        if (!"PGDMP".equals(new String(magic, StandardCharsets.US_ASCII))) {
            throw new UnknownLayout("not a pg_dump custom-format archive");
        }
        int version = version(readByte(), readByte(), readByte());
        if (version < OLDEST || version > NEWEST) {
            throw new UnknownLayout("archive version " + (version >> 16) + "." + ((version >> 8) & 0xff) + " is not one this counter knows");
        }
        intSize = readByte();
        offsetSize = readByte();
        if (intSize < 1 || intSize > 8 || offsetSize < 1 || offsetSize > 8) {
            throw new UnknownLayout("integer sizes " + intSize + "/" + offsetSize + " are not plausible");
        }
        int format = readByte();
        if (format != CUSTOM_FORMAT) {
            throw new UnknownLayout("archive format " + format + " is not the custom format");
        }
        int compression = version >= WITH_COMPRESSION_ALGORITHM ? readByte() : readInt();
        if (compression != 0) {
            throw new UnknownLayout("the archive's data is compressed by pg_dump");
        }
        for (int i = 0; i < 7; i++) {
            readInt(); // creation time: seconds, minutes, hours, day, month, year, daylight saving
        }
        skipString(); // database name
        skipString(); // server version
        skipString(); // pg_dump version
        this.version = version;
    }

    /** The TOC entries that have COPY data, by dump id, as {@code schema.table}. */
    private Map<Integer, String> readTableOfContents() throws IOException, UnknownLayout {
        int entries = readInt();
        Map<Integer, String> tableData = new HashMap<>();
        for (int i = 0; i < entries; i++) {
            int dumpId = readInt();
            readInt(); // has a data dumper
            skipString(); // catalog table oid
            skipString(); // oid
            String tag = readName();
            String description = readName();
            readInt(); // section
            skipString(); // definition
            skipString(); // drop statement
            boolean copies = skipString();
            String namespace = readName();
            skipString(); // tablespace
            if (version >= WITH_TABLE_AM) {
                skipString();
            }
            if (version >= WITH_RELKIND) {
                readInt();
            }
            skipString(); // owner
            skipString(); // "with oids", always false
            while (skipString()) {
                // dependencies, up to a null string
            }
            readByte(); // data offset: whether it is set, then offsetSize bytes
            skip(offsetSize, false);
            if ("TABLE DATA".equals(description) && copies && namespace != null && tag != null) {
                tableData.put(dumpId, namespace + "." + tag);
            }
        }
        return tableData;
    }

    /**
     * Whether the block just read ends with COPY's end-of-data line and two empty ones, which pg_dump writes
     * after the rows. No row can be the line {@code \.}: COPY writes a backslash in a value as two.
     */
    private boolean endsWithEndOfData() {
        int start = blockBytes > END_OF_DATA.length ? 1 : 0;
        if (blockBytes < END_OF_DATA.length || (start == 1 && tail[0] != '\n')) {
            return false;
        }
        for (int i = 0; i < END_OF_DATA.length; i++) {
            if (tail[i + 1] != END_OF_DATA[i]) {
                return false;
            }
        }
        return true;
    }

    /** Reads one data block's chunks to its zero length; returns the newlines in them when asked to count. */
    private long readChunks(boolean count) throws IOException, UnknownLayout {
        blockBytes = 0;
        long lines = 0;
        for (int length = readInt(); length != 0; length = readInt()) {
            if (length < 0) {
                throw new UnknownLayout("negative chunk length " + length);
            }
            lines += skip(length, count);
        }
        return lines;
    }

    private int readInt() throws IOException, UnknownLayout {
        int sign = readByte();
        long value = 0;
        for (int i = 0; i < intSize; i++) {
            value |= (long) readByte() << (8 * i);
        }
        if (value < 0 || value > Integer.MAX_VALUE) {
            throw new UnknownLayout("integer " + value + " out of range");
        }
        return sign == 0 ? (int) value : -(int) value;
    }

    /** A short string (a name, a tag, an entry's kind); null when absent, empty when too long to be one. */
    private String readName() throws IOException, UnknownLayout {
        int length = readInt();
        if (length < 0) {
            return null;
        }
        if (length > MAX_NAME) {
            skip(length, false);
            return "";
        }
        byte[] bytes = new byte[length];
        for (int i = 0; i < length; i++) {
            bytes[i] = (byte) readByte();
        }
        return new String(bytes, StandardCharsets.UTF_8);
    }

    /** Moves past a string of any length; false when it was the null string. */
    private boolean skipString() throws IOException, UnknownLayout {
        int length = readInt();
        if (length < 0) {
            return false;
        }
        skip(length, false);
        return true;
    }

    private int readByte() throws IOException, UnknownLayout {
        if (position == limit && !fill()) {
            throw new UnknownLayout("the archive ends in the middle of an entry");
        }
        return buffer[position++] & 0xff;
    }

    /** Moves past {@code length} bytes, counting newlines in them when asked. */
    private long skip(long length, boolean countNewlines) throws IOException, UnknownLayout {
        long lines = 0;
        while (length > 0) {
            if (position == limit && !fill()) {
                throw new UnknownLayout("the archive ends in the middle of a data block");
            }
            int n = (int) Math.min(length, limit - position);
            if (countNewlines) {
                lines += newlines(buffer, position, n);
                keepTail(position, n);
            }
            position += n;
            length -= n;
        }
        return lines;
    }

    /** Keeps the last bytes of the data block being counted, for {@link #endsWithEndOfData()}. */
    private void keepTail(int offset, int n) {
        int keep = Math.min(n, tail.length);
        System.arraycopy(tail, keep, tail, 0, tail.length - keep);
        System.arraycopy(buffer, offset + n - keep, tail, tail.length - keep, keep);
        blockBytes += n;
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

    private void passTheRestThrough() throws IOException {
        position = limit;
        while (fill()) {
            position = limit;
        }
    }

    /** Counts '\n' bytes eight at a time: a byte of x ^ 0x0a..0a is zero exactly where a newline was. */
    static long newlines(byte[] bytes, int offset, int length) {
        long count = 0;
        int i = offset;
        int end = offset + length;
        for (; i + Long.BYTES <= end; i += Long.BYTES) {
            long x = (long) LONGS.get(bytes, i) ^ 0x0A0A0A0A0A0A0A0AL;
            long zeroBytes = ~(((x & 0x7F7F7F7F7F7F7F7FL) + 0x7F7F7F7F7F7F7F7FL) | x | 0x7F7F7F7F7F7F7F7FL);
            count += Long.bitCount(zeroBytes);
        }
        for (; i < end; i++) {
            if (bytes[i] == '\n') {
                count++;
            }
        }
        return count;
    }

    private static int version(int major, int minor, int revision) {
        return (major << 16) | (minor << 8) | revision;
    }

    /** The archive is not laid out as expected; counting stops, copying goes on. */
    private static final class UnknownLayout extends Exception {
        UnknownLayout(String why) {
            super(why);
        }
    }
}
