package dev.lifeboat.archive.staging;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * A backup's plaintext archive in a file of the staging folder, checked to its last byte. It stays locked by this process
 * while open (a sweep of another process leaves it); closing it deletes it.
 */
public final class StagedArchive implements AutoCloseable {

    private final Path file;
    private final FileChannel locked;
    private long plaintextBytes;

    StagedArchive(Path file, FileChannel locked) {
        this.file = file;
        this.locked = locked;
    }

    public Path file() {
        return file;
    }

    /** The plaintext archive's size. */
    public long plaintextBytes() {
        return plaintextBytes;
    }

    void written(long bytes) {
        plaintextBytes = bytes;
    }

    /** Deletes the file, then lets go of its lock. */
    @Override
    public void close() {
        try {
            Files.deleteIfExists(file);
            locked.close();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot delete the staged archive " + file, e);
        }
    }
}
