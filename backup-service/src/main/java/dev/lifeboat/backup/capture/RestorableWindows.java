package dev.lifeboat.backup.capture;

import dev.lifeboat.archive.BackupManifest;
import dev.lifeboat.archive.ManifestJson;
import dev.lifeboat.backup.catalog.BackupCatalog;
import dev.lifeboat.backup.catalog.BackupEntry;
import dev.lifeboat.changes.model.Lsn;
import dev.lifeboat.changes.replay.RestorableWindow;
import dev.lifeboat.changes.segment.ChangeArchive;
import dev.lifeboat.service.reactive.ReactiveSessions;
import jakarta.enterprise.context.ApplicationScoped;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * A captured database's restorable window, as a point-in-time restore will find it: its aligned backups (from the
 * catalog) with the change archive's segments, coverage and gaps. Blocking (S3): worker threads only.
 */
@ApplicationScoped
public class RestorableWindows {

    private final BackupCatalog catalog;
    private final ChangeArchive archive;

    public RestorableWindows(BackupCatalog catalog, CaptureArchives archives) {
        this.catalog = catalog;
        this.archive = archives.reading();
    }

    public RestorableWindow of(String databaseId) throws IOException {
        List<RestorableWindow.AlignedBackup> aligned = new ArrayList<>();
        for (BackupEntry entry : ReactiveSessions.await(() -> catalog.ofDatabase(databaseId))) {
            BackupManifest manifest = ManifestJson.read(entry.manifest);
            if (manifest.streamLsn() != null) {
                aligned.add(new RestorableWindow.AlignedBackup(manifest.backupId(), Lsn.parse(manifest.streamLsn()),
                        manifest.completedAt()));
            }
        }
        return RestorableWindow.of(aligned, archive.segments(databaseId), archive.coverage(databaseId), archive.gaps(databaseId));
    }
}
