package dev.lifeboat.backup.catalog;

import dev.lifeboat.archive.ArchiveLayout;
import dev.lifeboat.archive.ManifestJson;
import dev.lifeboat.archive.bucket.BucketException;
import dev.lifeboat.archive.bucket.BucketObjects;
import dev.lifeboat.events.backup.BackupDeleted;
import dev.lifeboat.events.backup.BackupExpired;
import dev.lifeboat.events.data.EventData;
import dev.lifeboat.events.envelope.CloudEvent;
import dev.lifeboat.outbox.EventSource;
import dev.lifeboat.outbox.Outbox;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.panache.common.Sort;
import io.quarkus.vertx.VertxContextSupport;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.LockModeType;

import java.io.IOException;
import java.time.Clock;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;

/**
 * Removes a backup: first its removal is claimed, in one transaction that locks every backup of its database, so that
 * removals at once (two delete calls, a delete and the retention sweep, two replicas) see each other and the last backup
 * not being removed, and its newest good one ({@link BackupEntry#good()}), are removed only when asked for by force; then
 * its objects (manifest first); then its catalog entry
 * together with the event that says so ({@code BackupExpired} or {@code BackupDeleted}). A removal cut short stays
 * claimed, and the next removal of that backup finishes it. Blocking: worker threads only.
 */
@ApplicationScoped
public class BackupRemoval {

    /** What became of a removal. */
    public enum Outcome {
        /** Its objects and entry are gone, and the event says so. */
        REMOVED,
        /** Refused: it is its database's last backup that no other removal has claimed, and no force was given. */
        LAST_BACKUP,
        /** Refused: it is its database's newest good backup (verified, never failed, its own), and no force was given. */
        LAST_GOOD,
        /** No such backup (any more). */
        GONE
    }

    private enum Claim { CLAIMED, CLAIMED_LAST, LAST_BACKUP, LAST_GOOD, GONE }

    /** Which of two backups is newer, as retention orders them: by start, then by id. */
    private static final Comparator<BackupEntry> NEWEST = Comparator.comparing((BackupEntry row) -> row.startedAt).thenComparing(row -> row.backupId);

    private final BucketObjects objects;
    private final Outbox outbox;
    private final EventSource events;
    private final Clock clock;

    public BackupRemoval(BucketObjects objects, Outbox outbox, EventSource events, Clock clock) {
        this.objects = objects;
        this.outbox = outbox;
        this.events = events;
        this.clock = clock;
    }

    /** Retention's removal: never of the database's last backup not being removed, nor of its newest good one. */
    public Outcome expire(BackupEntry entry, String policy) throws Throwable {
        Claim claim = claim(entry.databaseId, entry.backupId, false);
        return claim == Claim.CLAIMED ? remove(entry, new BackupExpired(entry.backupId, entry.databaseId, entry.objectKey, policy,
                entry.startedAt)) : outcomeOf(claim);
    }

    /**
     * A delete call's removal: of the database's last backup or newest good one only when {@code force}, and then the event
     * says it was forced.
     */
    public Outcome delete(BackupEntry entry, String deletedBy, boolean force) throws Throwable {
        Claim claim = claim(entry.databaseId, entry.backupId, force);
        return claim == Claim.CLAIMED || claim == Claim.CLAIMED_LAST ? remove(entry, new BackupDeleted(entry.backupId, entry.databaseId,
                entry.objectKey, deletedBy, claim == Claim.CLAIMED_LAST)) : outcomeOf(claim);
    }

    private static Outcome outcomeOf(Claim refused) {
        return switch (refused) {
            case LAST_BACKUP -> Outcome.LAST_BACKUP;
            case LAST_GOOD -> Outcome.LAST_GOOD;
            default -> Outcome.GONE;
        };
    }

    /** Decided while every backup of the database is locked: which of them no removal has claimed yet. */
    private Claim claim(String databaseId, String backupId, boolean evenTheLast) throws Throwable {
        Instant now = Instant.now(clock);
        return VertxContextSupport.subscribeAndAwait(() -> Panache.withTransaction(() -> BackupEntry.<BackupEntry>find("databaseId",
                Sort.by("backupId"), databaseId).withLock(LockModeType.PESSIMISTIC_WRITE).list().map(locked -> {
                    BackupEntry entry = locked.stream().filter(row -> row.backupId.equals(backupId)).findFirst().orElse(null);
                    if (entry == null) {
                        return Claim.GONE;
                    }
                    if (entry.removalStartedAt != null) {
                        return Claim.CLAIMED; // a removal cut short: this one finishes it
                    }
                    List<BackupEntry> remaining = locked.stream().filter(row -> row.removalStartedAt == null).toList();
                    boolean last = remaining.size() == 1;
                    if (last && !evenTheLast) {
                        return Claim.LAST_BACKUP;
                    }
                    boolean lastGood = remaining.stream().filter(BackupEntry::good).max(NEWEST).filter(entry::equals).isPresent();
                    if (lastGood && !evenTheLast) {
                        return Claim.LAST_GOOD;
                    }
                    entry.removalStartedAt = now;
                    return last || lastGood ? Claim.CLAIMED_LAST : Claim.CLAIMED;
                })));
    }

    private Outcome remove(BackupEntry entry, EventData event) throws Throwable {
        String folder = entry.manifestKey.substring(0, entry.manifestKey.length() - ArchiveLayout.MANIFEST.length());
        try {
            objects.deleteFolder(folder);
        } catch (IOException e) {
            throw new BucketException("backup " + entry.backupId + " was not removed: " + e.getMessage(), e);
        }
        String backupId = entry.backupId;
        String correlationId = ManifestJson.read(entry.manifest).correlationId();
        // a bulk delete: a removal finishing one cut short at the same moment finds 0 rows, and emits nothing
        boolean removed = VertxContextSupport.subscribeAndAwait(() -> Panache.withTransaction(() -> BackupEntry.delete("backupId", backupId)
                .map(count -> count > 0)
                .call(deleted -> deleted ? outbox.add(CloudEvent.of(events.source(), correlationId, event)) : Uni.createFrom().voidItem())));
        return removed ? Outcome.REMOVED : Outcome.GONE;
    }
}
