package dev.lifeboat.backup.retention;

import dev.lifeboat.backup.capture.CaptureArchives;
import dev.lifeboat.backup.catalog.AlignedBackups;
import dev.lifeboat.backup.catalog.BackupCatalog;
import dev.lifeboat.backup.registry.RegisteredDatabase;
import dev.lifeboat.changes.replay.WindowRetention;
import dev.lifeboat.changes.segment.ChangeArchive;
import dev.lifeboat.changes.segment.Gap;
import dev.lifeboat.changes.segment.SegmentManifest;
import dev.lifeboat.service.reactive.ReactiveSessions;
import jakarta.enterprise.context.ApplicationScoped;
import org.jboss.logging.Logger;

import java.io.IOException;
import java.time.Clock;

/**
 * Point-in-time retention: a captured database's change segments and gaps that no second of its window needs any more
 * are deleted ({@link WindowRetention}); the backup the window starts from is kept by the backups' retention. Blocking
 * (S3): the sweep's worker thread.
 */
@ApplicationScoped
public class ChangeRetention {

    private static final Logger LOG = Logger.getLogger(ChangeRetention.class);

    private final ChangeArchive archive;
    private final BackupCatalog catalog;
    private final Clock clock;

    public ChangeRetention(CaptureArchives archives, BackupCatalog catalog, Clock clock) {
        this.archive = archives.reading();
        this.catalog = catalog;
        this.clock = clock;
    }

    /** @return how many segments were deleted */
    public int sweep(RegisteredDatabase database) throws IOException {
        if (database.pointInTimeWindowSeconds == null) {
            return 0;
        }
        WindowRetention plan = WindowRetention.plan(AlignedBackups.of(ReactiveSessions.await(() -> catalog.ofDatabase(database.id))),
                archive.segments(database.id), archive.gaps(database.id), clock.instant().minusSeconds(database.pointInTimeWindowSeconds));
        for (Gap gap : plan.gaps()) {
            archive.delete(gap);
        }
        archive.retire(database.id, plan.segments());
        if (!plan.segments().isEmpty() || !plan.gaps().isEmpty()) {
            LOG.infof("Point-in-time retention of %s deleted %d change segments and %d gaps before backup %s, where its window of %s starts",
                    database.id, plan.segments().size(), plan.gaps().size(), plan.base().orElseThrow().backupId(),
                    java.time.Duration.ofSeconds(database.pointInTimeWindowSeconds));
        }
        return plan.segments().size();
    }
}
