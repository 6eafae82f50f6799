package dev.lifeboat.backup.intake;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class QueueListingTest {

    private static final Instant NOW = Instant.parse("2026-11-25T02:00:30Z");
    private static final Instant STALE_BEFORE = NOW.minus(Duration.ofMinutes(2));
    private static final String ONE = "pg-1:5432";
    private static final String TWO = "pg-2:5432";

    @Test
    void waitingRequestsArePlacedInClaimOrderAndAServerAtItsLimitHoldsItsOwn() {
        QueueListing listing = QueueListing.of(List.of(
                row("a", BackupRequestRecord.Status.RUNNING, NOW.minusSeconds(60), ONE, 2),
                row("b", BackupRequestRecord.Status.RUNNING, NOW.minusSeconds(60), ONE, 2),
                row("c", BackupRequestRecord.Status.RECEIVED, NOW.minusSeconds(30), ONE, 2),
                row("d", BackupRequestRecord.Status.RECEIVED, NOW.minusSeconds(20), TWO, 2),
                row("e", BackupRequestRecord.Status.RECEIVED, NOW.minusSeconds(10), ONE, 2)), NOW, STALE_BEFORE);

        assertThat(listing.waiting()).extracting(w -> w.request().databaseId, QueueListing.Waiting::place, QueueListing.Waiting::hold)
                .containsExactly(org.assertj.core.groups.Tuple.tuple("c", 1, QueueListing.Hold.SERVER_FULL),
                        org.assertj.core.groups.Tuple.tuple("d", 2, QueueListing.Hold.NONE),
                        org.assertj.core.groups.Tuple.tuple("e", 3, QueueListing.Hold.SERVER_FULL));
        assertThat(listing.waiting().get(0).waitedFor()).isEqualTo(Duration.ofSeconds(30));
        assertThat(listing.servers()).containsEntry(ONE, new QueueListing.ServerLoad(2, 2)).containsEntry(TWO, new QueueListing.ServerLoad(0, 1));
    }

    @Test
    void aRetryBackingOffIsNotDueAndHasNotWaitedAndASecondRequestOfARunningDatabaseWaitsForIt() {
        QueueListing listing = QueueListing.of(List.of(
                row("a", BackupRequestRecord.Status.RUNNING, NOW.minusSeconds(60), ONE, 2),
                row("a", BackupRequestRecord.Status.RECEIVED, NOW.minusSeconds(5), ONE, 2),
                row("f", BackupRequestRecord.Status.RETRYING, NOW.plusSeconds(40), TWO, 2)), NOW, STALE_BEFORE);

        assertThat(listing.waiting()).extracting(QueueListing.Waiting::hold)
                .containsExactly(QueueListing.Hold.DATABASE_BUSY, QueueListing.Hold.NOT_DUE);
        assertThat(listing.waiting().get(1).waitedFor()).isZero();
    }

    @Test
    void everyServerWithARegisteredDatabaseIsListedAtZeroWhenIdle() {
        QueueListing listing = QueueListing.of(List.of(row("a", BackupRequestRecord.Status.RUNNING, NOW, ONE, 2)), NOW, STALE_BEFORE)
                .withServers(List.of(ONE, TWO));

        assertThat(listing.servers()).containsEntry(ONE, new QueueListing.ServerLoad(1, 0))
                .containsEntry(TWO, new QueueListing.ServerLoad(0, 0)).hasSize(2);
    }

    @Test
    void aRequestOfADatabaseNoLongerRegisteredHasNoServerAndNothingHoldsIt() {
        QueueListing listing = QueueListing.of(List.of(row("gone", BackupRequestRecord.Status.RECEIVED, NOW, null, 0)), NOW, STALE_BEFORE);

        assertThat(listing.waiting()).singleElement().satisfies(waiting -> {
            assertThat(waiting.server()).isNull();
            assertThat(waiting.hold()).isEqualTo(QueueListing.Hold.NONE);
        });
        assertThat(listing.servers()).isEmpty();
    }

    @Test
    void aRunningBackupWhoseReplicaDiedHoldsNoPlaceAndWaitsAgainAsTheNextClaimMakesIt() {
        QueueListing.Row abandoned = row("a", BackupRequestRecord.Status.RUNNING, NOW.minusSeconds(600), ONE, 1);
        abandoned.request().heartbeatAt = STALE_BEFORE.minusSeconds(1);
        QueueListing.Row alive = row("b", BackupRequestRecord.Status.RUNNING, NOW.minusSeconds(600), TWO, 1);
        alive.request().heartbeatAt = NOW.minusSeconds(5);
        QueueListing listing = QueueListing.of(List.of(abandoned, alive,
                row("c", BackupRequestRecord.Status.RECEIVED, NOW.minusSeconds(30), ONE, 1),
                row("d", BackupRequestRecord.Status.RECEIVED, NOW.minusSeconds(20), TWO, 1),
                row("e", BackupRequestRecord.Status.RETRYING, NOW.plusSeconds(30), ONE, 1)), NOW, STALE_BEFORE);

        // the claim makes the abandoned one due now: after those due before, before a retry not due yet
        assertThat(listing.waiting()).extracting(w -> w.request().databaseId, QueueListing.Waiting::hold)
                .containsExactly(org.assertj.core.groups.Tuple.tuple("c", QueueListing.Hold.NONE),
                        org.assertj.core.groups.Tuple.tuple("d", QueueListing.Hold.SERVER_FULL),
                        org.assertj.core.groups.Tuple.tuple("a", QueueListing.Hold.NONE),
                        org.assertj.core.groups.Tuple.tuple("e", QueueListing.Hold.NOT_DUE));
        assertThat(listing.waiting().get(2).waitedFor()).isZero();
        assertThat(listing.waiting().get(2).dueAt()).isEqualTo(NOW);
        assertThat(listing.waiting().get(2).status()).isEqualTo("RETRYING");
        assertThat(listing.servers()).containsEntry(ONE, new QueueListing.ServerLoad(0, 3)).containsEntry(TWO, new QueueListing.ServerLoad(1, 1));
    }

    private static QueueListing.Row row(String databaseId, BackupRequestRecord.Status status, Instant due, String server, int limit) {
        BackupRequestRecord request = new BackupRequestRecord();
        request.requestId = databaseId + "-" + status + "-" + due;
        request.databaseId = databaseId;
        request.status = status;
        request.nextAttemptAt = due;
        request.receivedAt = due;
        return new QueueListing.Row(request, server, limit);
    }
}
