package dev.lifeboat.restore.source;

import dev.lifeboat.events.archive.ArchiveLayout;
import dev.lifeboat.events.archive.BackupManifest;
import dev.lifeboat.events.archive.ManifestJson;
import dev.lifeboat.events.restore.RestoreSource;
import dev.lifeboat.restore.job.RestoreFailure;
import dev.lifeboat.restore.job.RestoreStep;
import dev.lifeboat.restore.storage.BackupObjects;
import jakarta.enterprise.context.ApplicationScoped;
import org.jboss.logging.Logger;

import java.util.Comparator;
import java.util.Optional;

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
        if (source.kind() == RestoreSource.Kind.BACKUP_ID) {
            for (String key : objects.manifestKeys(databaseId)) {
                if (ArchiveLayout.backupIdOf(key).orElseThrow().equals(source.backupId())) {
                    return read(key);
                }
            }
            throw new RestoreFailure(RestoreStep.RESOLVE_SOURCE, "NO_BACKUP",
                    "database " + databaseId + " has no backup with id '" + source.backupId() + "'");
        }
        Optional<BackupManifest> newest = objects.manifestKeys(databaseId).stream()
                .map(this::readQuietly)
                .flatMap(Optional::stream)
                .filter(manifest -> source.kind() != RestoreSource.Kind.POINT_IN_TIME || !manifest.completedAt().isAfter(source.pointInTime()))
                .max(Comparator.comparing(BackupManifest::completedAt));
        return newest.orElseThrow(() -> new RestoreFailure(RestoreStep.RESOLVE_SOURCE, "NO_BACKUP",
                source.kind() == RestoreSource.Kind.POINT_IN_TIME
                        ? "database " + databaseId + " has no backup completed at or before " + source.pointInTime()
                        : "database " + databaseId + " has no backup"));
    }

    private BackupManifest read(String key) throws RestoreFailure {
        try {
            return ManifestJson.read(objects.text(key));
        } catch (IllegalArgumentException e) {
            throw new RestoreFailure(RestoreStep.RESOLVE_SOURCE, "BAD_MANIFEST", key + " is not a valid manifest: " + e.getMessage());
        }
    }

    /** While choosing the newest, an unreadable manifest is skipped (and logged), not fatal. */
    private Optional<BackupManifest> readQuietly(String key) {
        try {
            return Optional.of(read(key));
        } catch (RestoreFailure e) {
            LOG.warnf("Skipping %s: %s", key, e.getMessage());
            return Optional.empty();
        }
    }
}
