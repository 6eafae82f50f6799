package dev.lifeboat.backup;

import dev.lifeboat.backup.intake.BackupRequestQueue;
import dev.lifeboat.runtime.progress.ProgressReading;
import java.time.temporal.ChronoUnit;
import java.util.List;
import dev.lifeboat.backup.failure.BackupFailure;
import dev.lifeboat.backup.failure.FailureCode;
import dev.lifeboat.backup.intake.BackupRequestRecord;
import dev.lifeboat.backup.job.BackupJournal;
import dev.lifeboat.backup.job.SupersededAttemptException;
import dev.lifeboat.events.backup.BackupFailed;
import dev.lifeboat.events.backup.BackupStarted;
import dev.lifeboat.realservers.RealServers;
import dev.lifeboat.realservers.kafka.KafkaProbe;
import dev.lifeboat.realservers.quarkus.InjectRealServers;
import dev.lifeboat.service.reactive.ReactiveSessions;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletionException;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

/**
 * Issue 50 part 6: an attempt a newer one replaced (its replica paused past {@code lifeboat.backup.stale-after}, the
 * request claimed again) records nothing: its start, its failure and its completion each change the request only where
 * it still runs that very attempt, in the transaction that adds their event. Before, they matched the request id only:
 * the old attempt's failure overwrote the newer attempt's state and published a {@code BackupFailed}.
 */
@QuarkusTest
class SupersededAttemptTest {

    @InjectRealServers
    RealServers servers;

    @Inject
    BackupJournal journal;

    @Inject
    BackupRequestQueue queue;

    @Test
    void anAttemptANewerOneReplacedRecordsNeitherItsStartNorItsFailureAndTheNewerOneStillCan() {
        BackupRequestRecord newer = runningRequest(2);
        BackupRequestRecord older = copyAt(newer, 1);
        BackupEvents events = new BackupEvents(new KafkaProbe(servers.kafka().orElseThrow().bootstrapServers()));

        assertThatThrownBy(() -> journal.started(older, "old-backup", Instant.now()).recording().join())
                .isInstanceOf(CompletionException.class).hasCauseInstanceOf(SupersededAttemptException.class);
        assertThatThrownBy(() -> journal.failed(older, null, new BackupFailure(FailureCode.DUMP_FAILED, "the old attempt"), null))
                .isInstanceOf(SupersededAttemptException.class)
                .hasMessage("attempt 1 of backup request " + newer.requestId + " was taken over by a newer attempt; it records nothing");
        BackupRequestRecord stored = reload(newer.requestId);
        assertThat(stored.status).isEqualTo(BackupRequestRecord.Status.RUNNING);
        assertThat(stored.attempt).isEqualTo(2);
        assertThat(stored.backupId).isNull();
        assertThat(stored.lastError).isNull();

        journal.failed(newer, null, new BackupFailure(FailureCode.DUMP_FAILED, "the newer attempt"), null);
        assertThat(reload(newer.requestId).status).isEqualTo(BackupRequestRecord.Status.FAILED);
        BackupFailed failed = events.await(BackupFailed.class, newer.correlationId, Duration.ofSeconds(30)).data();
        assertThat(failed.attempt()).isEqualTo(2);
        await().during(Duration.ofSeconds(2)).atMost(Duration.ofSeconds(5)).until(() ->
                events.all(BackupFailed.class, event -> newer.correlationId.equals(event.correlationId())).size() == 1
                        && events.all(BackupStarted.class, event -> newer.correlationId.equals(event.correlationId())).isEmpty());
    }

    @Test
    void anAttemptANewerOneReplacedWritesNoHeartbeatNorProgressForIt() {
        BackupRequestRecord newer = runningRequest(2);
        Instant beat = Instant.now().plus(Duration.ofHours(2)).truncatedTo(ChronoUnit.MILLIS);
        ReactiveSessions.await(() -> queue.heartbeat(List.of(new BackupRequestQueue.Alive(newer.requestId, 1,
                new ProgressReading(500, 1000, 10, 50, 50L))), beat));
        BackupRequestRecord stored = reload(newer.requestId);
        assertThat(stored.heartbeatAt).as("the older attempt's heartbeat").isBefore(beat);
        assertThat(stored.progressBytes).isNull();

        ReactiveSessions.await(() -> queue.heartbeat(List.of(new BackupRequestQueue.Alive(newer.requestId, 2,
                new ProgressReading(700, 1000, 10, 70, 30L))), beat));
        assertThat(reload(newer.requestId).heartbeatAt).isEqualTo(beat);
        assertThat(reload(newer.requestId).progressBytes).isEqualTo(700L);
    }

    /** A request RUNNING its attempt {@code attempt}, of a database no backup is taken of, beating for the next hour. */
    private static BackupRequestRecord runningRequest(int attempt) {
        BackupRequestRecord row = new BackupRequestRecord();
        row.requestId = UUID.randomUUID().toString();
        row.databaseId = "superseded-db";
        row.trigger = "MANUAL";
        row.requestedBy = "superseded-test";
        row.labels = Map.of();
        row.eventId = UUID.randomUUID().toString();
        row.correlationId = row.requestId;
        row.source = "/superseded-test";
        row.receivedAt = Instant.now();
        row.status = BackupRequestRecord.Status.RUNNING;
        row.attempt = attempt;
        row.heartbeatAt = Instant.now().plus(Duration.ofHours(1));
        ReactiveSessions.await(() -> Panache.withTransaction(row::persist));
        return copyAt(row, attempt);
    }

    private static BackupRequestRecord copyAt(BackupRequestRecord row, int attempt) {
        BackupRequestRecord copy = new BackupRequestRecord();
        copy.requestId = row.requestId;
        copy.databaseId = row.databaseId;
        copy.trigger = row.trigger;
        copy.requestedBy = row.requestedBy;
        copy.labels = row.labels;
        copy.eventId = row.eventId;
        copy.correlationId = row.correlationId;
        copy.source = row.source;
        copy.receivedAt = row.receivedAt;
        copy.status = BackupRequestRecord.Status.RUNNING;
        copy.attempt = attempt;
        return copy;
    }

    private static BackupRequestRecord reload(String requestId) {
        return ReactiveSessions.await(() -> Panache.withSession(() -> BackupRequestRecord.<BackupRequestRecord>findById(requestId)));
    }
}
