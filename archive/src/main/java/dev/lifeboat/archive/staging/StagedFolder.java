package dev.lifeboat.archive.staging;

import java.nio.file.Path;

/**
 * A work folder of the staging folder, for what a restore or a restore test writes beside a staged archive (a D1
 * database's export before it is replaced, the files a load is made of, a scratch database): plaintext data, so it lives
 * where staged archives do, readable by this service's user only, and goes the same way: its {@link StagingLock} stays
 * locked while it is open; closing it deletes the folder and all in it; one a killed process left is deleted by
 * {@link StagingArea#sweep()}.
 */
public final class StagedFolder implements AutoCloseable {

    private final Path path;
    private final StagingLock lock;

    StagedFolder(Path path, StagingLock lock) {
        this.path = path;
        this.lock = lock;
    }

    /** The folder, absolute. */
    public Path path() {
        return path;
    }

    @Override
    public void close() {
        lock.release();
    }
}
