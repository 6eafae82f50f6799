package dev.lifeboat.backup.catalog;

import dev.lifeboat.archive.ArchiveLayout;
import dev.lifeboat.archive.DeletionMarker;
import dev.lifeboat.archive.ManifestJson;
import dev.lifeboat.archive.bucket.MissingObjectException;
import dev.lifeboat.archive.bucket.BucketObjects;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.runtime.StartupEvent;
import io.quarkus.vertx.VertxContextSupport;
import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.infrastructure.Infrastructure;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import org.jboss.logging.Logger;

import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.time.Instant;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * The bucket is the source of truth: the catalog is replaced by what the manifests in the bucket
 * describe, a deleted backup (a {@link DeletionMarker} beside its manifest) as deleted until it is purged. Runs on demand ({@code POST /api/catalog/rebuild}) and at start-up when the catalog is empty.
 */
@ApplicationScoped
public class CatalogRebuild {

    private static final Logger LOG = Logger.getLogger(CatalogRebuild.class);

    private final BucketObjects objects;
    private final BackupCatalog catalog;

    public CatalogRebuild(BucketObjects objects, BackupCatalog catalog) {
        this.objects = objects;
        this.catalog = catalog;
    }

    /** What a rebuild found. */
    public record Result(int backups, List<String> unreadableManifests) {
    }

    void onStart(@Observes StartupEvent start) {
        Infrastructure.getDefaultWorkerPool().execute(() -> {
            try {
                if (VertxContextSupport.subscribeAndAwait(catalog::count) == 0) {
                    Result result = rebuild();
                    LOG.infof("The catalog was empty; rebuilt %d backups from the bucket", result.backups());
                }
            } catch (Throwable e) {
                LOG.warnf("Could not rebuild the empty catalog at start-up: %s", e.getMessage());
            }
        });
    }

    /**
     * What only the catalog knows of a backup it holds is kept: what the verifier found, and its deletion's state (begun,
     * kept until, purging, a purge awaiting a second admin), read under the rebuild's lock, after the bucket's listing, so
     * that a delete, undelete or purge that ran meanwhile is not undone. A backup the catalog does not hold takes its
     * deletion's state from its marker.
     */
    private static void keepCatalogState(List<BackupEntry> held, List<BackupEntry> rebuilt) {
        Map<String, BackupEntry> byId = new HashMap<>();
        held.forEach(entry -> byId.put(entry.backupId, entry));
        for (BackupEntry entry : rebuilt) {
            BackupEntry before = byId.get(entry.backupId);
            if (before != null) {
                entry.verifiedAt = before.verifiedAt;
                entry.verificationFailedAt = before.verificationFailedAt;
                entry.copiedAt = before.copiedAt;
                entry.removalStartedAt = before.removalStartedAt;
                entry.purgeAfter = before.purgeAfter;
                entry.deletedBy = before.deletedBy;
                entry.deletionReason = before.deletionReason;
                entry.purgedBy = before.purgedBy;
                entry.purgeRequestedBy = before.purgeRequestedBy;
                entry.purgeRequestedAt = before.purgeRequestedAt;
            }
        }
    }

    /**
     * Blocking: reads every manifest. Call on a worker thread. The catalog is replaced in one transaction that holds its
     * table against removals (they wait for it). A catalog rebuilt from nothing knows of no verification (until the
     * verifier says it again).
     */
    public Result rebuild() throws Throwable {
        List<BackupEntry> entries = new ArrayList<>();
        List<String> unreadable = new ArrayList<>();
        BucketObjects.Manifests listed = objects.allManifests();
        Set<String> deleted = new HashSet<>(listed.deleted());
        List<String> keys = new ArrayList<>(listed.live());
        keys.addAll(listed.deleted());
        for (String key : keys) {
            try {
                String text = objects.text(key);
                BackupEntry entry = BackupEntry.of(ManifestJson.read(text), key, text);
                if (deleted.contains(key)) {
                    markDeleted(entry, key);
                }
                entries.add(entry);
            } catch (MissingObjectException e) {
                LOG.debugf("%s went while the rebuild read it (purged)", key);
            } catch (IllegalArgumentException e) {
                unreadable.add(key + ": " + e.getMessage());
                LOG.warnf("Skipping %s in the rebuild: %s", key, e.getMessage());
            }
        }
        VertxContextSupport.subscribeAndAwait(() -> Panache.withTransaction(() -> Panache.getSession()
                .chain(session -> session.createNativeQuery("LOCK TABLE backup.backup IN EXCLUSIVE MODE").executeUpdate())
                .chain(() -> BackupEntry.<BackupEntry>listAll())
                .invoke(held -> keepCatalogState(held, entries))
                .chain(() -> Panache.getSession().invoke(session -> session.clear())) // the rebuilt entries are the only ones of their ids
                .chain(() -> BackupEntry.deleteAll())
                .chain(() -> entries.isEmpty() ? Uni.createFrom().voidItem() : BackupEntry.persist(entries))));
        return new Result(entries.size(), unreadable);
    }

    /**
     * A deleted backup's state from the marker beside its manifest. A marker gone since the listing (undeleted) leaves it
     * kept; an unreadable one makes it a deletion cut short, which the retention sweep finishes (a new marker).
     */
    private void markDeleted(BackupEntry entry, String manifestKey) throws IOException {
        try {
            DeletionMarker marker = DeletionMarker.read(objects.text(ArchiveLayout.deletionMarkerKey(ArchiveLayout.folderOf(manifestKey))));
            entry.removalStartedAt = marker.deletedAt();
            entry.purgeAfter = marker.purgeAfter();
            entry.deletedBy = marker.deletedBy();
            entry.deletionReason = marker.reason();
        } catch (MissingObjectException e) {
            LOG.debugf("The deletion marker of %s went while the rebuild read it (undeleted)", manifestKey);
        } catch (IllegalArgumentException e) {
            LOG.warnf("The deletion marker of %s is unreadable (%s): the retention sweep deletes it again", manifestKey, e.getMessage());
            entry.removalStartedAt = Instant.EPOCH;
        }
    }
}
