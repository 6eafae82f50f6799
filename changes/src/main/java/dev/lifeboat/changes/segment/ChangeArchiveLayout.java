package dev.lifeboat.changes.segment;

import dev.lifeboat.archive.ArchiveLayout;
import dev.lifeboat.changes.model.Lsn;

/**
 * Where change segments live in the bucket, beside the backups: {@code changes/<database>/<from>-<to>/} holds the
 * segment's object and its {@code manifest.json}. Positions are fixed-width hex, so keys sort as the stream runs.
 */
public final class ChangeArchiveLayout {

    public static final String ROOT = "changes/";

    private ChangeArchiveLayout() {
    }

    public static String segmentId(Lsn from, Lsn to) {
        return from.sortable() + "-" + to.sortable();
    }

    public static String databasePrefix(String databaseId) {
        return ROOT + databaseId + "/";
    }

    public static String folder(String databaseId, String segmentId) {
        return databasePrefix(databaseId) + segmentId + "/";
    }

    public static String objectKey(String folder, ArchiveLayout.ArchiveSuffix suffix) {
        return folder + "changes.jsonl" + suffix.text();
    }

    public static String manifestKey(String folder) {
        return folder + ArchiveLayout.MANIFEST;
    }

    public static String gapsPrefix(String databaseId) {
        return databasePrefix(databaseId) + "gaps/";
    }

    public static String gapKey(String databaseId, Lsn foundAt, String table) {
        return gapsPrefix(databaseId) + foundAt.sortable() + "-" + (table == null ? "database" : table.replaceAll("[^A-Za-z0-9_.-]", "_")) + ".json";
    }

    public static String coverageKey(String databaseId) {
        return databasePrefix(databaseId) + "coverage.json";
    }

    public static boolean isManifest(String key) {
        return key.startsWith(ROOT) && key.endsWith("/" + ArchiveLayout.MANIFEST);
    }
}
