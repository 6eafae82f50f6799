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
import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.vertx.VertxContextSupport;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;

import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.function.Supplier;

/** The restore's record in this service's schema, written from the worker thread (each call blocks until committed). */
@ApplicationScoped
public class RestoreJournal {

    private static final ObjectMapper JSON = JsonMapper.builder().addModule(new JavaTimeModule())
            .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS).build();

    private final Clock clock = Clock.systemUTC();

    /** Claims the oldest waiting request: a conditional update, so only one replica wins it. */
    public Optional<RestoreRequestRecord> claimNext() {
        return Optional.ofNullable(await(() -> Panache.withTransaction(() -> RestoreRequestRecord.<RestoreRequestRecord>find(
                        "status = 'RECEIVED' order by receivedAt").firstResult()
                .flatMap(next -> next == null ? Uni.createFrom().nullItem() : RestoreRequestRecord.update(
                                "status = 'RUNNING', startedAt = ?1, heartbeatAt = ?1 where restoreId = ?2 and status = 'RECEIVED'",
                                clock.instant(), next.restoreId)
                        .flatMap(updated -> updated == 1 ? RestoreRequestRecord.<RestoreRequestRecord>findById(next.restoreId)
                                : Uni.createFrom().<RestoreRequestRecord>nullItem())))));
    }

    /** The running restore is alive, and has come this far (null: its archive is not being read yet). */
    public void heartbeat(String restoreId, ProgressReading progress) {
        await(() -> Panache.withTransaction(() -> progress == null
                ? RestoreRequestRecord.update("heartbeatAt = ?1 where restoreId = ?2 and status = 'RUNNING'", clock.instant(), restoreId)
                : RestoreRequestRecord.update("heartbeatAt = ?1, progressBytes = ?2, progressExpectedBytes = ?3, progressBytesPerSecond = ?4 "
                        + "where restoreId = ?5 and status = 'RUNNING'", clock.instant(), progress.bytesDone(), progress.bytesExpected(),
                        progress.bytesPerSecond(), restoreId)));
    }

    /** Changes the restore's row in one transaction. */
    public void update(String restoreId, Consumer<RestoreRequestRecord> change) {
        await(() -> Panache.withTransaction(() -> changing(restoreId, change)));
    }

    /** Changes the restore's row inside the caller's transaction ({@code Panache.withTransaction}). */
    public Uni<RestoreRequestRecord> changing(String restoreId, Consumer<RestoreRequestRecord> change) {
        return RestoreRequestRecord.<RestoreRequestRecord>findById(restoreId).invoke(change);
    }

    public void step(String restoreId, RestoreStep step, Instant startedAt, boolean ok, String details) {
        RestoreStepRecord row = new RestoreStepRecord();
        row.restoreId = restoreId;
        row.step = step.name();
        row.startedAt = startedAt;
        row.finishedAt = clock.instant();
        row.outcome = ok ? "OK" : "FAILED";
        row.details = details;
        await(() -> Panache.withTransaction(row::persist));
    }

    /** Records a database set aside, to be dropped after {@code keep}; recording it again changes nothing. */
    public void setAside(String restoreId, String databaseId, String databaseName, java.time.Duration keep) {
        if (await(() -> Panache.withSession(() -> PreRestoreDatabase.findById(databaseName))) != null) {
            return;
        }
        PreRestoreDatabase row = new PreRestoreDatabase();
        row.databaseName = databaseName;
        row.databaseId = databaseId;
        row.restoreId = restoreId;
        row.createdAt = clock.instant();
        row.dropAfter = row.createdAt.plus(keep);
        await(() -> Panache.withTransaction(row::persist));
    }

    /** A set-aside database that a rollback put back in place: nothing to drop any more. */
    public void forgetAside(String databaseName) {
        await(() -> Panache.withTransaction(() -> PreRestoreDatabase.deleteById(databaseName)));
    }

    /** Restores a worker left RUNNING without a heartbeat since {@code before}. */
    public List<RestoreRequestRecord> stale(Instant before) {
        return await(() -> Panache.withSession(() -> RestoreRequestRecord.<RestoreRequestRecord>list(
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

    private static <T> T await(Supplier<Uni<T>> work) {
        try {
            return VertxContextSupport.subscribeAndAwait(work);
        } catch (RuntimeException e) {
            throw e;
        } catch (Throwable e) {
            throw new IllegalStateException(e);
        }
    }
}
