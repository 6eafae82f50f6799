package dev.lifeboat.verifier.restoretest;

import dev.lifeboat.service.api.Page;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.panache.common.Parameters;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;

import java.time.Instant;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Consumer;

import static dev.lifeboat.service.reactive.ReactiveSessions.await;

/** The record of restore tests: asked for, claimed once across replicas, finished. */
@ApplicationScoped
public class RestoreTests {

    public static final String REQUESTED = "REQUESTED";
    public static final String RUNNING = "RUNNING";

    public Uni<RestoreTestRecord> request(String databaseId, String requestedBy, Instant now) {
        return Panache.withTransaction(() -> newRecord(databaseId, "MANUAL", requestedBy, null, now).persist());
    }

    /** One page of restore tests, newest first, optionally of one database, and how many match. */
    public Uni<Page<RestoreTestRecord>> list(String databaseId, int page, int size) {
        return Panache.withSession(() -> {
            var found = databaseId == null
                    ? RestoreTestRecord.<RestoreTestRecord>find("order by requestedAt desc")
                    : RestoreTestRecord.<RestoreTestRecord>find("databaseId = :databaseId order by requestedAt desc",
                    Parameters.with("databaseId", databaseId));
            return found.page(page, size).list().flatMap(rows -> found.count().map(total -> new Page<>(rows, page, size, total)));
        });
    }

    public Uni<RestoreTestRecord> find(String testId) {
        return Panache.withSession(() -> RestoreTestRecord.findById(testId));
    }

    // --- blocking, for the worker and the scheduler -----------------------------------------

    /** A scheduled test for one slot; false when that slot already has one (another replica, or an earlier tick). */
    public boolean schedule(String databaseId, Instant slot, Instant now) {
        if (slotTaken(databaseId, slot)) {
            return false;
        }
        try {
            await(() -> Panache.withTransaction(() -> newRecord(databaseId, "SCHEDULE", "schedule", slot, now).persist()));
            return true;
        } catch (RuntimeException e) {
            if (slotTaken(databaseId, slot)) {
                return false; // another replica recorded it first (the unique slot index refused this one)
            }
            throw e;
        }
    }

    private boolean slotTaken(String databaseId, Instant slot) {
        return await(() -> Panache.withSession(() -> RestoreTestRecord.count("databaseId = ?1 and scheduledFor = ?2", databaseId, slot))) > 0;
    }

    public Optional<RestoreTestRecord> claimNext(Instant now) {
        return Optional.ofNullable(await(() -> Panache.withTransaction(() -> RestoreTestRecord.<RestoreTestRecord>find(
                        "status = ?1 order by requestedAt", REQUESTED).page(0, 1).firstResult()
                .flatMap(row -> row == null ? Uni.createFrom().nullItem()
                        : RestoreTestRecord.update("status = ?1, startedAt = ?2 where testId = ?3 and status = ?4", RUNNING, now, row.testId, REQUESTED)
                        .map(updated -> updated == 1 ? row : null)))));
    }

    /** The newest restore test of {@code databaseId} that passed, if one did. */
    public Optional<RestoreTestRecord> newestPassed(String databaseId) {
        return Optional.ofNullable(await(() -> Panache.withSession(() -> RestoreTestRecord.<RestoreTestRecord>find(
                "databaseId = ?1 and passed = true and finishedAt is not null order by finishedAt desc", databaseId).page(0, 1).firstResult())));
    }

    public void update(String testId, Consumer<RestoreTestRecord> change) {
        await(() -> Panache.withTransaction(() -> RestoreTestRecord.<RestoreTestRecord>findById(testId).invoke(change).replaceWithVoid()));
    }

    /** Tests a stopped replica was running end as ERROR (their scratch database is named in the record). */
    public void endRunning(Instant now) {
        await(() -> Panache.withTransaction(() -> RestoreTestRecord.update(
                "status = 'ERROR', finishedAt = ?1, error = 'the verifier stopped while the test ran; scratch database: ' || coalesce(scratchDatabase, 'none') "
                        + "where status = ?2", now, RUNNING)));
    }

    private static RestoreTestRecord newRecord(String databaseId, String trigger, String requestedBy, Instant slot, Instant now) {
        RestoreTestRecord row = new RestoreTestRecord();
        row.testId = UUID.randomUUID().toString();
        row.databaseId = databaseId;
        row.trigger = trigger;
        row.requestedBy = requestedBy;
        row.scheduledFor = slot;
        row.status = REQUESTED;
        row.requestedAt = now;
        return row;
    }
}
