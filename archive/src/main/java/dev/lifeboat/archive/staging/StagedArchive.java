package dev.lifeboat.archive.staging;

import java.nio.file.Path;

/**
 * A backup's plaintext archive in a file of the staging folder, checked to its last byte. Its lock file beside it stays
 * locked by this process while it is open (nothing else in this process opens that file, so no close elsewhere drops the
 * lock; a sweep of another process leaves it). Closing it deletes both.
 */
public final class StagedArchive implements AutoCloseable {

    private final Path file;
    private final StagingLock lock;
    private long plaintextBytes;

    StagedArchive(Path file, StagingLock lock) {
        this.file = file;
        this.lock = lock;
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
        lock.release();
    }
}
