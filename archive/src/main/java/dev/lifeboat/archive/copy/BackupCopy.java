package dev.lifeboat.archive.copy;

import dev.lifeboat.archive.ArchiveIntegrityException;
import dev.lifeboat.archive.ArchiveLayout;
import dev.lifeboat.archive.ArchiveReader;
import dev.lifeboat.archive.BackupManifest;
import dev.lifeboat.archive.ManifestJson;
import dev.lifeboat.archive.bucket.BucketObjects;
import dev.lifeboat.archive.bucket.ObjectStream;
import dev.lifeboat.archive.upload.BucketUploads;
import dev.lifeboat.archive.upload.MultipartUploadStream;
import dev.lifeboat.archive.upload.UploadParts;

import java.io.IOException;
import java.io.InputStream;
import java.util.List;

/**
 * Copies one backup's folder from the primary bucket to the second (blocking): the archive streamed through its SHA-256
 * and size as the manifest gives them ({@link ArchiveReader#checked}) (a primary object that fails them is not copied), the folder's other objects, and
 * the manifest last, so a copy is there exactly when its manifest is. Copying again overwrites with the same bytes.
 */
public final class BackupCopy {

    /** The parts the archive is uploaded in: S3's smallest part, two sent while the next fills. */
    static final UploadParts PARTS = new UploadParts(MultipartUploadStream.MIN_PART_SIZE, 2, "the copy's part size");

    private BackupCopy() {
    }

    /**
     * @param manifestKey the backup's manifest key in the primary bucket (the same key in the second)
     * @param verified    the archive's SHA-256 and size as they were verified: a manifest that says otherwise now (the
     *                    primary rewritten since) is not copied
     * @return the archive's stored bytes copied
     * @throws ArchiveIntegrityException when the primary's manifest or archive is not what was verified: nothing of it is
     *                                   copied
     */
    public static long copy(String manifestKey, Verified verified, BucketObjects from, BucketObjects to, BucketUploads toUploads)
            throws IOException {
        String manifestText = from.text(manifestKey);
        BackupManifest manifest;
        try {
            manifest = ManifestJson.read(manifestText);
        } catch (IllegalArgumentException e) {
            throw new ArchiveIntegrityException(ArchiveIntegrityException.Check.CHECKSUM, manifestKey + " is no longer a readable manifest: "
                    + e.getMessage() + "; not copied");
        }
        if (!verified.sha256().equalsIgnoreCase(manifest.sha256()) || verified.sizeBytes() != manifest.sizeBytes()) {
            throw new ArchiveIntegrityException(ArchiveIntegrityException.Check.CHECKSUM, "the primary's manifest of backup "
                    + manifest.backupId() + " no longer says what was verified (" + verified.sizeBytes() + " bytes, SHA-256 "
                    + verified.sha256() + "; it says " + manifest.sizeBytes() + " bytes, " + manifest.sha256() + "): not copied");
        }
        String folder = ArchiveLayout.folderOf(manifestKey);
        long bytes = copyArchive(manifest, from, toUploads);
        List<String> others = from.keys(folder).stream()
                .filter(key -> !key.equals(manifest.archiveKey()) && !key.equals(manifestKey) && !key.endsWith("/" + ArchiveLayout.DELETED))
                .toList();
        for (String key : others) {
            copyObject(key, from, toUploads);
        }
        to.put(manifestKey, "application/json", manifestText); // the very manifest checked
        return bytes;
    }

    /** What verification read of a backup's archive: its SHA-256 and stored size. */
    public record Verified(String sha256, long sizeBytes) {
    }

    /**
     * One object copied as it is stored, streamed (multipart once it outgrows a part), unchecked: for objects no manifest
     * gives a checksum of.
     *
     * @return the bytes copied
     */
    public static long copyObject(String key, BucketObjects from, BucketUploads toUploads) throws IOException {
        try (ObjectStream stored = from.open(key); MultipartUploadStream upload = toUploads.open(key, PARTS)) {
            long bytes = stored.transferTo(upload);
            upload.complete();
            return bytes;
        }
    }

    private static long copyArchive(BackupManifest manifest, BucketObjects from, BucketUploads toUploads) throws IOException {
        try {
            return copyChecked(manifest.archiveKey(), ArchiveReader.Sealed.of(manifest), from, toUploads);
        } catch (ArchiveIntegrityException e) {
            throw new ArchiveIntegrityException(e.check(), "the primary's archive of backup " + manifest.backupId() + " was not copied: "
                    + e.getMessage());
        }
    }

    /**
     * One sealed object copied as it is stored, streamed through the size and SHA-256 its manifest gives ({@link
     * ArchiveReader#checked}): one that fails them is not copied (its upload is abandoned, nothing lands).
     *
     * @return the bytes copied
     * @throws ArchiveIntegrityException the stored bytes are not what their manifest says
     */
    public static long copyChecked(String key, ArchiveReader.Sealed sealed, BucketObjects from, BucketUploads toUploads) throws IOException {
        long bytes = 0;
        try (ObjectStream stored = from.open(key);
             InputStream checked = ArchiveReader.checked(stored, sealed);
             MultipartUploadStream upload = toUploads.open(key, PARTS)) {
            byte[] buffer = new byte[256 * 1024];
            for (int n; (n = checked.read(buffer)) != -1; ) {
                upload.write(buffer, 0, n);
                bytes += n;
            }
            upload.complete();
        }
        return bytes;
    }
}
