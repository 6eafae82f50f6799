package dev.lifeboat.backup.catalog;

import dev.lifeboat.archive.ArchiveLayout;
import dev.lifeboat.archive.DeletionMarker;
import dev.lifeboat.archive.ManifestJson;
import dev.lifeboat.archive.bucket.BucketException;
import dev.lifeboat.archive.bucket.BucketObjects;
import dev.lifeboat.events.backup.BackupDeleted;
import dev.lifeboat.events.backup.BackupExpired;
import dev.lifeboat.events.backup.BackupPurged;
import dev.lifeboat.backup.config.BackupConfig;
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
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Comparator;
import java.util.List;

/**
 * Deletes a backup, recoverably: first its removal is claimed, in one transaction that locks every backup of its database, so
 * that removals at once (two delete calls, a delete and the retention sweep, two replicas) see each other and the last
 * backup not being removed, and its newest good one ({@link BackupEntry#good()}), are removed only when asked for by force;
 * then a {@link DeletionMarker} is written beside its manifest (readers of the bucket pass it over from then on); then its
 * entry says until when it is kept ({@code lifeboat.backup.deleted-kept-for}), together with the event that says it is gone
 * ({@code BackupExpired} or {@code BackupDeleted}). Until then it is listed as deleted and can be undeleted
 * ({@link Undeletion}); after, the retention sweep purges its objects and entry. A deletion cut short stays claimed,
 * and the next removal of that backup, or the sweep, finishes it. Blocking: worker threads only.
 */
@ApplicationScoped
public class BackupRemoval {

    /** What became of a removal. */
    public enum Outcome {
        /** It is deleted: kept until it is purged, and the event says it is gone. */
        REMOVED,
        /** Refused: it is its database's last backup that no other removal has claimed, and no force was given. */
        LAST_BACKUP,
        /** Refused: it is its database's newest good backup (verified, never failed, its own), and no force was given. */
        LAST_GOOD,
        /** No such backup (any more), or it is deleted already. */
        GONE
    }

    private enum Claim { CLAIMED, CLAIMED_LAST, LAST_BACKUP, LAST_GOOD, GONE }

    /** Who deletes what retention expires. */
    public static final String RETENTION = "retention";

    /** A purge's claim on a deleted backup's entry ({@link BackupEntry#purging()}). */
    private static final Instant PURGING = BackupEntry.PURGING;

    /** Which of two backups is newer, as retention orders them: by start, then by id. */
    private static final Comparator<BackupEntry> NEWEST = Comparator.comparing((BackupEntry row) -> row.startedAt).thenComparing(row -> row.backupId);

    private final BucketObjects objects;
    private final Outbox outbox;
    private final EventSource events;
    private final Clock clock;
    private final Duration keptFor;

    public BackupRemoval(BucketObjects objects, Outbox outbox, EventSource events, Clock clock, BackupConfig config) {
        this.objects = objects;
        this.outbox = outbox;
        this.events = events;
        this.clock = clock;
        this.keptFor = config.deletedKeptFor();
    }

    /** Retention's removal: never of the database's last backup not being removed, nor of its newest good one. */
    public Outcome expire(BackupEntry entry, String policy) throws Throwable {
        return expire(entry, policy, false);
    }

    /**
     * Finishes a deletion cut short (claimed, no marker yet): only while it still is one, so that a backup undeleted since the
     * sweep listed it is left alone.
     */
    public Outcome finishCutShort(BackupEntry entry) throws Throwable {
        return expire(entry, "a removal cut short, finished by retention", true);
    }

    private Outcome expire(BackupEntry entry, String policy, boolean onlyCutShort) throws Throwable {
        Claim claim = claim(entry.databaseId, entry.backupId, false, onlyCutShort);
        return claim == Claim.CLAIMED ? softDelete(entry, RETENTION, "expired by retention (" + policy + ")",
                new BackupExpired(entry.backupId, entry.databaseId, entry.objectKey, policy, entry.startedAt)) : outcomeOf(claim);
    }

    /**
     * A delete call's removal: of the database's last backup or newest good one only when {@code force}, and then the event
     * says it was forced.
     */
    public Outcome delete(BackupEntry entry, String deletedBy, boolean force) throws Throwable {
        Claim claim = claim(entry.databaseId, entry.backupId, force, false);
        boolean forced = claim == Claim.CLAIMED_LAST;
        return claim == Claim.CLAIMED || forced ? softDelete(entry, deletedBy, forced ? "a delete call, forced: its last backup or newest good one"
                : "a delete call", new BackupDeleted(entry.backupId, entry.databaseId, entry.objectKey, deletedBy, forced)) : outcomeOf(claim);
    }

    private static Outcome outcomeOf(Claim refused) {
        return switch (refused) {
            case LAST_BACKUP -> Outcome.LAST_BACKUP;
            case LAST_GOOD -> Outcome.LAST_GOOD;
            default -> Outcome.GONE;
        };
    }

    /** Decided while every backup of the database is locked: which of them no removal has claimed yet. */
    private Claim claim(String databaseId, String backupId, boolean evenTheLast, boolean onlyCutShort) throws Throwable {
        Instant now = Instant.now(clock);
        return VertxContextSupport.subscribeAndAwait(() -> Panache.withTransaction(() -> BackupEntry.<BackupEntry>find("databaseId",
                Sort.by("backupId"), databaseId).withLock(LockModeType.PESSIMISTIC_WRITE).list().map(locked -> {
                    BackupEntry entry = locked.stream().filter(row -> row.backupId.equals(backupId)).findFirst().orElse(null);
                    if (entry == null || entry.deleted()) {
                        return Claim.GONE;
                    }
                    if (entry.removalStartedAt != null) {
                        return Claim.CLAIMED; // a removal cut short: this one finishes it
                    }
                    if (onlyCutShort) {
                        return Claim.GONE;
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

    Outcome softDelete(BackupEntry entry, String deletedBy, String reason, EventData event) throws Throwable {
        Instant now = clock.instant().truncatedTo(ChronoUnit.MICROS); // as the catalog stores it: a rebuild reads the marker back alike
        Instant purgeAfter = now.plus(keptFor);
        try {
            objects.put(ArchiveLayout.deletionMarkerKey(folderOf(entry)), "application/json",
                    new DeletionMarker(now, purgeAfter, deletedBy, reason).json());
        } catch (IOException e) {
            throw new BucketException("backup " + entry.backupId + " was not deleted: " + e.getMessage(), e);
        }
        String backupId = entry.backupId;
        String correlationId = ManifestJson.read(entry.manifest).correlationId();
        // a deletion finishing one cut short at the same moment updates no row, and emits nothing
        boolean deleted = VertxContextSupport.subscribeAndAwait(() -> Panache.withTransaction(() -> BackupEntry.update(
                        "purgeAfter = ?1, deletedBy = ?2, deletionReason = ?3, removalStartedAt = ?4 where backupId = ?5 and purgeAfter is null",
                        purgeAfter, deletedBy, reason, now, backupId)
                .map(count -> count > 0)
                .call(done -> done ? outbox.add(CloudEvent.of(events.source(), correlationId, event)) : Uni.createFrom().voidItem())));
        return deleted ? Outcome.REMOVED : Outcome.GONE;
    }

    /**
     * Purges a deleted backup whose time to be kept has passed: claimed first (an undelete can no longer take it), then its
     * objects (manifest first), then its entry, together with {@code BackupPurged}. A purge cut short is claimed again by
     * the next sweep, which finishes it.
     *
     * @return whether it was purged here
     */
    public boolean purge(BackupEntry entry) throws Throwable {
        Instant now = clock.instant();
        return purgeClaimed(entry, VertxContextSupport.subscribeAndAwait(() -> Panache.withTransaction(() -> BackupEntry.update(
                        "purgeAfter = ?1, purgedBy = ?2, purgeRequestedBy = null where backupId = ?3 and purgeAfter <= ?4 and purgeAfter > ?1",
                        PURGING, RETENTION, entry.backupId, now)
                .flatMap(claimed -> claimed > 0 ? Uni.createFrom().item(claimed) // due now: retention's own purge
                        : BackupEntry.count("backupId = ?1 and purgeAfter = ?2", entry.backupId, PURGING).map(Long::intValue)))));
    }

    /**
     * Purges a deleted backup now, whatever its time to be kept: an admin's purge, approved where it must be ({@link PurgeRequests}).
     *
     * @param requestedBy the first admin, whose request {@code admin} approved; null when one admin's call was enough
     */
    boolean purgeNow(BackupEntry entry, String admin, String requestedBy) throws Throwable {
        return purgeClaimed(entry, VertxContextSupport.subscribeAndAwait(() -> Panache.withTransaction(() -> BackupEntry.update(
                "purgeAfter = ?1, purgedBy = ?2, purgeRequestedBy = ?3 where backupId = ?4 and purgeAfter is not null",
                PURGING, admin, requestedBy, entry.backupId))));
    }

    /**
     * Deletes a claimed purge's objects, then its entry together with {@code BackupPurged}, in the name its claim wrote (a
     * purge cut short, and finished by the sweep, keeps the admin's name; one claimed before names were written is retention's).
     */
    private boolean purgeClaimed(BackupEntry entry, int claimed) throws Throwable {
        if (claimed == 0) {
            return false;
        }
        String backupId = entry.backupId;
        try {
            objects.deleteFolder(folderOf(entry));
        } catch (IOException e) {
            throw new BucketException("backup " + backupId + " was not purged: " + e.getMessage(), e);
        }
        String correlationId = ManifestJson.read(entry.manifest).correlationId();
        // a purge finishing one cut short at the same moment finds no row, and emits nothing
        return VertxContextSupport.subscribeAndAwait(() -> Panache.withTransaction(() -> BackupEntry.<BackupEntry>find(
                        "backupId = ?1 and purgeAfter = ?2", backupId, PURGING).withLock(LockModeType.PESSIMISTIC_WRITE).firstResult()
                .flatMap(row -> row == null ? Uni.createFrom().item(false) : row.delete()
                        .chain(() -> outbox.add(CloudEvent.of(events.source(), correlationId, new BackupPurged(backupId, row.databaseId,
                                row.objectKey, row.purgedBy == null ? RETENTION : row.purgedBy, row.purgeRequestedBy))))
                        .replaceWith(true))));
    }

    static String folderOf(BackupEntry entry) {
        return ArchiveLayout.folderOf(entry.manifestKey);
    }
}
