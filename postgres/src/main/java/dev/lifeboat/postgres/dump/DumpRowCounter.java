package dev.lifeboat.postgres.dump;

import dev.lifeboat.archive.RowDigests;
import dev.lifeboat.postgres.archive.CustomArchiveLayout;
import dev.lifeboat.postgres.archive.UnknownArchiveLayout;
import dev.lifeboat.postgres.copytext.CopyOutput;
import dev.lifeboat.postgres.copytext.CopyRowsDigest;
import dev.lifeboat.postgres.copytext.CopyStatement;
import dev.lifeboat.postgres.copytext.Newlines;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Copies {@code pg_dump}'s uncompressed custom-format archive to the next stage unchanged and, on the way,
 * counts the rows of every table's COPY data: one row is one line, since COPY's text format escapes newlines
 * inside values. The counts are what the archive holds, taken in the dump's own snapshot, and cost the
 * database nothing (a {@code count(*)} per table would read every table a second time). Of the same lines it
 * takes each table's {@link CopyRowsDigest}, which a restore's rows are compared with, when the dump's encoding
 * lets a check read them back in the same bytes ({@link CopyOutput#comparable}).
 *
 * <p>Every byte read is passed on before it is looked at ({@link PassThroughReader}), so the copy never
 * depends on the reading: when the layout is not one this class knows (another archive version, compressed
 * data, a truncated stream), it stops counting, passes the rest through, and says why in
 * {@link DumpedRows#unreadable()}.
 *
 * <p>The layout (PostgreSQL's {@code pg_backup_archiver.c} and {@code pg_backup_custom.c}): a header, the
 * table of contents ({@link CustomArchiveLayout}, postgres' one reader of the layout), then data blocks in order: a block type, the TOC entry's
 * dump id, and chunks each preceded by its length, ending with a zero length.
 */
public final class DumpRowCounter {

    private static final int BLOCK_DATA = 1;
    private static final int BLOCK_BLOBS = 3;
    /**
     * What pg_dump writes after a table's COPY rows: the end-of-data line, then two empty lines; as the five
     * newest bytes of {@link #lastBytes}, oldest lowest.
     */
    private static final long END_OF_DATA = '\\' | '.' << 8 | '\n' << 16 | (long) '\n' << 24 | (long) '\n' << 32;
    private static final int END_OF_DATA_BYTES = 5;
    private static final int END_OF_DATA_LINES = 3;
    private static final byte[] END_OF_DATA_LINE = "\\.".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] EMPTY_LINE = new byte[0];
    private static final VarHandle LONGS = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);

    private final PassThroughReader reader;
    /** The data block's last eight bytes read, the newest in the highest byte (zeros before the block's start). */
    private long lastBytes;
    private long blockBytes;
    private long blockLines;
    /** The digest of the table whose data block is being read; null when none is taken. */
    private CopyRowsDigest digest;

    private DumpRowCounter(InputStream in, OutputStream out) {
        this.reader = new PassThroughReader(in, out);
    }

    /** What went through: all of it, and the rows per table when the layout could be followed. */
    public record Copied(long bytes, DumpedRows rows) {
    }

    /** Copies {@code dump} to {@code out} to its end; I/O failures of either side are thrown, a strange layout is not. */
    public static Copied copy(InputStream dump, OutputStream out) throws IOException {
        DumpRowCounter counter = new DumpRowCounter(dump, out);
        DumpedRows rows;
        try {
            rows = counter.countRows();
        } catch (UnknownArchiveLayout e) {
            rows = DumpedRows.unreadable(e.getMessage());
        }
        counter.reader.passTheRestThrough();
        return new Copied(counter.reader.copied(), rows);
    }

    private DumpedRows countRows() throws IOException, UnknownArchiveLayout {
        CustomArchiveLayout.Contents contents = CustomArchiveLayout.read(reader);
        Map<Integer, CustomArchiveLayout.Entry> tableData = contents.tableDataEntries();
        boolean digested = CopyOutput.comparable(contents.encoding());
        Map<String, Long> rows = new LinkedHashMap<>();
        Map<String, RowDigests.TableDigest> digests = new LinkedHashMap<>();
        tableData.values().forEach(entry -> rows.put(key(entry), 0L));
        while (reader.hasMore()) {
            int block = reader.readByte();
            int dumpId = reader.readInt();
            if (block == BLOCK_DATA) {
                CustomArchiveLayout.Entry entry = tableData.get(dumpId);
                Optional<List<String>> columns = entry == null || !digested ? Optional.empty() : CopyStatement.columns(entry.copyStatement());
                digest = columns.isPresent() ? new CopyRowsDigest() : null;
                long lines = readChunks(entry != null);
                if (entry != null) {
                    boolean endOfData = endsWithEndOfData();
                    rows.merge(key(entry), lines - (endOfData ? END_OF_DATA_LINES : 0), Long::sum);
                    if (digest != null && !digest.midRow()) {
                        if (endOfData) {
                            digest.forget(END_OF_DATA_LINE);
                            digest.forget(EMPTY_LINE);
                            digest.forget(EMPTY_LINE);
                        }
                        digests.put(key(entry), new RowDigests.TableDigest(columns.get(), digest.value()));
                    }
                }
            } else if (block == BLOCK_BLOBS) {
                for (int oid = reader.readInt(); oid != 0; oid = reader.readInt()) {
                    readChunks(false);
                }
            } else {
                throw new UnknownArchiveLayout("data block of unknown type " + block);
            }
        }
        return DumpedRows.counted(rows, digests);
    }

    private static String key(CustomArchiveLayout.Entry tableData) {
        return tableData.namespace() + "." + tableData.tag();
    }

    /**
     * Whether the block just read ends with COPY's end-of-data line and two empty ones, which pg_dump writes
     * after the rows. No row can be the line {@code \.}: COPY writes a backslash in a value as two.
     */
    private boolean endsWithEndOfData() {
        if (blockBytes < END_OF_DATA_BYTES || lastBytes >>> (8 * (Long.BYTES - END_OF_DATA_BYTES)) != END_OF_DATA) {
            return false;
        }
        // after rows, the end-of-data line starts a line of its own
        return blockBytes == END_OF_DATA_BYTES || (lastBytes >>> (8 * (Long.BYTES - END_OF_DATA_BYTES - 1)) & 0xff) == '\n';
    }

    /** Reads one data block's chunks to its zero length; returns the newlines in them when asked to count. */
    private long readChunks(boolean count) throws IOException, UnknownArchiveLayout {
        blockBytes = 0;
        blockLines = 0;
        lastBytes = 0;
        for (int length = reader.readInt(); length != 0; length = reader.readInt()) {
            if (length < 0) {
                throw new UnknownArchiveLayout("negative chunk length " + length);
            }
            reader.skip(length, count ? this::countAndDigest : null);
        }
        return blockLines;
    }

    /**
     * Counts the newlines of a run of the data block, digests its rows, and keeps its last bytes, for {@link #endsWithEndOfData()}. It
     * runs once per COPY row (pg_dump writes each row as a chunk of its own), so it does no more than it must.
     */
    private void countAndDigest(byte[] bytes, int offset, int n) {
        blockLines += Newlines.count(bytes, offset, n);
        if (digest != null) {
            digest.accept(bytes, offset, n);
        }
        if (n >= Long.BYTES) {
            lastBytes = (long) LONGS.get(bytes, offset + n - Long.BYTES);
        } else {
            for (int i = offset; i < offset + n; i++) {
                lastBytes = lastBytes >>> 8 | (long) (bytes[i] & 0xff) << 56;
            }
        }
        blockBytes += n;
    }
}
