package dev.lifeboat.backup.dump;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;

/**
 * The header and table of contents of {@code pg_dump}'s custom-format archive (PostgreSQL's
 * {@code pg_backup_archiver.c}): which of the data blocks after them hold which table's COPY data. Only an
 * uncompressed archive of versions 1.12 (PostgreSQL 11) to 1.16 (PostgreSQL 17) is read; any other is an
 * {@link UnknownArchiveLayout}. Strings are a length (-1 for none) and bytes.
 */
final class CustomFormatContents {

    private static final int OLDEST = version(1, 12, 0);
    private static final int NEWEST = version(1, 16, 0);
    private static final int WITH_TABLE_AM = version(1, 14, 0);
    private static final int WITH_COMPRESSION_ALGORITHM = version(1, 15, 0);
    private static final int WITH_RELKIND = version(1, 16, 0);
    private static final int CUSTOM_FORMAT = 1;
    /** Tags and kinds are names or short descriptions ("TABLE DATA", a function's signature). */
    private static final int MAX_NAME = 64 * 1024;

    private final PassThroughReader reader;
    private int version;
    private int offsetSize;

    private CustomFormatContents(PassThroughReader reader) {
        this.reader = reader;
    }

    /** Reads the header and the table of contents; returns the entries that have COPY data, by dump id, as {@code schema.table}. */
    static Map<Integer, String> tableData(PassThroughReader reader) throws IOException, UnknownArchiveLayout {
        CustomFormatContents contents = new CustomFormatContents(reader);
        contents.readHeader();
        return contents.readTableOfContents();
    }

    private void readHeader() throws IOException, UnknownArchiveLayout {
        byte[] magic = new byte[5];
        for (int i = 0; i < magic.length; i++) {
            magic[i] = (byte) reader.readByte();
        }
        if (!"PGDMP".equals(new String(magic, StandardCharsets.US_ASCII))) {
            throw new UnknownArchiveLayout("not a pg_dump custom-format archive");
        }
        int version = version(reader.readByte(), reader.readByte(), reader.readByte());
        if (version < OLDEST || version > NEWEST) {
            throw new UnknownArchiveLayout("archive version " + (version >> 16) + "." + ((version >> 8) & 0xff) + " is not one this counter knows");
        }
        int intSize = reader.readByte();
        offsetSize = reader.readByte();
        if (intSize < 1 || intSize > 8 || offsetSize < 1 || offsetSize > 8) {
            throw new UnknownArchiveLayout("integer sizes " + intSize + "/" + offsetSize + " are not plausible");
        }
        reader.integerSize(intSize);
        int format = reader.readByte();
        if (format != CUSTOM_FORMAT) {
            throw new UnknownArchiveLayout("archive format " + format + " is not the custom format");
        }
        int compression = version >= WITH_COMPRESSION_ALGORITHM ? reader.readByte() : reader.readInt();
        if (compression != 0) {
            throw new UnknownArchiveLayout("the archive's data is compressed by pg_dump");
        }
        for (int i = 0; i < 7; i++) {
            reader.readInt(); // creation time: seconds, minutes, hours, day, month, year, daylight saving
        }
        skipString(); // database name
        skipString(); // server version
        skipString(); // pg_dump version
        this.version = version;
    }

    private Map<Integer, String> readTableOfContents() throws IOException, UnknownArchiveLayout {
        int entries = reader.readInt();
        Map<Integer, String> tableData = new HashMap<>();
        for (int i = 0; i < entries; i++) {
            int dumpId = reader.readInt();
            reader.readInt(); // has a data dumper
            skipString(); // catalog table oid
            skipString(); // oid
            String tag = readName();
            String description = readName();
            reader.readInt(); // section
            skipString(); // definition
            skipString(); // drop statement
            boolean copies = skipString();
            String namespace = readName();
            skipString(); // tablespace
            if (version >= WITH_TABLE_AM) {
                skipString();
            }
            if (version >= WITH_RELKIND) {
                reader.readInt();
            }
            skipString(); // owner
            skipString(); // "with oids", always false
            while (skipString()) {
                // dependencies, up to a null string
            }
            reader.readByte(); // data offset: whether it is set, then offsetSize bytes
            reader.skip(offsetSize);
            if ("TABLE DATA".equals(description) && copies && namespace != null && tag != null) {
                tableData.put(dumpId, namespace + "." + tag);
            }
        }
        return tableData;
    }

    /** A short string (a name, a tag, an entry's kind); null when absent, empty when too long to be one. */
    private String readName() throws IOException, UnknownArchiveLayout {
        int length = reader.readInt();
        if (length < 0) {
            return null;
        }
        if (length > MAX_NAME) {
            reader.skip(length);
            return "";
        }
        byte[] bytes = new byte[length];
        for (int i = 0; i < length; i++) {
            bytes[i] = (byte) reader.readByte();
        }
        return new String(bytes, StandardCharsets.UTF_8);
    }

    /** Moves past a string of any length; false when it was the null string. */
    private boolean skipString() throws IOException, UnknownArchiveLayout {
        int length = reader.readInt();
        if (length < 0) {
            return false;
        }
        reader.skip(length);
        return true;
    }

    private static int version(int major, int minor, int revision) {
        return (major << 16) | (minor << 8) | revision;
    }
}
