package dev.lifeboat.backup.storage;

import dev.lifeboat.backup.intake.BackupRequestRecord;
import dev.lifeboat.archive.ArchiveLayout;
import dev.lifeboat.archive.upload.BucketUploads;
import dev.lifeboat.archive.upload.OpenUpload;
import dev.lifeboat.service.stopping.EndsBeforeStop;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.scheduler.Scheduled;
import io.quarkus.vertx.VertxContextSupport;
import jakarta.enterprise.context.ApplicationScoped;
import org.jboss.logging.Logger;

import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * A backup aborts its own upload when it fails; when the store was down at that moment, or the replica
 * died, the upload stays open. This sweep aborts every open upload under {@code backups/} whose backup
 * is not running now, so failed backups leave nothing behind once the store is back.
 */
@ApplicationScoped
public class AbandonedUploads {

    private static final Logger LOG = Logger.getLogger(AbandonedUploads.class);

    private final BucketUploads uploads;

    public AbandonedUploads(BucketUploads uploads) {
        this.uploads = uploads;
    }

    @EndsBeforeStop
    @Scheduled(every = "${lifeboat.tasks.abandoned-upload-sweep}", delayed = "5s", concurrentExecution = Scheduled.ConcurrentExecution.SKIP,
            skipExecutionIf = Scheduled.ApplicationNotRunning.class)
    void sweep() {
        try {
            abortAbandoned();
        } catch (Throwable e) {
            LOG.debugf("Abandoned-upload sweep skipped: %s", e.getMessage());
        }
    }

    /** @return how many uploads were aborted */
    public int abortAbandoned() throws Throwable {
        List<OpenUpload> open = uploads.openUploads(ArchiveLayout.ROOT);
        if (open.isEmpty()) {
            return 0;
        }
        Set<String> running = VertxContextSupport.subscribeAndAwait(() -> Panache.withSession(() ->
                        BackupRequestRecord.<BackupRequestRecord>list("status = ?1 and backupId is not null", BackupRequestRecord.Status.RUNNING)))
                .stream().map(row -> row.backupId).collect(Collectors.toSet());
        int aborted = 0;
        for (OpenUpload upload : open) {
            Optional<String> backupId = ArchiveLayout.backupIdOf(upload.key());
            if (backupId.isPresent() && !running.contains(backupId.get()) && uploads.abort(upload)) {
                aborted++;
                LOG.infof("Aborted the abandoned upload of %s", upload.key());
            }
        }
        return aborted;
    }
}
