package dev.lifeboat.archive.staging;

import dev.lifeboat.archive.ArchiveEncryption;
import dev.lifeboat.archive.ArchiveReader;
import dev.lifeboat.archive.BackupManifest;
import dev.lifeboat.archive.bucket.BucketObjects;
import jakarta.enterprise.context.ApplicationScoped;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.UUID;
import java.util.function.Function;
import java.util.function.UnaryOperator;

/**
 * The staging folder ({@link StagingSettings}): a backup's archive is downloaded there (ranged GETs side by side), checked
 * against its SHA-256 and encryption tags, decrypted and decompressed into a file {@code pg_restore --jobs} can seek in.
 * Room is checked before and while writing; a staged file is deleted on every way out, and one a killed process left
 * behind (no process holds the lock file beside it any more) is deleted by {@link #sweep()}. Blocking: call on a worker thread.
 */
@ApplicationScoped
public class StagingArea {

    static final String PREFIX = "lifeboat-staged-";
    static final String SUFFIX = ".dump";
    static final String FOLDER_SUFFIX = ".work";
    static final String LOCK_SUFFIX = ".lock";
    private static final System.Logger LOG = System.getLogger(StagingArea.class.getName());
    private static final long CHECK_EVERY = 64L << 20;

    private final BucketObjects bucket;
    private final Path folder;
    private final long reserveBytes;
    private final int streams;

    public StagingArea(BucketObjects bucket, StagingSettings settings) {
        this.bucket = bucket;
        this.folder = settings.folder();
        this.reserveBytes = settings.reserveBytes();
        this.streams = settings.downloadStreams();
    }

    public Path folder() {
        return folder;
    }

    /**
     * Refuses a backup whose plaintext archive (as its manifest gives it) and the reserve do not fit in the free space;
     * a manifest without its plaintext size (written before Lifeboat recorded it) is checked while it is staged.
     */
    public void checkRoom(BackupManifest manifest) throws IOException {
        long free = free();
        if (manifest.plaintextBytes() != null && free - reserveBytes < manifest.plaintextBytes()) {
            throw new InsufficientDiskException(manifest.backupId(), manifest.plaintextBytes(), reserveBytes, free, folder);
        }
    }

    /**
     * Stages the backup's archive.
     *
     * @param keys     the configured key of a key id, or null when there is none
     * @param observed wraps the stored bytes as they are read (to count progress)
     * @throws InsufficientDiskException when the disk has no room for it (nothing is left behind)
     */
    public StagedArchive stage(BackupManifest manifest, Function<String, ArchiveEncryption> keys, UnaryOperator<InputStream> observed)
            throws IOException {
        return stage(bucket, manifest, keys, observed);
    }

    /** {@link #stage(BackupManifest, Function, UnaryOperator)} from another bucket: the second bucket's copy. */
    public StagedArchive stage(BucketObjects from, BackupManifest manifest, Function<String, ArchiveEncryption> keys,
                               UnaryOperator<InputStream> observed) throws IOException {
        checkRoom(manifest);
        String name = PREFIX + manifest.backupId() + "-" + UUID.randomUUID();
        Path file = folder.resolve(name + SUFFIX);
        StagedArchive staged = new StagedArchive(file, StagingLock.take(file, folder.resolve(name + LOCK_SUFFIX)));
        try {
            try (FileChannel channel = FileChannel.open(file, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
                 InputStream stored = from.openInParallel(manifest.archiveKey(), manifest.sizeBytes(), streams);
                 InputStream plaintext = ArchiveReader.plaintext(observed.apply(stored), manifest, keys)) {
                staged.written(copy(plaintext, channel, manifest));
            }
            return staged;
        } catch (IOException | RuntimeException e) {
            staged.close();
            if (!(e instanceof InsufficientDiskException) && String.valueOf(e.getMessage()).contains("No space left on device")) {
                throw new InsufficientDiskException(manifest.backupId(), null, reserveBytes, freeOrZero(), folder);
            }
            throw e;
        }
    }

    /**
     * A new work folder here, held by this process until closed ({@link StagedFolder}).
     *
     * @param purpose a word for the folder's name ({@code d1-restore}, {@code d1-scratch})
     */
    public StagedFolder folder(String purpose) throws IOException {
        Files.createDirectories(folder);
        String name = PREFIX + purpose + "-" + UUID.randomUUID();
        Path path = folder.resolve(name + FOLDER_SUFFIX).toAbsolutePath();
        StagedFolder staged = new StagedFolder(path, StagingLock.take(path, folder.resolve(name + LOCK_SUFFIX)));
        try {
            createPrivateDirectory(path);
            return staged;
        } catch (IOException | RuntimeException e) {
            staged.close();
            throw e;
        }
    }

    /** Only this service's user may look in: it holds plaintext data (as the temporary folders it replaced did, 0700). */
    private static void createPrivateDirectory(Path path) throws IOException {
        if (path.getFileSystem().supportedFileAttributeViews().contains("posix")) {
            Files.createDirectory(path, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
        } else {
            Files.createDirectory(path);
        }
    }

    private long freeOrZero() {
        try {
            return free();
        } catch (IOException e) {
            return 0;
        }
    }

    private long copy(InputStream plaintext, FileChannel channel, BackupManifest manifest) throws IOException {
        byte[] buffer = new byte[1 << 20];
        long total = 0;
        long checkedAt = 0;
        for (int n; (n = plaintext.read(buffer)) >= 0; ) {
            ByteBuffer bytes = ByteBuffer.wrap(buffer, 0, n);
            while (bytes.hasRemaining()) {
                channel.write(bytes);
            }
            total += n;
            if (total - checkedAt >= CHECK_EVERY) {
                checkedAt = total;
                keepsReserve(manifest);
            }
        }
        keepsReserve(manifest);
        return total;
    }

    private void keepsReserve(BackupManifest manifest) throws IOException {
        long free = free();
        if (free < reserveBytes) {
            throw new InsufficientDiskException(manifest.backupId(), null, reserveBytes, free, folder);
        }
    }

    /** {@link #sweep()} when a service starts: what it deleted, or why it could not, is logged; it never stops the start. */
    public void sweepAtStart() {
        try {
            int deleted = sweep();
            if (deleted > 0) {
                LOG.log(System.Logger.Level.INFO, "Deleted " + deleted + " staged archive(s) and work folder(s) left in " + folder
                        + " by a restore that was stopped");
            }
        } catch (IOException e) {
            LOG.log(System.Logger.Level.WARNING, "Cannot sweep the staging folder " + folder + ": " + e.getMessage());
        }
    }

    /**
     * Deletes the staged archives and work folders no process holds any more (left by a process that was killed), in this
     * folder only; one that cannot be looked at is logged and left.
     *
     * @return how many were deleted
     */
    public int sweep() throws IOException {
        if (!Files.isDirectory(folder)) {
            return 0;
        }
        int deleted = 0;
        try (DirectoryStream<Path> files = Files.newDirectoryStream(folder, PREFIX + "*{" + SUFFIX + "," + FOLDER_SUFFIX + "}")) {
            for (Path file : files) {
                try {
                    if (deleteUnlessHeld(file)) {
                        deleted++;
                    }
                } catch (IOException | OverlappingFileLockException e) {
                    LOG.log(System.Logger.Level.WARNING, "cannot sweep " + file + ": " + e.getMessage());
                }
            }
        }
        return deleted;
    }

    /** A staged archive or work folder is deleted when no live process holds its lock file ({@link StagingLock}). */
    private static boolean deleteUnlessHeld(Path left) throws IOException {
        String name = left.getFileName().toString();
        String suffix = name.endsWith(FOLDER_SUFFIX) ? FOLDER_SUFFIX : SUFFIX;
        return StagingLock.deleteUnlessHeld(left, left.resolveSibling(name.substring(0, name.length() - suffix.length()) + LOCK_SUFFIX));
    }

    private long free() throws IOException {
        Files.createDirectories(folder);
        return Files.getFileStore(folder).getUsableSpace();
    }
}
