package dev.lifeboat.backup.intake;

import io.quarkus.hibernate.reactive.panache.Panache;
import dev.lifeboat.runtime.progress.ProgressReading;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The recorded requests are the work queue. A replica claims a due request with a conditional update,
 * so two replicas never run the same one; a database with a running request is skipped (the database's
 * advisory lock then serialises backups across replicas and the restore service).
 */
@ApplicationScoped
public class BackupRequestQueue {

    /**
     * Claims the oldest due request of a database that has nothing running, and starts its next attempt.
     *
     * @param staleBefore a RUNNING request whose heartbeat is older counts as abandoned (its replica died)
     */
    public Uni<Optional<BackupRequestRecord>> claimNext(Instant now, Instant staleBefore) {
        return Panache.withTransaction(() -> BackupRequestRecord.update(
                        "status = ?1, nextAttemptAt = ?2 where status = ?3 and heartbeatAt < ?4",
                        BackupRequestRecord.Status.RETRYING, now, BackupRequestRecord.Status.RUNNING, staleBefore)
                .chain(() -> BackupRequestRecord.<BackupRequestRecord>find(
                                "status in ?1 and nextAttemptAt <= ?2 and databaseId not in "
                                        + "(select r.databaseId from BackupRequestRecord r where r.status = ?3) "
                                        + "order by nextAttemptAt, receivedAt",
                                List.of(BackupRequestRecord.Status.RECEIVED, BackupRequestRecord.Status.RETRYING), now,
                                BackupRequestRecord.Status.RUNNING)
                        .page(0, 1).<BackupRequestRecord>firstResult())
                .chain((BackupRequestRecord candidate) -> candidate == null ? Uni.createFrom().item(Optional.<BackupRequestRecord>empty())
                        : BackupRequestRecord.update("status = ?1, attempt = attempt + 1, heartbeatAt = ?2, progressBytes = null, "
                                                + "progressExpectedBytes = null, progressBytesPerSecond = null where requestId = ?3 and status in ?4",
                                        BackupRequestRecord.Status.RUNNING, now, candidate.requestId,
                                        List.of(BackupRequestRecord.Status.RECEIVED, BackupRequestRecord.Status.RETRYING))
                                .map(updated -> {
                                    if (updated != 1) {
                                        return Optional.<BackupRequestRecord>empty();
                                    }
                                    // The row is ours (locked by the update above): bring the loaded copy up to date.
                                    candidate.status = BackupRequestRecord.Status.RUNNING;
                                    candidate.attempt += 1;
                                    candidate.heartbeatAt = now;
                                    candidate.progressBytes = null;
                                    candidate.progressExpectedBytes = null;
                                    candidate.progressBytesPerSecond = null;
                                    return Optional.of(candidate);
                                })));
    }

    /** Proves the given running requests are alive, and records how far each has come (null: not known yet). */
    public Uni<Void> heartbeat(Map<String, ProgressReading> running, Instant now) {
        if (running.isEmpty()) {
            return Uni.createFrom().voidItem();
        }
        return Panache.withTransaction(() -> Multi.createFrom().iterable(running.keySet()).onItem().transformToUniAndConcatenate(id -> {
            ProgressReading reading = running.get(id);
            return reading == null
                    ? BackupRequestRecord.update("heartbeatAt = ?1 where requestId = ?2 and status = ?3", now, id, BackupRequestRecord.Status.RUNNING)
                    : BackupRequestRecord.update("heartbeatAt = ?1, progressBytes = ?2, progressExpectedBytes = ?3, progressBytesPerSecond = ?4 "
                            + "where requestId = ?5 and status = ?6", now, reading.bytesDone(), reading.bytesExpected(),
                            reading.bytesPerSecond(), id, BackupRequestRecord.Status.RUNNING);
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
