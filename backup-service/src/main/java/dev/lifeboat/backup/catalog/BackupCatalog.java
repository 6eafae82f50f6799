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

/** The catalog of completed backups: what exists, newest first. */
@ApplicationScoped
public class BackupCatalog {

    /** One page of a filtered listing, and how many match in all. */
    public record Listing(List<BackupEntry> backups, long total) {
    }

    public Uni<Listing> list(String databaseId, Instant from, Instant to, int page, int size) {
        List<String> conditions = new ArrayList<>();
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

    /** Every backup of one database, newest first. */
    public Uni<List<BackupEntry>> ofDatabase(String databaseId) {
        return Panache.withSession(() -> BackupEntry.list("databaseId", Sort.descending("startedAt"), databaseId));
    }

    /** The newest completed backup of one database, or null. */
    public Uni<BackupEntry> newest(String databaseId) {
        return Panache.withSession(() -> BackupEntry.<BackupEntry>find("databaseId", Sort.descending("completedAt"), databaseId).firstResult());
    }

    /**
     * Records what the verifier found of a backup: {@code passed} sets when it was verified (the first time), otherwise when a
     * check failed (the first failure, final). A backup the catalog does not hold (removed since) is left alone.
     */
    public Uni<Integer> recordVerification(String backupId, boolean passed, Instant at) {
        String column = passed ? "verifiedAt" : "verificationFailedAt";
        return Panache.withTransaction(() -> BackupEntry.update(column + " = ?1 where backupId = ?2 and " + column + " is null", at, backupId));
    }

    public Uni<Long> count() {
        return Panache.withSession(() -> BackupEntry.count());
    }
}
