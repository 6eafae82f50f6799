package dev.lifeboat.archive.staging;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;

/**
 * A work folder of the staging folder, for what a restore or a restore test writes beside a staged archive (a D1
 * database's export before it is replaced, the files a load is made of, a scratch database): plaintext data, so it lives
 * where staged archives do and goes the same way. Its lock file stays locked by this process while it is open; closing
 * it deletes the folder, then the lock file; one a killed process left is deleted by {@link StagingArea#sweep()}.
 */
public final class StagedFolder implements AutoCloseable {

    private static final System.Logger LOG = System.getLogger(StagedFolder.class.getName());

    private final Path path;
    private final Path lockFile;
    private final FileChannel locked;

    StagedFolder(Path path, Path lockFile, FileChannel locked) {
        this.path = path;
        this.lockFile = lockFile;
        this.locked = locked;
    }

    /** The folder, absolute. */
    public Path path() {
        return path;
    }

    /** Deletes the folder and all it holds, then its lock file, then lets go of the lock; what cannot be deleted is left to the next sweep. */
    @Override
    public void close() {
        try {
            deleteTree(path);
            Files.deleteIfExists(lockFile);
        } catch (IOException e) {
            LOG.log(System.Logger.Level.WARNING, "cannot delete the work folder " + path + " (the next sweep deletes it): " + e.getMessage());
        } finally {
            try {
                locked.close();
            } catch (IOException e) {
                LOG.log(System.Logger.Level.WARNING, "cannot close the lock of " + path + ": " + e.getMessage());
            }
            StagingArea.HELD.remove(path);
        }
    }

    static void deleteTree(Path folder) throws IOException {
        if (!Files.exists(folder)) {
            return;
        }
        try (Stream<Path> files = Files.walk(folder)) {
            for (Path file : files.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(file);
            }
        }
    }
}
