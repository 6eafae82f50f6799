package dev.lifeboat.postgres.archive;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Every archive version from 1.12 ({@code pg_dump} 11) to 1.16 (17) is read by the one reader, with the fields each version
 * adds (the table access method from 1.14, the compression byte from 1.15, the relkind from 1.16); pg_dump 15 is the only
 * one on this machine, so the archives here are written field by field as {@code pg_backup_archiver.c} writes them.
 */
class CustomArchiveLayoutTest {

    @ParameterizedTest
    @ValueSource(ints = {12, 13, 14, 15, 16})
    void everyVersionFromPgDump11To17IsReadAndItsTableDataFound(int minor) throws Exception {
        Archive archive = new Archive(minor);
        byte[] bytes = archive.header().entry(7, "TABLE DATA", "orders", "public", true).entry(8, "INDEX", "orders_pkey", "public", false)
                .bytes();

        CustomArchiveLayout.Contents contents = CustomArchiveLayout.read(new BytesInput(bytes));

        assertThat(contents.header().version()).isEqualTo((1 << 16) | (minor << 8));
        assertThat(contents.tableData()).isEqualTo(Map.of(7, "public.orders"));
        assertThat(contents.entries()).hasSize(2);
        assertThat(contents.entries().get(0).offsetState()).isEqualTo(CustomArchiveLayout.OFFSET_NOT_SET);
        assertThat(bytes[(int) contents.entries().get(1).offsetField()]).as("the second entry's offset field").isEqualTo((byte) 1);
    }

    @Test
    void aNewerVersionOrACompressedArchiveIsAnUnknownLayout() {
        assertThatThrownBy(() -> CustomArchiveLayout.read(new BytesInput(new Archive(17).header().bytes())))
                .isInstanceOf(UnknownArchiveLayout.class).hasMessageContaining("1.17");
        assertThatThrownBy(() -> CustomArchiveLayout.read(new BytesInput("NOTPG".getBytes(StandardCharsets.US_ASCII))))
                .isInstanceOf(UnknownArchiveLayout.class).hasMessageContaining("not a pg_dump");
    }

    /** An archive as pg_dump writes one to a pipe: ints of 4 bytes, offsets of 8, not set. */
    private static final class Archive {
        private final ByteArrayOutputStream out = new ByteArrayOutputStream();
        private final int minor;
        private int entries;
        private ByteArrayOutputStream body = new ByteArrayOutputStream();

        Archive(int minor) {
            this.minor = minor;
        }

        Archive header() {
            out.writeBytes("PGDMP".getBytes(StandardCharsets.US_ASCII));
            out.write(1);
            out.write(minor);
            out.write(0);
            out.write(4); // int size
            out.write(8); // offset size
            out.write(1); // custom format
            if (minor >= 15) {
                out.write(0); // compression algorithm: none
            } else {
                writeInt(out, 0); // compression level
            }
            for (int i = 0; i < 7; i++) {
                writeInt(out, 1);
            }
            writeString(out, "shop");
            writeString(out, "15.19");
            writeString(out, "15.18");
            return this;
        }

        Archive entry(int dumpId, String description, String tag, String namespace, boolean copies) {
            ByteArrayOutputStream e = body;
            writeInt(e, dumpId);
            writeInt(e, 1);
            writeString(e, "1259");
            writeString(e, "16384");
            writeString(e, tag);
            writeString(e, description);
            writeInt(e, 2);
            writeString(e, "");
            writeString(e, "");
            writeString(e, copies ? "COPY public.orders (id) FROM stdin;\n" : null);
            writeString(e, namespace);
            writeString(e, "");
            if (minor >= 14) {
                writeString(e, "heap");
            }
            if (minor >= 16) {
                writeInt(e, 'r');
            }
            writeString(e, "owner");
            writeString(e, "false");
            writeString(e, "3");
            writeString(e, null);
            e.write(1); // offset not set
            e.writeBytes(new byte[8]);
            entries++;
            return this;
        }

        byte[] bytes() {
            ByteArrayOutputStream all = new ByteArrayOutputStream();
            all.writeBytes(out.toByteArray());
            if (entries > 0 || body.size() > 0) {
                writeInt(all, entries);
                all.writeBytes(body.toByteArray());
            }
            return all.toByteArray();
        }

        private static void writeInt(ByteArrayOutputStream out, int value) {
            out.write(value < 0 ? 1 : 0);
            int magnitude = Math.abs(value);
            for (int i = 0; i < 4; i++) {
                out.write((magnitude >>> (8 * i)) & 0xff);
            }
        }

        private static void writeString(ByteArrayOutputStream out, String text) {
            if (text == null) {
                writeInt(out, -1);
                return;
            }
            byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
            writeInt(out, bytes.length);
            out.writeBytes(bytes);
        }
    }

    /** An archive in memory, read as the stream and the file readers read one. */
    private static final class BytesInput implements ArchiveInput {
        private final byte[] bytes;
        private int position;
        private int intSize = 4;

        BytesInput(byte[] bytes) {
            this.bytes = bytes;
        }

        @Override
        public int readByte() throws UnknownArchiveLayout {
            if (position >= bytes.length) {
                throw new UnknownArchiveLayout("the archive ends in the middle of an entry");
            }
            return bytes[position++] & 0xff;
        }

        @Override
        public int readInt() throws UnknownArchiveLayout {
            boolean negative = readByte() != 0;
            long value = 0;
            for (int i = 0; i < intSize; i++) {
                value |= (long) readByte() << (8 * i);
            }
            return negative ? (int) -value : (int) value;
        }

        @Override
        public void skip(long count) throws UnknownArchiveLayout {
            if (position + count > bytes.length) {
                throw new UnknownArchiveLayout("the archive ends in the middle of an entry");
            }
            position += (int) count;
        }

        @Override
        public void integerSize(int size) {
            intSize = size;
        }

        @Override
        public long position() {
            return position;
        }
    }
}
