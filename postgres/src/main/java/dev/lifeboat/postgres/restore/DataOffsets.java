package dev.lifeboat.postgres.restore;

import dev.lifeboat.postgres.archive.ArchiveInput;
import dev.lifeboat.postgres.archive.CustomArchiveLayout;
import dev.lifeboat.postgres.archive.UnknownArchiveLayout;

import java.io.EOFException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.StandardOpenOption;
import java.io.RandomAccessFile;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

/**
 * Writes the data offsets into the table of contents of a {@code pg_dump -Fc} archive that was written to a pipe, as
 * {@code pg_dump} itself does when its output is a file. Without them each {@code pg_restore --jobs} worker finds a table's
 * rows by reading every block before them (one chunk per row), so more jobs restore slower; with them it seeks straight
 * there. The archive is read once; its bytes change only in the offset fields of entries whose position was not set, and
 * only when every data block found names such an entry. The header and table of contents are read by
 * {@link CustomArchiveLayout} (archive versions 1.12 to 1.16); an archive of a layout it does not know is left as it is.
 * Blocking.
 */
public final class DataOffsets {

    private static final int BLOCK_DATA = 1;
    private static final int BLOCK_LARGE_OBJECTS = 3;

    private DataOffsets() {
    }

    /**
     * @return how many entries got their offset (0 when the archive has them already or is of a layout this does not know)
     */
    public static int fill(Path archive) throws IOException {
        Map<Integer, Long> offsetFieldOf = new HashMap<>();
        Map<Integer, Long> blockOf = new HashMap<>();
        int offSize;
        try (Reader in = new Reader(FileChannel.open(archive, StandardOpenOption.READ))) {
            CustomArchiveLayout.Contents contents = CustomArchiveLayout.read(in);
            offSize = contents.header().offsetSize();
            if (offSize != 8 || contents.header().intSize() < 4) {
                return 0;
            }
            for (CustomArchiveLayout.Entry entry : contents.entries()) {
                if (entry.offsetState() == CustomArchiveLayout.OFFSET_NOT_SET) {
                    offsetFieldOf.put(entry.dumpId(), entry.offsetField());
                }
            }
            if (offsetFieldOf.isEmpty()) {
                return 0;
            }
            for (long block = in.position; ; block = in.position) {
                int type = in.readByteOrEnd();
                if (type < 0) {
                    break;
                }
                int dumpId = in.readInt();
                if (!offsetFieldOf.containsKey(dumpId) || (type != BLOCK_DATA && type != BLOCK_LARGE_OBJECTS)) {
                    return 0;
                }
                blockOf.put(dumpId, block);
                if (type == BLOCK_DATA) {
                    in.skipChunks();
                } else {
                    while (in.readInt() != 0) { // a large object's oid, then its chunks
                        in.skipChunks();
                    }
                }
            }
        } catch (EOFException | IllegalStateException | UnknownArchiveLayout unknownLayout) {
            return 0;
        }
        try (RandomAccessFile out = new RandomAccessFile(archive.toFile(), "rw")) {
            for (Map.Entry<Integer, Long> block : blockOf.entrySet()) {
                byte[] field = new byte[1 + offSize];
                field[0] = CustomArchiveLayout.OFFSET_SET;
                long offset = block.getValue();
                for (int i = 0; i < offSize; i++) {
                    field[1 + i] = (byte) (offset >>> (8 * i));
                }
                out.seek(offsetFieldOf.get(block.getKey()));
                out.write(field);
            }
        }
        return blockOf.size();
    }

    /**
     * pg_dump's archive primitives: a byte, an int (sign byte, then intSize bytes, least significant first), a string; read
     * through a buffer of its own (a row's chunk is a few bytes: no call per byte may cost much), skipping by seeking.
     */
    private static final class Reader implements ArchiveInput, AutoCloseable {
        private final FileChannel file;
        private final ByteBuffer buffer = ByteBuffer.allocate(1 << 20).flip();
        private long position;
        private int intSize = 4;

        Reader(FileChannel file) {
            this.file = file;
        }

        int readByteOrEnd() throws IOException {
            if (!buffer.hasRemaining()) {
                buffer.clear();
                int read = file.read(buffer, position);
                buffer.flip();
                if (read <= 0) {
                    return -1;
                }
            }
            position++;
            return buffer.get() & 0xff;
        }

        @Override
        public int readByte() throws IOException {
            int b = readByteOrEnd();
            if (b < 0) {
                throw new EOFException();
            }
            return b;
        }

        @Override
        public int readInt() throws IOException {
            boolean negative = readByte() != 0;
            long value = 0;
            for (int i = 0; i < intSize; i++) {
                value |= (long) readByte() << (8 * i);
            }
            if (value > Integer.MAX_VALUE) {
                throw new IllegalStateException("an int out of range");
            }
            return negative ? (int) -value : (int) value;
        }

        @Override
        public void integerSize(int bytes) {
            intSize = bytes;
        }

        @Override
        public long position() {
            return position;
        }

        void skipChunks() throws IOException {
            for (int length = readInt(); length != 0; length = readInt()) {
                if (length < 0) {
                    throw new IllegalStateException("a negative chunk length");
                }
                skip(length);
            }
        }

        @Override
        public void skip(long bytes) throws IOException {
            if (bytes <= buffer.remaining()) {
                buffer.position(buffer.position() + (int) bytes);
            } else {
                buffer.position(buffer.limit()); // the next read starts at the new position
                if (position + bytes > file.size()) {
                    throw new EOFException();
                }
            }
            position += bytes;
        }

        @Override
        public void close() throws IOException {
            file.close();
        }
    }
}
