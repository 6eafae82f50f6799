package dev.lifeboat.postgres.archive;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The one reader of {@code pg_dump}'s custom-format archive layout (PostgreSQL's {@code pg_backup_archiver.c}): its header
 * and table of contents, for every archive version from 1.12 ({@code pg_dump} 11) to 1.16 (17), uncompressed (Lifeboat
 * dumps with {@code --compress=0} and compresses itself). Any other is an {@link UnknownArchiveLayout}. Strings are a
 * length (-1 for none) and bytes.
 */
public final class CustomArchiveLayout {

    private static final int OLDEST = version(1, 12, 0);
    private static final int NEWEST = version(1, 16, 0);
    private static final int WITH_TABLE_AM = version(1, 14, 0);
    private static final int WITH_COMPRESSION_ALGORITHM = version(1, 15, 0);
    private static final int WITH_RELKIND = version(1, 16, 0);
    private static final int CUSTOM_FORMAT = 1;
    /** Tags and kinds are names or short descriptions ("TABLE DATA", a function's signature). */
    private static final int MAX_NAME = 64 * 1024;
    /** A COPY statement names every column: up to 1,600 of up to 63 bytes each, quoted. */
    private static final int MAX_COPY_STATEMENT = 1024 * 1024;
    /** An entry's data offset, as {@code pg_dump} writes it: not set (written to a pipe), or set. */
    public static final int OFFSET_NOT_SET = 1;
    public static final int OFFSET_SET = 2;

    private final ArchiveInput in;
    private int version;
    private String encoding;

    private CustomArchiveLayout(ArchiveInput in) {
        this.in = in;
    }

    /** The header's sizes: of the archive's ints and of its data offsets. */
    public record Header(int version, int intSize, int offsetSize) {
    }

    /**
     * One entry of the table of contents.
     *
     * @param copyStatement its COPY statement ({@code COPY public.t (a, b) FROM stdin;}) when its data block holds COPY
     *                      rows; null when it has none, empty when it is too long to be one
     * @param offsetField where in the archive its data-offset field begins (a state byte, then the offset)
     * @param offsetState {@link #OFFSET_NOT_SET} or {@link #OFFSET_SET} (or 3: no data)
     */
    public record Entry(int dumpId, String description, String tag, String namespace, String copyStatement, long offsetField,
                        int offsetState) {

        /** Whether it has a COPY statement (its data block holds COPY rows). */
        public boolean copies() {
            return copyStatement != null;
        }
    }

    /**
     * The header and every entry of the table of contents, the input left at the first data block.
     *
     * @param encoding the encoding the dump's text is in ({@code UTF8}), from its {@code ENCODING} entry; null when it has none
     */
    public record Contents(Header header, List<Entry> entries, String encoding) {

        /** The entries that hold COPY data, by dump id. */
        public Map<Integer, Entry> tableDataEntries() {
            Map<Integer, Entry> tableData = new HashMap<>();
            for (Entry entry : entries) {
                if ("TABLE DATA".equals(entry.description()) && entry.copies() && entry.namespace() != null && entry.tag() != null) {
                    tableData.put(entry.dumpId(), entry);
                }
            }
            return tableData;
        }

        /** The entries that hold COPY data, by dump id, as {@code schema.table}. */
        public Map<Integer, String> tableData() {
            Map<Integer, String> tableData = new HashMap<>();
            tableDataEntries().forEach((dumpId, entry) -> tableData.put(dumpId, entry.namespace() + "." + entry.tag()));
            return tableData;
        }
    }

    /** Reads the header and the table of contents. */
    public static Contents read(ArchiveInput in) throws IOException, UnknownArchiveLayout {
        CustomArchiveLayout layout = new CustomArchiveLayout(in);
        Header header = layout.readHeader();
        return new Contents(header, layout.readEntries(header), layout.encoding);
    }

    private Header readHeader() throws IOException, UnknownArchiveLayout {
        byte[] magic = new byte[5];
        for (int i = 0; i < magic.length; i++) {
            magic[i] = (byte) in.readByte();
        }
        if (!"PGDMP".equals(new String(magic, StandardCharsets.US_ASCII))) {
            throw new UnknownArchiveLayout("not a pg_dump custom-format archive");
        }
        version = version(in.readByte(), in.readByte(), in.readByte());
        if (version < OLDEST || version > NEWEST) {
            throw new UnknownArchiveLayout("archive version " + (version >> 16) + "." + ((version >> 8) & 0xff) + " is not one Lifeboat knows");
        }
        int intSize = in.readByte();
        int offsetSize = in.readByte();
        if (intSize < 1 || intSize > 8 || offsetSize < 1 || offsetSize > 8) {
            throw new UnknownArchiveLayout("integer sizes " + intSize + "/" + offsetSize + " are not plausible");
        }
        in.integerSize(intSize);
        int format = in.readByte();
        if (format != CUSTOM_FORMAT) {
            throw new UnknownArchiveLayout("archive format " + format + " is not the custom format");
        }
        int compression = version >= WITH_COMPRESSION_ALGORITHM ? in.readByte() : in.readInt();
        if (compression != 0) {
            throw new UnknownArchiveLayout("the archive's data is compressed by pg_dump");
        }
        for (int i = 0; i < 7; i++) {
            in.readInt(); // creation time: seconds, minutes, hours, day, month, year, daylight saving
        }
        skipString(); // database name
        skipString(); // server version
        skipString(); // pg_dump version
        return new Header(version, intSize, offsetSize);
    }

    private List<Entry> readEntries(Header header) throws IOException, UnknownArchiveLayout {
        int count = in.readInt();
        List<Entry> entries = new ArrayList<>(Math.max(0, Math.min(count, 1 << 16)));
        for (int i = 0; i < count; i++) {
            int dumpId = in.readInt();
            in.readInt(); // has a data dumper
            skipString(); // catalog table oid
            skipString(); // oid
            String tag = readName();
            String description = readName();
            in.readInt(); // section
            if ("ENCODING".equals(description)) {
                encoding = encodingOf(readString(MAX_NAME));
            } else {
                skipString(); // definition
            }
            skipString(); // drop statement
            String copyStatement = readString(MAX_COPY_STATEMENT);
            String namespace = readName();
            skipString(); // tablespace
            if (version >= WITH_TABLE_AM) {
                skipString();
            }
            if (version >= WITH_RELKIND) {
                in.readInt();
            }
            skipString(); // owner
            skipString(); // "with oids", always false
            while (skipString()) {
                // dependencies, up to a null string
            }
            long offsetField = in.position();
            int offsetState = in.readByte();
            in.skip(header.offsetSize());
            entries.add(new Entry(dumpId, description, tag, namespace, copyStatement, offsetField, offsetState));
        }
        return entries;
    }

    /** A short string (a name, a tag, an entry's kind); null when absent, empty when too long to be one. */
    private String readName() throws IOException, UnknownArchiveLayout {
        return readString(MAX_NAME);
    }

    /** {@code UTF8} of the ENCODING entry's {@code SET client_encoding = 'UTF8';}. */
    private static String encodingOf(String definition) {
        if (definition == null) {
            return null;
        }
        int open = definition.indexOf('\'');
        int close = definition.indexOf('\'', open + 1);
        return open < 0 || close < 0 ? null : definition.substring(open + 1, close);
    }

    /** A string of at most {@code max} bytes; null when absent, empty when longer. */
    private String readString(int max) throws IOException, UnknownArchiveLayout {
        int length = in.readInt();
        if (length < 0) {
            return null;
        }
        if (length > max) {
            in.skip(length);
            return "";
        }
        byte[] bytes = new byte[length];
        for (int i = 0; i < length; i++) {
            bytes[i] = (byte) in.readByte();
        }
        return new String(bytes, StandardCharsets.UTF_8);
    }

    /** Moves past a string of any length; false when it was the null string. */
    private boolean skipString() throws IOException, UnknownArchiveLayout {
        int length = in.readInt();
        if (length < 0) {
            return false;
        }
        in.skip(length);
        return true;
    }

    private static int version(int major, int minor, int revision) {
        return (major << 16) | (minor << 8) | revision;
    }
}
