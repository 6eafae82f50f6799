package dev.lifeboat.archive;

import dev.lifeboat.events.backup.Compression;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Where a backup lives in the bucket:
 * {@code backups/<databaseId>/<yyyy>/<mm>/<dd>/<backupId>/archive.dump<suffix>} and
 * {@code .../<backupId>/manifest.json}, the date being the backup's start (UTC).
 */
public final class ArchiveLayout {

    public static final String ROOT = "backups/";
    public static final String MANIFEST = "manifest.json";
    /** Beside a deleted backup's manifest until it is purged ({@link DeletionMarker}): readers pass it over. */
    public static final String DELETED = "deleted.json";
    private static final DateTimeFormatter DAY = DateTimeFormatter.ofPattern("yyyy/MM/dd").withZone(ZoneOffset.UTC);
    private static final Pattern BACKUP_FOLDER = Pattern.compile("^backups/([^/]+)/\\d{4}/\\d{2}/\\d{2}/([^/]+)/");

    private ArchiveLayout() {
    }

    /** The folder of one backup, ending in '/'. */
    public static String folder(String databaseId, Instant startedAt, String backupId) {
        return ROOT + databaseId + "/" + DAY.format(startedAt) + "/" + backupId + "/";
    }

    /** The day folder of a time, {@code yyyy/MM/dd} (UTC): folders sort by day as text. */
    public static String day(Instant at) {
        return DAY.format(at);
    }

    /** The day folder in a key of this layout under {@code databasePrefix(databaseId)}. */
    public static String dayOf(String key, String databaseId) {
        int start = databasePrefix(databaseId).length();
        return key.substring(start, start + "yyyy/MM/dd".length());
    }

    public static String archiveKey(String folder, ArchiveSuffix suffix) {
        return folder + "archive.dump" + suffix.text();
    }

    public static String manifestKey(String folder) {
        return folder + MANIFEST;
    }

    /** The key of the deletion marker in a backup's folder. */
    public static String deletionMarkerKey(String folder) {
        return folder + DELETED;
    }

    /** The folder of a key in a backup's folder (a manifest, an archive, a marker), ending in '/'. */
    public static String folderOf(String key) {
        return key.substring(0, key.lastIndexOf('/') + 1);
    }

    /** The prefix of every backup of one database. */
    public static String databasePrefix(String databaseId) {
        return ROOT + databaseId + "/";
    }

    /** The backup id in a key of this layout (an archive, a manifest, a report), if it is one. */
    public static Optional<String> backupIdOf(String key) {
        Matcher matcher = BACKUP_FOLDER.matcher(key);
        return matcher.find() ? Optional.of(matcher.group(2)) : Optional.empty();
    }

    /** The database id in a key of this layout, if it is one. */
    public static Optional<String> databaseIdOf(String key) {
        Matcher matcher = BACKUP_FOLDER.matcher(key);
        return matcher.find() ? Optional.of(matcher.group(1)) : Optional.empty();
    }

    public static boolean isManifest(String key) {
        return key.startsWith(ROOT) && key.endsWith("/" + MANIFEST) && backupIdOf(key).isPresent();
    }

    /** The archive's file-name suffix, which says how to read it. */
    public record ArchiveSuffix(String text) {
        public static ArchiveSuffix of(Compression compression, boolean encrypted) {
            String compressed = switch (compression) {
                case NONE -> "";
                case GZIP -> ".gz";
                case ZSTD -> ".zst";
            };
            return new ArchiveSuffix(compressed + (encrypted ? ".enc" : ""));
        }
    }
}
