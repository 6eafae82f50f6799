package dev.lifeboat.verifier.verification;

import dev.lifeboat.archive.ArchiveLayout;
import dev.lifeboat.events.backup.BackupCompleted;

import java.util.Optional;
import java.util.regex.Pattern;

/**
 * What a {@code BackupCompleted} claims, checked before it is believed (only backup-service writes that topic,
 * but a consumer does not act on a claim it can see is false): the manifest lies in a backup folder of its own
 * database ({@code backups/<databaseId>/<yyyy>/<mm>/<dd>/<backupId>/}), the archive in that same folder,
 * neither key with a {@code ..} segment, a SHA-256 of 64 hex digits and a size that can be a backup. Whether
 * the bucket has the objects is the verification's first check.
 */
public final class BackupClaim {

    /** Larger than any archive S3 can hold (5 TiB an object). */
    static final long MAX_SIZE_BYTES = 5L << 40;
    private static final Pattern SHA256 = Pattern.compile("[0-9a-f]{64}");

    private BackupClaim() {
    }

    /** Why the claim cannot be true, or empty when it can. */
    public static Optional<String> refusal(BackupCompleted backup) {
        String folder = ArchiveLayout.databasePrefix(backup.databaseId());
        String manifestKey = backup.manifestKey();
        String objectKey = backup.objectKey();
        if (hasParentSegment(manifestKey) || hasParentSegment(objectKey)) {
            return Optional.of("BackupCompleted " + backup.backupId() + " names a key with a '..' segment");
        }
        if (!manifestKey.startsWith(folder) || !ArchiveLayout.isManifest(manifestKey)) {
            return Optional.of("BackupCompleted " + backup.backupId() + " names the manifest '" + quoted(manifestKey)
                    + "', which is not a backup manifest under " + folder);
        }
        String backupFolder = manifestKey.substring(0, manifestKey.length() - ArchiveLayout.MANIFEST.length());
        if (!objectKey.startsWith(backupFolder) || objectKey.indexOf('/', backupFolder.length()) >= 0) {
            return Optional.of("BackupCompleted " + backup.backupId() + " names the archive '" + quoted(objectKey)
                    + "', outside its manifest's folder " + backupFolder);
        }
        if (!SHA256.matcher(backup.sha256()).matches()) {
            return Optional.of("BackupCompleted " + backup.backupId() + " has a SHA-256 that is not 64 lower-case hex digits");
        }
        if (backup.sizeBytes() <= 0 || backup.sizeBytes() > MAX_SIZE_BYTES) {
            return Optional.of("BackupCompleted " + backup.backupId() + " claims " + backup.sizeBytes() + " bytes; a stored archive has 1 to "
                    + MAX_SIZE_BYTES);
        }
        return Optional.empty();
    }

    private static boolean hasParentSegment(String key) {
        return key.equals("..") || key.startsWith("../") || key.contains("/../") || key.endsWith("/..") || key.contains("\\");
    }

    private static String quoted(String key) {
        return key.length() > 120 ? key.substring(0, 120) + "…" : key;
    }
}
