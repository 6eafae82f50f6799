package dev.lifeboat.archive.staging;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Comparator;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Stream;

/**
 * The lock file beside what the staging folder holds (a staged archive, a work folder): locked by the process that made
 * it for as long as it lives, so a sweep in any process deletes only what a killed process left. The one home of that
 * protocol: taking the lock, letting it go, and the sweep's test of it.
 */
final class StagingLock {

    private static final System.Logger LOG = System.getLogger(StagingLock.class.getName());
    /**
     * What this process holds (absolute paths). Its own sweeps skip them without opening their lock files: closing any
     * handle of a file this process has locked would drop its lock.
     */
    private static final Set<Path> HELD = ConcurrentHashMap.newKeySet();

    private final Path held;
    private final Path lockFile;
    private final FileChannel channel;

    private StagingLock(Path held, Path lockFile, FileChannel channel) {
        this.held = held;
        this.lockFile = lockFile;
        this.channel = channel;
    }

    /** Makes {@code lockFile} (it must not exist) and locks it for {@code held}, which the caller makes next. */
    static StagingLock take(Path held, Path lockFile) throws IOException {
        FileChannel channel = FileChannel.open(lockFile, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
        StagingLock lock = new StagingLock(held.toAbsolutePath(), lockFile, channel);
        HELD.add(lock.held);
        try {
            channel.lock();
            return lock;
        } catch (IOException | RuntimeException e) {
            lock.release();
            throw e;
        }
    }

    /**
     * Deletes what it holds (a file, or a folder and all in it), then the lock file, then lets go of the lock; what cannot
     * be deleted is logged and left to the next sweep.
     */
    void release() {
        try {
            deleteTree(held);
            Files.deleteIfExists(lockFile);
        } catch (IOException e) {
            LOG.log(System.Logger.Level.WARNING, "cannot delete " + held + " (the next sweep deletes it): " + e.getMessage());
        } finally {
            try {
                channel.close();
            } catch (IOException e) {
                LOG.log(System.Logger.Level.WARNING, "cannot close the lock of " + held + ": " + e.getMessage());
            }
            HELD.remove(held);
        }
    }

    /**
     * The sweep's step: deletes {@code left} and its lock file when no live process holds that lock; skips what this
     * process holds without opening its lock file.
     *
     * @return whether it was deleted
     */
    static boolean deleteUnlessHeld(Path left, Path lockFile) throws IOException {
        if (HELD.contains(left.toAbsolutePath())) {
            return false;
        }
        try (FileChannel opened = FileChannel.open(lockFile, StandardOpenOption.CREATE, StandardOpenOption.WRITE)) {
            FileLock lock = opened.tryLock();
            if (lock == null) {
                return false; // another process is staging or restoring it
            }
            deleteTree(left);
            Files.deleteIfExists(lockFile);
            return true;
        } catch (NoSuchFileException gone) {
            return false;
        }
    }

    private static void deleteTree(Path path) throws IOException {
        if (!Files.exists(path)) {
            return;
        }
        try (Stream<Path> files = Files.walk(path)) {
            for (Path file : files.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(file);
            }
        }
    }
}
