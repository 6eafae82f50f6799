package dev.lifeboat.backup.retention;

import dev.lifeboat.backup.catalog.AlignedBackups;
import dev.lifeboat.backup.catalog.BackupCatalog;
import dev.lifeboat.changes.replay.RestorableWindow;
import dev.lifeboat.changes.replay.WindowRetention;
import dev.lifeboat.backup.catalog.BackupEntry;
import dev.lifeboat.backup.registry.DatabaseSettings;
import dev.lifeboat.backup.registry.RegisteredDatabase;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;

import java.time.Clock;
import java.util.List;
import java.util.Optional;
import java.time.Instant;

/** The retention plan of one database now, as {@code GET /api/databases/{id}/retention/preview} shows it. */
@ApplicationScoped
public class RetentionPreview {

    private final BackupCatalog catalog;
    private final Clock clock;

    public RetentionPreview(BackupCatalog catalog, Clock clock) {
        this.catalog = catalog;
        this.clock = clock;
    }

    public Uni<RetentionPlanner.Plan> of(RegisteredDatabase database) {
        return catalog.ofDatabase(database.id).map(entries -> planFor(database, entries));
    }

    /** The plan for backups already read from the catalog. */
    public RetentionPlanner.Plan planFor(RegisteredDatabase database, List<BackupEntry> entries) {
        Instant now = clock.instant();
        Optional<String> windowBase = database.pointInTimeWindowSeconds == null ? Optional.empty()
                : WindowRetention.base(AlignedBackups.of(entries), now.minusSeconds(database.pointInTimeWindowSeconds))
                .map(RestorableWindow.AlignedBackup::backupId);
        return RetentionPlanner.plan(
                entries.stream().map(entry -> new RetentionPlanner.Candidate(entry.backupId, entry.startedAt, entry.good())).toList(),
                DatabaseSettings.retentionOf(database), now, windowBase);
    }
}
