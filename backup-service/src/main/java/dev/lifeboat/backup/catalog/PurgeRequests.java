package dev.lifeboat.backup.catalog;

import dev.lifeboat.events.backup.BackupTrigger;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.vertx.VertxContextSupport;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.LockModeType;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;

/**
 * An admin's purge of a deleted backup now, before its time to be kept has passed: at once, but for a database's last
 * verified backup (a good one, {@link BackupEntry#good()}, and none of the database's kept backups is good): then the first
 * admin's call is recorded and only another admin's call within {@link #APPROVAL_WINDOW} purges it, so that no one admin
 * can destroy the last good backup. Blocking: worker threads only.
 */
@ApplicationScoped
public class PurgeRequests {

    /** How long a first admin's purge of a last verified backup waits for a second admin; after it, it must be asked again. */
    public static final Duration APPROVAL_WINDOW = Duration.ofHours(24);

    /** What became of a purge call. */
    public enum Outcome {
        /** Its objects and entry are gone. */
        PURGED,
        /** It is its database's last verified backup: recorded, and purged when another admin asks too. */
        AWAITING_SECOND_ADMIN,
        /** The admin who asked first asked again: another admin must. */
        SAME_ADMIN,
        /** No deleted backup has that id (any more). */
        NOT_DELETED
    }

    private enum Decision { PURGE, RECORDED, SAME_ADMIN, NOT_DELETED }

    /** A decision, and for a purge the first admin whose request it approves (else null). */
    private record Decided(Decision decision, String requestedBy) {
    }

    private final BackupRemoval removal;
    private final Clock clock;

    public PurgeRequests(BackupRemoval removal, Clock clock) {
        this.removal = removal;
        this.clock = clock;
    }

    public Outcome purge(String backupId, String admin) throws Throwable {
        Instant now = clock.instant();
        Decided decided = VertxContextSupport.subscribeAndAwait(() -> Panache.withTransaction(() -> BackupEntry.<BackupEntry>findById(
                backupId, LockModeType.PESSIMISTIC_WRITE).flatMap(entry -> {
                    if (entry == null || !entry.deleted()) {
                        return Uni.createFrom().item(new Decided(Decision.NOT_DELETED, null));
                    }
                    if (entry.purging()) { // a purge already claimed (cut short): finished, never asked for again
                        return Uni.createFrom().item(new Decided(Decision.PURGE, null));
                    }
                    return BackupEntry.count("databaseId = ?1 and removalStartedAt is null and verifiedAt is not null"
                                    + " and verificationFailedAt is null and trigger <> ?2", entry.databaseId, BackupTrigger.PRE_RESTORE.name())
                            .map(goodKept -> decide(entry, goodKept == 0 && entry.good(), admin, now));
                })));
        return switch (decided.decision()) {
            case NOT_DELETED -> Outcome.NOT_DELETED;
            case RECORDED -> Outcome.AWAITING_SECOND_ADMIN;
            case SAME_ADMIN -> Outcome.SAME_ADMIN;
            case PURGE -> purgeNow(backupId, admin, decided.requestedBy());
        };
    }

    private Outcome purgeNow(String backupId, String admin, String requestedBy) throws Throwable {
        BackupEntry entry = VertxContextSupport.subscribeAndAwait(() -> Panache.withSession(() -> BackupEntry.<BackupEntry>findById(backupId)));
        return entry != null && removal.purgeNow(entry, admin, requestedBy) ? Outcome.PURGED : Outcome.NOT_DELETED;
    }

    /** Decided while the entry is locked; records a first admin's request on it. */
    private static Decided decide(BackupEntry entry, boolean lastVerified, String admin, Instant now) {
        if (!lastVerified) {
            return new Decided(Decision.PURGE, null);
        }
        boolean pending = entry.purgeRequestedBy != null && entry.purgeRequestedAt.plus(APPROVAL_WINDOW).isAfter(now);
        if (pending && entry.purgeRequestedBy.equals(admin)) {
            return new Decided(Decision.SAME_ADMIN, null);
        }
        if (pending) {
            return new Decided(Decision.PURGE, entry.purgeRequestedBy);
        }
        entry.purgeRequestedBy = admin;
        entry.purgeRequestedAt = now;
        return new Decided(Decision.RECORDED, null);
    }
}
