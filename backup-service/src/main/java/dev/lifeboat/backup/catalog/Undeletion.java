package dev.lifeboat.backup.catalog;

import dev.lifeboat.archive.ArchiveLayout;
import dev.lifeboat.archive.DeletionMarker;
import dev.lifeboat.archive.ManifestJson;
import dev.lifeboat.archive.bucket.BucketException;
import dev.lifeboat.archive.bucket.BucketObjects;
import dev.lifeboat.events.backup.BackupUndeleted;
import dev.lifeboat.events.envelope.CloudEvent;
import dev.lifeboat.outbox.EventSource;
import dev.lifeboat.outbox.Outbox;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.vertx.VertxContextSupport;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;

import java.io.IOException;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;

/**
 * Makes a deleted backup ({@link BackupRemoval}) a kept one again while its time to be kept lasts: listed and restorable
 * again, and {@code BackupUndeleted}, which the verifier answers by verifying it again. Blocking: worker threads only.
 */
@ApplicationScoped
public class Undeletion {

    /** What became of an undelete. */
    public enum Undeleted {
        /** It is a kept backup again, and {@code BackupUndeleted} says so. */
        UNDELETED,
        /** It is not deleted (or no such backup is known). */
        NOT_DELETED,
        /** Its time to be kept has passed: it is being purged. */
        PURGING
    }

    private final BucketObjects objects;
    private final Outbox outbox;
    private final EventSource events;
    private final Clock clock;

    public Undeletion(BucketObjects objects, Outbox outbox, EventSource events, Clock clock) {
        this.objects = objects;
        this.outbox = outbox;
        this.events = events;
        this.clock = clock;
    }

    /**
     * First its entry stops being due for purging, its removal begun now (a crash after it leaves a deletion cut short,
     * which the sweep finishes once it is older than {@code lifeboat.backup.stale-after}: deleted again, undeletable again);
     * then its marker is removed; then the entry is kept again with {@code BackupUndeleted}. When a deletion took it back
     * meanwhile, its marker is written again, so that the bucket says what the catalog does.
     */
    public Undeleted undelete(String backupId, String undeletedBy) throws Throwable {
        Instant now = clock.instant().truncatedTo(ChronoUnit.MICROS);
        BackupEntry entry = VertxContextSupport.subscribeAndAwait(() -> Panache.withSession(() -> BackupEntry.<BackupEntry>findById(backupId)));
        if (entry == null || !entry.deleted()) {
            return Undeleted.NOT_DELETED;
        }
        int claimed = VertxContextSupport.subscribeAndAwait(() -> Panache.withTransaction(() -> BackupEntry.update(
                "purgeAfter = null, removalStartedAt = ?1 where backupId = ?2 and purgeAfter > ?3", now, backupId, now)));
        if (claimed == 0) {
            return Undeleted.PURGING;
        }
        String marker = ArchiveLayout.deletionMarkerKey(BackupRemoval.folderOf(entry));
        try {
            objects.delete(marker);
        } catch (IOException e) {
            throw new BucketException("backup " + backupId + " was not undeleted: " + e.getMessage(), e);
        }
        String correlationId = ManifestJson.read(entry.manifest).correlationId();
        BackupUndeleted event = new BackupUndeleted(backupId, entry.databaseId, entry.objectKey, undeletedBy);
        boolean undeleted = VertxContextSupport.subscribeAndAwait(() -> Panache.withTransaction(() -> BackupEntry.update(
                        "removalStartedAt = null, deletedBy = null, deletionReason = null, purgeRequestedBy = null, purgeRequestedAt = null"
                                + " where backupId = ?1 and purgeAfter is null and removalStartedAt = ?2", backupId, now)
                .map(count -> count > 0)
                .call(done -> done ? outbox.add(CloudEvent.of(events.source(), correlationId, event)) : Uni.createFrom().voidItem())));
        if (!undeleted) {
            markAgainIfDeleted(backupId, marker);
        }
        return undeleted ? Undeleted.UNDELETED : Undeleted.NOT_DELETED;
    }

    private void markAgainIfDeleted(String backupId, String marker) throws Throwable {
        BackupEntry now = VertxContextSupport.subscribeAndAwait(() -> Panache.withSession(() -> BackupEntry.<BackupEntry>findById(backupId)));
        if (now != null && now.deleted() && !now.purging()) {
            objects.put(marker, "application/json", new DeletionMarker(now.removalStartedAt, now.purgeAfter, now.deletedBy,
                    now.deletionReason).json());
        }
    }
}
