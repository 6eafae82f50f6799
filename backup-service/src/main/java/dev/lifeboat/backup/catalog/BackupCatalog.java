package dev.lifeboat.backup.catalog;

import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.panache.common.Page;
import io.quarkus.panache.common.Parameters;
import io.quarkus.panache.common.Sort;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * The catalog of completed backups: what exists, newest first. A backup whose removal has begun ({@link BackupRemoval}) is
 * no longer listed, counted or chosen: only {@link #find}, {@link #deleted} (until it is purged) and {@link #removalsCutShort}
 * see it.
 */
@ApplicationScoped
public class BackupCatalog {

    /** One page of a filtered listing, and how many match in all. */
    public record Listing(List<BackupEntry> backups, long total) {
    }

    /** The condition of every backup that is kept: none of its removal has begun. */
    private static final String KEPT = "removalStartedAt is null";

    public Uni<Listing> list(String databaseId, Instant from, Instant to, int page, int size) {
        List<String> conditions = new ArrayList<>(List.of(KEPT));
        Parameters parameters = new Parameters();
        if (databaseId != null) {
            conditions.add("databaseId = :databaseId");
            parameters.and("databaseId", databaseId);
        }
        if (from != null) {
            conditions.add("startedAt >= :from");
            parameters.and("from", from);
        }
        if (to != null) {
            conditions.add("startedAt <= :to");
            parameters.and("to", to);
        }
        String query = String.join(" and ", conditions);
        return Panache.withSession(() -> {
            var found = BackupEntry.<BackupEntry>find(query, Sort.descending("startedAt").and("backupId", Sort.Direction.Descending), parameters);
            return found.page(Page.of(page, size)).list().flatMap(rows -> found.count().map(total -> new Listing(rows, total)));
        });
    }

    public Uni<BackupEntry> find(String backupId) {
        return Panache.withSession(() -> BackupEntry.findById(backupId));
    }

    /** Every kept backup of one database, newest first. */
    public Uni<List<BackupEntry>> ofDatabase(String databaseId) {
        return Panache.withSession(() -> BackupEntry.list("databaseId = ?1 and " + KEPT, Sort.descending("startedAt"), databaseId));
    }

    /**
     * The backups of one database whose deletion began before {@code before} and did not end (a crash, the bucket down):
     * retention finishes them. One that began since may still be running (a delete call, an undelete).
     */
    public Uni<List<BackupEntry>> removalsCutShort(String databaseId, Instant before) {
        return Panache.withSession(() -> BackupEntry.list("databaseId = ?1 and removalStartedAt < ?2 and purgeAfter is null", databaseId, before));
    }

    /** The deleted backups not yet purged (of one database, or of all when null), the most recently deleted first. */
    public Uni<List<BackupEntry>> deleted(String databaseId) {
        return Panache.withSession(() -> databaseId == null
                ? BackupEntry.list("purgeAfter is not null", Sort.descending("removalStartedAt").and("backupId"))
                : BackupEntry.list("databaseId = ?1 and purgeAfter is not null", Sort.descending("removalStartedAt").and("backupId"), databaseId));
    }

    /** The deleted backups (of one database, or of every one when null, registered or not) whose time to be kept has passed. */
    public Uni<List<BackupEntry>> purgeDue(String databaseId, Instant now) {
        return Panache.withSession(() -> databaseId == null ? BackupEntry.list("purgeAfter <= ?1", now)
                : BackupEntry.list("databaseId = ?1 and purgeAfter <= ?2", databaseId, now));
    }

    /** The newest kept backup of one database, or null. */
    public Uni<BackupEntry> newest(String databaseId) {
        return Panache.withSession(() -> BackupEntry.<BackupEntry>find("databaseId = ?1 and " + KEPT, Sort.descending("completedAt"), databaseId)
                .firstResult());
    }

    /**
     * Records what the verifier found of a backup, its latest word winning: {@code passed} sets when it was verified and clears
     * an earlier failure (the check ran again and the backup read back whole); a failure sets when. A backup the catalog does
     * not hold (removed since) is left alone.
     */
    public Uni<Integer> recordVerification(String backupId, boolean passed, Instant at) {
        return Panache.withTransaction(() -> passed
                ? BackupEntry.update("verifiedAt = ?1, verificationFailedAt = null where backupId = ?2", at, backupId)
                : BackupEntry.update("verificationFailedAt = ?1 where backupId = ?2", at, backupId));
    }

    /** Records that the backup has a copy in the second bucket, made at {@code at}; a backup the catalog does not hold is left alone. */
    public Uni<Integer> recordCopy(String backupId, Instant at) {
        return Panache.withTransaction(() -> BackupEntry.update("copiedAt = ?1 where backupId = ?2", at, backupId));
    }

    public Uni<Long> count() {
        return Panache.withSession(() -> BackupEntry.count());
    }
}
