package dev.lifeboat.archive.staging;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * A backup's plaintext archive in a file of the staging folder, checked to its last byte. Its lock file beside it stays
 * locked by this process while it is open (nothing else in this process opens that file, so no close elsewhere drops the
 * lock; a sweep of another process leaves it). Closing it deletes both.
 */
public final class StagedArchive implements AutoCloseable {

    private static final System.Logger LOG = System.getLogger(StagedArchive.class.getName());

    private final Path file;
    private final Path lockFile;
    private final FileChannel locked;
    private long plaintextBytes;

    StagedArchive(Path file, Path lockFile, FileChannel locked) {
        this.file = file;
        this.lockFile = lockFile;
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

    /** Deletes the file, then its lock file, then lets go of the lock; a file that cannot be deleted is left to the next sweep. */
    @Override
    public void close() {
        try {
            Files.deleteIfExists(file);
            Files.deleteIfExists(lockFile);
        } catch (IOException e) {
            LOG.log(System.Logger.Level.WARNING, "cannot delete the staged archive " + file + " (the next sweep deletes it): " + e.getMessage());
        } finally {
            try {
                locked.close();
            } catch (IOException e) {
                LOG.log(System.Logger.Level.WARNING, "cannot close the lock of " + file + ": " + e.getMessage());
            }
            StagingArea.HELD.remove(file);
        }
    }
}
