package dev.lifeboat.backup.capture;

import dev.lifeboat.backup.registry.RegisteredDatabase;
import dev.lifeboat.events.capture.CaptureResumed;
import dev.lifeboat.events.capture.CaptureRetainingWal;
import dev.lifeboat.events.capture.CaptureStopped;
import dev.lifeboat.outbox.Outbox;
import dev.lifeboat.service.reactive.ReactiveSessions;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;

import dev.lifeboat.changes.slot.SchemaChangeMode;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

/**
 * The {@code capture_lease} rows: which replica runs each database's capture, and whether it is stopped. Every change
 * is made only by the row's holder, and a stop or resume is recorded with its event in one transaction (the outbox), so
 * each is reported once however many times the capture retries. Blocking: worker threads only.
 */
@ApplicationScoped
public class CaptureLeases {

    private final Outbox outbox;

    public CaptureLeases(Outbox outbox) {
        this.outbox = outbox;
    }

    /**
     * @return whether {@code holder} holds the database's capture now, until {@code now + term}: renewed, taken over from
     * a holder whose lease ran out, or a new row (two replicas inserting it at once: the second meets the primary key)
     */
    public boolean claim(RegisteredDatabase database, String holder, Instant now, Duration term) {
        Integer renewed = ReactiveSessions.await(() -> Panache.withTransaction(() -> CaptureLease.update(
                "holder = ?1, until = ?2, host = ?3, port = ?4, databaseName = ?5, username = ?6, credentialRef = ?7,"
                        + " tlsMode = ?10, tlsCaRef = ?11 where databaseId = ?8 and (holder = ?1 or until < ?9)", holder, now.plus(term),
                database.host, database.port, database.databaseName, database.username, database.credentialRef, database.id, now,
                database.tlsMode, database.tlsCaRef)));
        if (renewed != null && renewed == 1) {
            return true;
        }
        CaptureLease lease = new CaptureLease();
        lease.databaseId = database.id;
        lease.holder = holder;
        lease.until = now.plus(term);
        lease.host = database.host;
        lease.port = database.port;
        lease.databaseName = database.databaseName;
        lease.username = database.username;
        lease.credentialRef = database.credentialRef;
        lease.tlsMode = database.tlsMode;
        lease.tlsCaRef = database.tlsCaRef;
        try {
            return ReactiveSessions.await(() -> Panache.withTransaction(() -> CaptureLease.<CaptureLease>findById(database.id)
                    .chain(existing -> existing != null ? Uni.createFrom().item(false) : lease.persist().replaceWith(true))));
        } catch (RuntimeException e) {
            return false; // another replica inserted it first
        }
    }

    /** Claims a row whose database is no longer captured, to drop its slot: @return whether {@code holder} holds it now */
    public boolean claimToRetire(String databaseId, String holder, Instant now, Duration term) {
        Integer claimed = ReactiveSessions.await(() -> Panache.withTransaction(() -> CaptureLease.update(
                "holder = ?1, until = ?2 where databaseId = ?3 and (holder = ?1 or until < ?4)", holder, now.plus(term), databaseId, now)));
        return claimed != null && claimed == 1;
    }

    public List<CaptureLease> all() {
        return ReactiveSessions.await(() -> Panache.withSession(() -> CaptureLease.<CaptureLease>listAll()));
    }

    public Uni<CaptureLease> find(String databaseId) {
        return Panache.withSession(() -> CaptureLease.findById(databaseId));
    }

    /** Lets another replica take over at once (this one stops); gives up after a few seconds, the lease then runs out by itself. */
    public void release(String databaseId, String holder) {
        ReactiveSessions.await(() -> Panache.withTransaction(() -> CaptureLease.update(
                "until = ?1 where databaseId = ?2 and holder = ?3", Instant.EPOCH, databaseId, holder))
                .ifNoItem().after(Duration.ofSeconds(5)).fail());
    }

    /** The slot is dropped: the row goes. */
    public void retired(String databaseId, String holder) {
        ReactiveSessions.await(() -> Panache.withTransaction(() -> CaptureLease.delete("databaseId = ?1 and holder = ?2", databaseId, holder)));
    }

    /** Records that capture stopped, with {@link CaptureStopped}; nothing when it was already stopped or is not held. */
    public void stopped(String databaseId, String holder, Instant at, String code, String message, Instant lastArchivedCommit) {
        ReactiveSessions.await(() -> Panache.withTransaction(() -> CaptureLease.update(
                        "stoppedAt = ?1, stopCode = ?2, stopMessage = ?3 where databaseId = ?4 and holder = ?5 and stoppedAt is null",
                        at, code, message, databaseId, holder)
                .chain(changed -> changed == 1 ? outbox.add(outbox.event(UUID.randomUUID().toString(),
                        new CaptureStopped(databaseId, code, message, lastArchivedCommit))) : Uni.createFrom().voidItem())));
    }

    /** Records how the capture's setup decided schema changes reach a restore. */
    public void schemaChanges(String databaseId, String holder, SchemaChangeMode mode) {
        ReactiveSessions.await(() -> Panache.withTransaction(() -> CaptureLease.update(
                "schemaChanges = ?1, schemaChangesWhy = ?2 where databaseId = ?3 and holder = ?4",
                mode.mode(), mode.why(), databaseId, holder)));
    }

    /** Records the WAL the source keeps for the slot. */
    public void retained(String databaseId, String holder, long walBytes) {
        ReactiveSessions.await(() -> Panache.withTransaction(() -> CaptureLease.update(
                "retainedWalBytes = ?1 where databaseId = ?2 and holder = ?3", walBytes, databaseId, holder)));
    }

    /** Tells, with {@link CaptureRetainingWal}, that the slot keeps more WAL on the source than the limit. */
    public void retainingWal(String databaseId, long walBytes, long limit, boolean stopped) {
        ReactiveSessions.await(() -> Panache.withTransaction(() -> outbox.add(outbox.event(UUID.randomUUID().toString(),
                new CaptureRetainingWal(databaseId, walBytes, limit, stopped)))));
    }

    /** Records that capture runs, with {@link CaptureResumed} when it was stopped; nothing otherwise. */
    public void running(String databaseId, String holder, Instant lastArchivedCommit) {
        ReactiveSessions.await(() -> Panache.withTransaction(() -> CaptureLease.<CaptureLease>find(
                        "databaseId = ?1 and holder = ?2 and stoppedAt is not null", databaseId, holder).firstResult()
                .chain(lease -> {
                    if (lease == null) {
                        return Uni.createFrom().voidItem();
                    }
                    Instant stoppedAt = lease.stoppedAt;
                    lease.stoppedAt = null;
                    lease.stopCode = null;
                    lease.stopMessage = null;
                    return outbox.add(outbox.event(UUID.randomUUID().toString(),
                            new CaptureResumed(databaseId, stoppedAt, lastArchivedCommit)));
                })));
    }
}
