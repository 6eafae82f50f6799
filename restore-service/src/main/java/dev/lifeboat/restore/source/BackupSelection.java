package dev.lifeboat.restore.source;

import dev.lifeboat.archive.ArchiveLayout;
import dev.lifeboat.archive.BackupManifest;
import dev.lifeboat.archive.ManifestJson;
import dev.lifeboat.events.restore.RestoreSource;
import dev.lifeboat.restore.step.RestoreFailure;
import dev.lifeboat.restore.step.RestoreStep;
import dev.lifeboat.restore.storage.BackupObjects;
import jakarta.enterprise.context.ApplicationScoped;
import org.jboss.logging.Logger;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.TreeMap;

/**
 * Chooses the backup a restore reads, from the bucket (the source of truth): a backup id, the latest,
 * or the newest backup completed at or before a point in time. A backup is there when its manifest is
 * (the manifest is written last). This is a choice among backups, not WAL replay.
 */
@ApplicationScoped
public class BackupSelection {

    private static final Logger LOG = Logger.getLogger(BackupSelection.class);

    private final BackupObjects objects;

    public BackupSelection(BackupObjects objects) {
        this.objects = objects;
    }

    public BackupManifest choose(String databaseId, RestoreSource source) throws RestoreFailure {
        return choose(databaseId, source, objects.manifestKeys(databaseId), this::read);
    }

    /** Reads one manifest; an unreadable one is a BAD_MANIFEST failure. */
    @FunctionalInterface
    interface ManifestReader {
        BackupManifest read(String key) throws RestoreFailure;
    }

    /**
     * The choice itself, over a database's manifest keys, reading only the manifests it needs (no I/O of its own).
     *
     * @param manifestKeys the keys of every {@code manifest.json} of the database, in any order
     */
    static BackupManifest choose(String databaseId, RestoreSource source, List<String> manifestKeys, ManifestReader manifests)
            throws RestoreFailure {
        if (source.kind() == RestoreSource.Kind.BACKUP_ID) {
            for (String key : manifestKeys) {
                if (ArchiveLayout.backupIdOf(key).orElseThrow().equals(source.backupId())) {
                    return manifests.read(key);
                }
            }
            throw new RestoreFailure(RestoreStep.RESOLVE_SOURCE, "NO_BACKUP",
                    "database " + databaseId + " has no backup with id '" + source.backupId() + "'");
        }
        Optional<BackupManifest> newest = newest(databaseId, source, manifestKeys, manifests);
        return newest.orElseThrow(() -> new RestoreFailure(RestoreStep.RESOLVE_SOURCE, "NO_BACKUP",
                source.kind() == RestoreSource.Kind.POINT_IN_TIME
                        ? "database " + databaseId + " has no backup completed at or before " + source.pointInTime()
                        : "database " + databaseId + " has no backup"));
    }

    /**
     * Reads manifests a day folder at a time, newest first (for a point in time, from its day back), and
     * stops one day after the day that held a match: a backup filed under an earlier day (its start)
     * could only complete later if it ran for more than a day.
     */
    private static Optional<BackupManifest> newest(String databaseId, RestoreSource source, List<String> manifestKeys,
                                                   ManifestReader manifests) {
        String lastDay = source.kind() == RestoreSource.Kind.POINT_IN_TIME ? ArchiveLayout.day(source.pointInTime()) : "9999/99/99";
        TreeMap<String, List<String>> byDay = new TreeMap<>(Comparator.reverseOrder());
        for (String key : manifestKeys) {
            String day = ArchiveLayout.dayOf(key, databaseId);
            if (day.compareTo(lastDay) <= 0) {
                byDay.computeIfAbsent(day, ignored -> new ArrayList<>()).add(key);
            }
        }
        BackupManifest best = null;
        boolean oneMoreDay = false;
        for (List<String> keys : byDay.values()) {
            for (String key : keys) {
                Optional<BackupManifest> manifest = readQuietly(key, manifests);
                if (manifest.isPresent() && eligible(manifest.get(), source)
                        && (best == null || manifest.get().completedAt().isAfter(best.completedAt()))) {
                    best = manifest.get();
                }
            }
            if (oneMoreDay) {
                break;
            }
            oneMoreDay = best != null;
        }
        return Optional.ofNullable(best);
    }

    private static boolean eligible(BackupManifest manifest, RestoreSource source) {
        return source.kind() != RestoreSource.Kind.POINT_IN_TIME || !manifest.completedAt().isAfter(source.pointInTime());
    }

    private BackupManifest read(String key) throws RestoreFailure {
        try {
            return ManifestJson.read(objects.text(key));
        } catch (IllegalArgumentException e) {
            throw new RestoreFailure(RestoreStep.RESOLVE_SOURCE, "BAD_MANIFEST", key + " is not a valid manifest: " + e.getMessage());
        }
    }

    /** While choosing the newest, an unreadable manifest is skipped (and logged), not fatal. */
    private static Optional<BackupManifest> readQuietly(String key, ManifestReader manifests) {
        try {
            return Optional.of(manifests.read(key));
        } catch (RestoreFailure e) {
            LOG.warnf("Skipping %s: %s", key, e.getMessage());
            return Optional.empty();
        }
    }
}
