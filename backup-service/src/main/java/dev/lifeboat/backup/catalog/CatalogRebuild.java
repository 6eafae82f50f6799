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

    private static void keepCatalogState(List<BackupEntry> held, List<BackupEntry> rebuilt) {
        java.util.Map<String, BackupEntry> byId = new java.util.HashMap<>();
        held.forEach(entry -> byId.put(entry.backupId, entry));
        for (BackupEntry entry : rebuilt) {
            BackupEntry before = byId.get(entry.backupId);
            if (before != null) {
                entry.verifiedAt = before.verifiedAt;
                entry.verificationFailedAt = before.verificationFailedAt;
                if (entry.removalStartedAt == null) {
                    entry.removalStartedAt = before.removalStartedAt; // a deletion begun, its marker not yet written
                }
            }
        }
    }

    /**
     * Blocking: reads every manifest. Call on a worker thread. What the verifier found of a backup the catalog holds is
     * kept; a catalog rebuilt from nothing knows it of none (until the verifier says it again).
     */
    public Result rebuild() throws Throwable {
        List<BackupEntry> entries = new ArrayList<>();
        List<String> unreadable = new ArrayList<>();
        List<String> deleted = objects.deletedManifestKeys();
        List<String> keys = new ArrayList<>(objects.allManifestKeys());
        keys.addAll(deleted);
        for (String key : keys) {
            try {
                String text = objects.text(key);
                BackupEntry entry = BackupEntry.of(ManifestJson.read(text), key, text);
                if (deleted.contains(key)) {
                    DeletionMarker marker = DeletionMarker.read(objects.text(ArchiveLayout.deletionMarkerKey(ArchiveLayout.folderOf(key))));
                    entry.removalStartedAt = marker.deletedAt();
                    entry.purgeAfter = marker.purgeAfter();
                    entry.deletedBy = marker.deletedBy();
                    entry.deletionReason = marker.reason();
                }
                entries.add(entry);
            } catch (MissingObjectException e) {
                LOG.debugf("%s went while the rebuild read it (purged)", key);
            } catch (IllegalArgumentException e) {
                unreadable.add(key + ": " + e.getMessage());
                LOG.warnf("Skipping %s in the rebuild: %s", key, e.getMessage());
            }
        }
        // what only the catalog knows (what the verifier found, a removal begun) is kept for the backups it already holds;
        // read in a session of its own, so that the rebuilt entries are the only ones of their ids in the next
        keepCatalogState(VertxContextSupport.subscribeAndAwait(() -> Panache.withSession(() -> BackupEntry.<BackupEntry>listAll())), entries);
        VertxContextSupport.subscribeAndAwait(() -> Panache.withTransaction(() -> BackupEntry.deleteAll()
                .chain(() -> entries.isEmpty() ? Uni.createFrom().voidItem() : BackupEntry.persist(entries))));
        return new Result(entries.size(), unreadable);
    }
}
