package dev.lifeboat.backup.catalog;

import dev.lifeboat.archive.ManifestJson;
import dev.lifeboat.outbox.EventSource;
import dev.lifeboat.outbox.Outbox;
import dev.lifeboat.archive.bucket.BucketException;
import dev.lifeboat.archive.bucket.BucketObjects;
import dev.lifeboat.events.data.EventData;
import dev.lifeboat.archive.ArchiveLayout;
import dev.lifeboat.events.backup.BackupDeleted;
import dev.lifeboat.events.backup.BackupExpired;
import dev.lifeboat.events.envelope.CloudEvent;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.vertx.VertxContextSupport;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * Removes a backup: its objects first (manifest first), then its catalog entry together with the event
 * that says so ({@code BackupExpired} or {@code BackupDeleted}). Blocking: worker threads only.
 */
@ApplicationScoped
public class BackupRemoval {

    private final BucketObjects objects;
    private final Outbox outbox;
    private final EventSource events;

    public BackupRemoval(BucketObjects objects, Outbox outbox, EventSource events) {
        this.objects = objects;
        this.outbox = outbox;
        this.events = events;
    }

    public void expire(BackupEntry entry, String policy) throws Throwable {
        remove(entry, new BackupExpired(entry.backupId, entry.databaseId, entry.objectKey, policy, entry.startedAt));
    }

    public void delete(BackupEntry entry, String deletedBy, boolean forced) throws Throwable {
        remove(entry, new BackupDeleted(entry.backupId, entry.databaseId, entry.objectKey, deletedBy, forced));
    }

    private void remove(BackupEntry entry, EventData event) throws Throwable {
        String folder = entry.manifestKey.substring(0, entry.manifestKey.length() - ArchiveLayout.MANIFEST.length());
        try {
            objects.deleteFolder(folder);
        } catch (java.io.IOException e) {
            throw new BucketException("backup " + entry.backupId + " was not removed: " + e.getMessage(), e);
        }
        String backupId = entry.backupId;
        String correlationId = ManifestJson.read(entry.manifest).correlationId();
        VertxContextSupport.subscribeAndAwait(() -> Panache.withTransaction(() -> BackupEntry.deleteById(backupId)
                .chain(() -> outbox.add(CloudEvent.of(events.source(), correlationId, event)))));
    }
}
