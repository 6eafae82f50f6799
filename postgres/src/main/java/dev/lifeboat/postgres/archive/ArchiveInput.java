package dev.lifeboat.postgres.archive;

import java.io.IOException;

/**
 * Where {@link CustomArchiveLayout} reads a {@code pg_dump} custom-format archive's primitives from: a stream passing by
 * (a backup counting rows as it uploads) or a file (a staged archive given its data offsets). An int is a sign byte,
 * then {@link #integerSize} bytes, least significant first.
 */
public interface ArchiveInput {

    /** The next byte, 0-255. */
    int readByte() throws IOException, UnknownArchiveLayout;

    /** The next int, in the archive's integer size. */
    int readInt() throws IOException, UnknownArchiveLayout;

    /** Moves past {@code bytes} bytes. */
    void skip(long bytes) throws IOException, UnknownArchiveLayout;

    /** The size of the archive's integers, from its header; set before the first {@link #readInt()}. */
    void integerSize(int bytes);

    /** How many bytes of the archive were read (the offset of the next one). */
    long position();
}
