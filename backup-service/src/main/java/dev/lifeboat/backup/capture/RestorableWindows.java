package dev.lifeboat.backup.capture;

import dev.lifeboat.backup.catalog.AlignedBackups;
import dev.lifeboat.backup.catalog.BackupCatalog;
import dev.lifeboat.changes.replay.RestorableWindow;
import dev.lifeboat.changes.segment.ChangeArchive;
import dev.lifeboat.service.reactive.ReactiveSessions;
import jakarta.enterprise.context.ApplicationScoped;

import java.io.IOException;
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
        List<RestorableWindow.AlignedBackup> aligned = AlignedBackups.of(ReactiveSessions.await(() -> catalog.ofDatabase(databaseId)));
        return RestorableWindow.of(aligned, archive.spans(databaseId), archive.coverage(databaseId), archive.gaps(databaseId));
    }
}
