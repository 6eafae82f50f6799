package dev.lifeboat.backup.intake;

import dev.lifeboat.backup.config.BackupConfig;
import dev.lifeboat.backup.registry.RegisteredDatabase;
import io.quarkus.hibernate.reactive.panache.Panache;
import dev.lifeboat.runtime.progress.ProgressReading;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * The recorded requests are the work queue. A replica claims the oldest due request with a conditional update, so two
 * replicas never run the same one. A request waits while its database has a backup running (the database's advisory
 * lock then serialises backups across replicas and the restore service) and while its server (host and port) runs as
 * many backups as its limit: the smallest {@code maxConcurrentPerServer} of the databases registered there, so a
 * database given a lower one is never passed over by those with higher ones. Claims take one transaction-scoped advisory
 * lock (tried, never waited for), so two replicas claiming at once cannot both take a server's last place.
 */
@ApplicationScoped
public class BackupRequestQueue {

    /** The advisory lock every claim holds until its transaction ends ("LifeQue"). */
    static final long CLAIM_LOCK = 0x4c_69_66_65_51_75_65L;

    /** The limit of the server of the registered database {@code d}: the smallest of the databases registered there. */
    private static final String SERVER_LIMIT = "(select min(sd.maxConcurrentPerServer) from RegisteredDatabase sd "
            + "where sd.host = d.host and sd.port = d.port)";

    private static final List<BackupRequestRecord.Status> WAITING =
            List.of(BackupRequestRecord.Status.RECEIVED, BackupRequestRecord.Status.RETRYING);

    /**
     * The due requests in the order they are claimed, none of whose database runs a backup and whose server has a free
     * place (a request of a database no longer registered is claimed, and fails as UNKNOWN_DATABASE).
     */
    private static final String CLAIMABLE = "select r, d from BackupRequestRecord r left join RegisteredDatabase d on d.id = r.databaseId "
            + "where r.status in :waiting and r.nextAttemptAt <= :now "
            + "and not exists (select 1 from BackupRequestRecord x where x.databaseId = r.databaseId and x.status = :running) "
            + "and (d.id is null or " + SERVER_LIMIT + " > (select count(x) from BackupRequestRecord x, RegisteredDatabase xd "
            + "where xd.id = x.databaseId and x.status = :running and xd.host = d.host and xd.port = d.port)) "
            + "order by r.nextAttemptAt, r.receivedAt";

    private final BackupConfig config;

    public BackupRequestQueue(BackupConfig config) {
        this.config = config;
    }

    /**
     * Puts every RUNNING request whose heartbeat is older than {@code staleBefore} back in the queue, due now: its replica
     * died. Run before the scheduled looks for due work, not by each claim (a claim right after a request is on the way
     * to the backup's start).
     *
     * @return how many were taken back
     */
    public Uni<Integer> takeBackAbandoned(Instant now, Instant staleBefore) {
        return Panache.withTransaction(() -> BackupRequestRecord.update("status = ?1, nextAttemptAt = ?2 where status = ?3 and heartbeatAt < ?4",
                BackupRequestRecord.Status.RETRYING, now, BackupRequestRecord.Status.RUNNING, staleBefore));
    }

    /** A claimed request, RUNNING in its new attempt, and its registered database as the claim read it (null: not registered). */
    public record Claimed(BackupRequestRecord request, RegisteredDatabase database) {
    }

    /**
     * Claims the oldest due request whose database has nothing running and whose server has a free place, and starts
     * its next attempt. Empty also while another replica holds the claim lock (never waits for it: a replica stalled
     * mid-claim does not stall the others; the next look claims).
     */
    public Uni<Optional<Claimed>> claimNext(Instant now) {
        return Panache.withTransaction(() -> Panache.getSession()
                .chain(session -> session.createNativeQuery("select pg_try_advisory_xact_lock(" + CLAIM_LOCK + ")", Boolean.class)
                        .getSingleResult())
                .chain(locked -> Boolean.TRUE.equals(locked) ? claimLocked(now)
                        : Uni.createFrom().item(Optional.<Claimed>empty()))); // another replica claims now: next look
    }

    private static Uni<Optional<Claimed>> claimLocked(Instant now) {
        // Read-only: the start below is one conditional update, and the loaded copies are never written back.
        return Panache.getSession().chain(session -> session.createQuery(CLAIMABLE, Object[].class)
                        .setParameter("waiting", WAITING).setParameter("now", now)
                        .setParameter("running", BackupRequestRecord.Status.RUNNING)
                        .setReadOnly(true).setMaxResults(1).getResultList())
                .chain(candidates -> candidates.isEmpty() ? Uni.createFrom().item(Optional.<Claimed>empty())
                        : start((BackupRequestRecord) candidates.get(0)[0], (RegisteredDatabase) candidates.get(0)[1], now));
    }

    private static Uni<Optional<Claimed>> start(BackupRequestRecord candidate, RegisteredDatabase database, Instant now) {
        return BackupRequestRecord.update("status = ?1, attempt = attempt + 1, heartbeatAt = ?2, progressBytes = null, "
                                + "progressExpectedBytes = null, progressBytesPerSecond = null where requestId = ?3 and status in ?4",
                        BackupRequestRecord.Status.RUNNING, now, candidate.requestId, WAITING)
                .map(updated -> {
                    if (updated != 1) {
                        return Optional.<Claimed>empty();
                    }
                    // The row is ours (locked by the update above): bring the loaded copy up to date.
                    candidate.status = BackupRequestRecord.Status.RUNNING;
                    candidate.attempt += 1;
                    candidate.heartbeatAt = now;
                    candidate.progressBytes = null;
                    candidate.progressExpectedBytes = null;
                    candidate.progressBytesPerSecond = null;
                    return Optional.of(new Claimed(candidate, database));
                });
    }

    /**
     * The queue as it stands: every request waiting (RECEIVED or RETRYING) in the order it would be claimed, with what
     * holds it, and the backups running and waiting on each server that has a registered database (zero when idle).
     *
     * A RUNNING request whose heartbeat is older than {@code lifeboat.backup.stale-after} is shown as the next scheduled look treats
     * it: waiting, due now.
     */
    public Uni<QueueListing> waiting(Instant now) {
        Instant staleBefore = now.minus(config.staleAfter());
        return Panache.withSession(() -> Panache.getSession().chain(session -> session.createQuery(
                                "select r, d.host, d.port, " + SERVER_LIMIT + " from BackupRequestRecord r "
                                        + "left join RegisteredDatabase d on d.id = r.databaseId where r.status in :statuses "
                                        + "order by r.nextAttemptAt, r.receivedAt", Object[].class)
                        .setParameter("statuses", List.of(BackupRequestRecord.Status.RECEIVED, BackupRequestRecord.Status.RETRYING,
                                BackupRequestRecord.Status.RUNNING))
                        .getResultList()
                        .chain(rows -> session.createQuery("select distinct d.host, d.port from RegisteredDatabase d", Object[].class)
                                .getResultList()
                                .map(registered -> QueueListing.of(rows.stream().map(row -> new QueueListing.Row((BackupRequestRecord) row[0],
                                                row[1] == null ? null : row[1] + ":" + row[2], row[3] == null ? 0 : ((Number) row[3]).intValue())).toList(),
                                        now, staleBefore).withServers(registered.stream().map(server -> server[0] + ":" + server[1]).toList())))));
    }

    /** A request's attempt running on this replica, and how far it has come (null: not known yet). */
    public record Alive(String requestId, int attempt, ProgressReading progress) {
    }

    /**
     * Proves the given attempts are alive, and records how far each has come. An attempt that no longer owns its request
     * (its replica froze past {@code stale-after} and another attempt took it over) writes nothing.
     */
    public Uni<Void> heartbeat(List<Alive> running, Instant now) {
        if (running.isEmpty()) {
            return Uni.createFrom().voidItem();
        }
        return Panache.withTransaction(() -> Multi.createFrom().iterable(running).onItem().transformToUniAndConcatenate(alive -> {
            String owned = "where requestId = ?1 and attempt = ?2 and status = ?3";
            ProgressReading reading = alive.progress();
            return reading == null
                    ? BackupRequestRecord.update("heartbeatAt = ?4 " + owned, alive.requestId(), alive.attempt(), BackupRequestRecord.Status.RUNNING, now)
                    : BackupRequestRecord.update("heartbeatAt = ?4, progressBytes = ?5, progressExpectedBytes = ?6, progressBytesPerSecond = ?7 "
                            + owned, alive.requestId(), alive.attempt(), BackupRequestRecord.Status.RUNNING, now, reading.bytesDone(),
                            reading.bytesExpected(), reading.bytesPerSecond());
        }).collect().last().replaceWithVoid());
    }

    /** Counts the requests of one status, for readiness and tests. */
    public Uni<Long> count(BackupRequestRecord.Status status) {
        return Panache.withSession(() -> BackupRequestRecord.count("status", status));
    }

    public static Duration backoff(int attempt, Duration initial, Duration max) {
        Duration delay = initial.multipliedBy(1L << Math.min(20, Math.max(0, attempt - 1)));
        return delay.compareTo(max) > 0 ? max : delay;
    }
}
