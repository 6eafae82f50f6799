package dev.lifeboat.restore.intake;

import dev.lifeboat.runtime.progress.ProgressReading;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import dev.lifeboat.events.restore.RestoreCompleted;
import dev.lifeboat.events.restore.ValidationResult;
import dev.lifeboat.restore.step.RestoreStep;
import dev.lifeboat.restore.target.PreRestoreDatabase;
import dev.lifeboat.restore.target.TargetServer;
import dev.lifeboat.service.reactive.ReactiveSessions;
import io.quarkus.hibernate.reactive.panache.Panache;
import jakarta.persistence.LockModeType;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;

import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;

/** The restore's record in this service's schema, written from the worker thread (each call blocks until committed). */
@ApplicationScoped
public class RestoreJournal {

    private static final ObjectMapper JSON = JsonMapper.builder().addModule(new JavaTimeModule())
            .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS).build();

    private final Clock clock = Clock.systemUTC();

    /** Claims the oldest waiting request: a conditional update, so only one replica wins it; the claim is attempt 1. */
    public Optional<RestoreRequestRecord> claimNext() {
        return Optional.ofNullable(ReactiveSessions.await(() -> Panache.withTransaction(() -> RestoreRequestRecord.<RestoreRequestRecord>find(
                        "status = 'RECEIVED' order by receivedAt").firstResult()
                .flatMap(next -> next == null ? Uni.createFrom().nullItem() : RestoreRequestRecord.update(
                                "status = 'RUNNING', startedAt = ?1, heartbeatAt = ?1, attempt = attempt + 1 where restoreId = ?2 "
                                        + "and status = 'RECEIVED'", clock.instant(), next.restoreId)
                        // the row as the update left it, read again: the session held it as it was found
                        .flatMap(updated -> updated == 1 ? Panache.getSession().invoke(session -> session.detach(next))
                                .chain(() -> RestoreRequestRecord.<RestoreRequestRecord>findById(next.restoreId))
                                : Uni.createFrom().<RestoreRequestRecord>nullItem())))));
    }

    /**
     * Takes over a run whose heartbeat is older than {@code staleBefore}, as the next attempt: a conditional update, so
     * only one recovery wins it, and the frozen attempt's writes are refused from then on. Empty when the run moved on
     * meanwhile (its worker wrote a heartbeat, ended it, or another recovery took it over).
     */
    public Optional<RestoreRequestRecord> takeOver(RestoreRequestRecord stale, Instant staleBefore) {
        return Optional.ofNullable(ReactiveSessions.await(() -> Panache.withTransaction(() -> RestoreRequestRecord.update(
                        "attempt = ?1, heartbeatAt = ?2 where restoreId = ?3 and status = 'RUNNING' and attempt = ?4 and heartbeatAt < ?5",
                        stale.attempt + 1, clock.instant(), stale.restoreId, stale.attempt, staleBefore)
                .flatMap(updated -> updated == 1 ? RestoreRequestRecord.<RestoreRequestRecord>findById(stale.restoreId)
                        : Uni.createFrom().<RestoreRequestRecord>nullItem()))));
    }

    /**
     * The running attempt is alive, and has come this far (null: its archive is not being read yet); false when another
     * attempt took the run over (nothing was written). A heartbeat that comes just after its own attempt ended the run
     * writes nothing and is true: the run was not taken over.
     */
    public boolean heartbeat(RestoreAttempt attempt, ProgressReading progress) {
        String owned = "where restoreId = ?1 and attempt = ?2 and status = 'RUNNING'";
        return ReactiveSessions.await(() -> Panache.withTransaction(() -> (progress == null
                ? RestoreRequestRecord.update("heartbeatAt = ?3 " + owned, attempt.restoreId(), attempt.attempt(), clock.instant())
                : RestoreRequestRecord.update("heartbeatAt = ?3, progressBytes = ?4, progressExpectedBytes = ?5, progressBytesPerSecond = ?6 "
                        + owned, attempt.restoreId(), attempt.attempt(), clock.instant(), progress.bytesDone(), progress.bytesExpected(),
                        progress.bytesPerSecond()))
                .chain(updated -> updated == 1 ? Uni.createFrom().item(true) : RestoreRequestRecord.count(
                        "restoreId = ?1 and attempt = ?2", attempt.restoreId(), attempt.attempt()).map(ours -> ours == 1))));
    }

    /** Fails with {@link TakenOver} unless {@code attempt} owns the run (its row read locked, as its writes read it). */
    public void stillOwns(RestoreAttempt attempt) {
        ReactiveSessions.await(() -> Panache.withTransaction(() -> owned(attempt)));
    }

    /**
     * {@link #stillOwns} for a wait that looks again and again (a safety backup's): a journal out of reach is not an
     * answer, so it is asked again at the next look; only a newer attempt's ownership ends the wait ({@link TakenOver}).
     */
    public Runnable waitCheck(RestoreAttempt attempt) {
        return () -> unreachable(attempt);
    }

    /**
     * {@link #stillOwns} as each target session of {@code attempt} opens ({@code TargetServer.forRestore}): a newer
     * attempt's ownership is {@link TakenOver}; the journal out of reach fails the session as {@code OWN_DATABASE_UNAVAILABLE}.
     */
    public TargetServer.StillOwned sessionCheck(RestoreAttempt attempt) {
        return () -> {
            RuntimeException unknown = unreachable(attempt);
            if (unknown != null) {
                throw new TargetServer.OwnershipUnknown("Lifeboat's own database did not answer whether restore " + attempt
                        + " still owns its run: " + unknown.getMessage(), unknown);
            }
        };
    }

    /** {@link #stillOwns}, the journal's failure to answer returned (null: owned) rather than thrown; {@link TakenOver} is thrown. */
    private RuntimeException unreachable(RestoreAttempt attempt) {
        try {
            stillOwns(attempt);
            return null;
        } catch (TakenOver takenOver) {
            throw takenOver;
        } catch (RuntimeException failed) {
            return failed;
        }
    }

    /** Changes the restore's row in one transaction, while {@code attempt} owns the run ({@link TakenOver} if not). */
    public void update(RestoreAttempt attempt, Consumer<RestoreRequestRecord> change) {
        ReactiveSessions.await(() -> Panache.withTransaction(() -> changing(attempt, change)));
    }

    /**
     * Changes the restore's row inside the caller's transaction ({@code Panache.withTransaction}), the row locked and owned
     * by {@code attempt}: a recovery's takeover waits for the change, or the change fails with {@link TakenOver}.
     */
    public Uni<RestoreRequestRecord> changing(RestoreAttempt attempt, Consumer<RestoreRequestRecord> change) {
        return owned(attempt).invoke(change);
    }

    private static Uni<RestoreRequestRecord> owned(RestoreAttempt attempt) {
        return RestoreRequestRecord.<RestoreRequestRecord>findById(attempt.restoreId(), LockModeType.PESSIMISTIC_WRITE).invoke(row -> {
            if (row == null || row.attempt != attempt.attempt() || !"RUNNING".equals(row.status)) {
                throw new TakenOver(attempt, row == null ? "no such restore" : "it is " + row.status + " as attempt " + row.attempt);
            }
        });
    }

    /** Records a step of the run, while {@code attempt} owns it ({@link TakenOver} if not). */
    public void step(RestoreAttempt attempt, RestoreStep step, Instant startedAt, boolean ok, String details) {
        RestoreStepRecord row = new RestoreStepRecord();
        row.restoreId = attempt.restoreId();
        row.step = step.name();
        row.startedAt = startedAt;
        row.finishedAt = clock.instant();
        row.outcome = ok ? "OK" : "FAILED";
        row.details = details;
        ReactiveSessions.await(() -> Panache.withTransaction(() -> owned(attempt).chain(row::persist)));
    }

    /**
     * Records a database set aside, to be dropped after {@code keep}, while {@code attempt} owns the run; recording it again
     * changes nothing.
     */
    public void setAside(RestoreAttempt attempt, String databaseId, String databaseName, java.time.Duration keep) {
        PreRestoreDatabase row = new PreRestoreDatabase();
        row.databaseName = databaseName;
        row.databaseId = databaseId;
        row.restoreId = attempt.restoreId();
        row.createdAt = clock.instant();
        row.dropAfter = row.createdAt.plus(keep);
        ReactiveSessions.await(() -> Panache.withTransaction(() -> owned(attempt).chain(() -> PreRestoreDatabase.findById(databaseName))
                .chain(recorded -> recorded != null ? Uni.createFrom().voidItem() : row.persist().replaceWithVoid())));
    }

    /** A set-aside database that a rollback put back in place, while {@code attempt} owns the run: nothing to drop any more. */
    public void forgetAside(RestoreAttempt attempt, String databaseName) {
        ReactiveSessions.await(() -> Panache.withTransaction(() -> owned(attempt).chain(() -> PreRestoreDatabase.deleteById(databaseName))));
    }

    /** Restores a worker left RUNNING without a heartbeat since {@code before}. */
    public List<RestoreRequestRecord> stale(Instant before) {
        return ReactiveSessions.await(() -> Panache.withSession(() -> RestoreRequestRecord.<RestoreRequestRecord>list(
                "status = 'RUNNING' and heartbeatAt < ?1", before)));
    }

    public static String json(List<ValidationResult> results) {
        try {
            return JSON.writeValueAsString(results);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("validation results always serialize", e);
        }
    }

    /** The validation results journaled as JSON by {@link #json}. */
    public static List<ValidationResult> results(String json) {
        try {
            return json == null ? List.of() : List.of(JSON.readValue(json, ValidationResult[].class));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("the journal holds validation results it wrote itself", e);
        }
    }

    /** A point-in-time restore's exact point, as JSON (null stays null). */
    public static String json(RestoreCompleted.PointReached point) {
        try {
            return point == null ? null : JSON.writeValueAsString(point);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("the point reached always serializes", e);
        }
    }

    /** The point reached journaled as JSON by {@link #json(RestoreCompleted.PointReached)}. */
    public static RestoreCompleted.PointReached pointReached(String json) {
        try {
            return json == null ? null : JSON.readValue(json, RestoreCompleted.PointReached.class);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("the journal holds a point reached it wrote itself", e);
        }
    }
}
