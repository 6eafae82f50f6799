package dev.lifeboat.backup.intake;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.groups.Tuple.tuple;

class QueueListingOrderTest {

    private static final Instant NOW = Instant.parse("2026-11-25T02:00:30Z");
    private static final Instant STALE_BEFORE = NOW.minus(Duration.ofMinutes(2));
    private static final String ONE = "pg-1:5432";
    private static final String TWO = "pg-2:5432";

    @Test
    void requestsDueAtTheSameTimeAreClaimedInTheOrderTheyWereReceivedWhateverTheRowOrder() {
        QueueListing listing = QueueListing.of(List.of(
                row("late", BackupRequestRecord.Status.RECEIVED, NOW.minusSeconds(10), NOW.minusSeconds(5), TWO, 2),
                row("early", BackupRequestRecord.Status.RECEIVED, NOW.minusSeconds(10), NOW.minusSeconds(50), ONE, 2)), NOW, STALE_BEFORE);

        assertThat(listing.waiting()).extracting(w -> w.request().databaseId, QueueListing.Waiting::place)
                .containsExactly(tuple("early", 1), tuple("late", 2));
    }

    @Test
    void theEarlierDueIsClaimedFirstEvenWhenReceivedLater() {
        QueueListing listing = QueueListing.of(List.of(
                row("retry", BackupRequestRecord.Status.RETRYING, NOW.minusSeconds(100), NOW.minusSeconds(3_600), ONE, 2),
                row("fresh", BackupRequestRecord.Status.RECEIVED, NOW.minusSeconds(200), NOW.minusSeconds(200), TWO, 2)), NOW, STALE_BEFORE);

        assertThat(listing.waiting()).extracting(w -> w.request().databaseId).containsExactly("fresh", "retry");
    }

    @Test
    void aRequestWithoutANextAttemptTimeIsDueNowBetweenThoseDueBeforeAndThoseNotDueYet() {
        QueueListing listing = QueueListing.of(List.of(
                row("later", BackupRequestRecord.Status.RETRYING, NOW.plusSeconds(10), NOW.minusSeconds(300), ONE, 2),
                row("undated", BackupRequestRecord.Status.RECEIVED, null, NOW.minusSeconds(100), ONE, 2),
                row("earlier", BackupRequestRecord.Status.RECEIVED, NOW.minusSeconds(10), NOW.minusSeconds(10), ONE, 2)), NOW, STALE_BEFORE);

        assertThat(listing.waiting()).extracting(w -> w.request().databaseId, QueueListing.Waiting::place, QueueListing.Waiting::hold)
                .containsExactly(tuple("earlier", 1, QueueListing.Hold.NONE),
                        tuple("undated", 2, QueueListing.Hold.NONE),
                        tuple("later", 3, QueueListing.Hold.NOT_DUE));
        QueueListing.Waiting undated = listing.waiting().get(1);
        assertThat(undated.dueAt()).isEqualTo(NOW);
        assertThat(undated.waitedFor()).isZero();
    }

    @Test
    void amongThoseDueTogetherOneWithoutAReceivedTimeComesFirst() {
        QueueListing listing = QueueListing.of(List.of(
                row("received", BackupRequestRecord.Status.RECEIVED, NOW.minusSeconds(10), NOW.minusSeconds(60), ONE, 2),
                row("unknown", BackupRequestRecord.Status.RECEIVED, NOW.minusSeconds(10), null, ONE, 2)), NOW, STALE_BEFORE);

        assertThat(listing.waiting()).extracting(w -> w.request().databaseId).containsExactly("unknown", "received");
    }

    @Test
    void aRequestDueExactlyNowIsDueAndHasWaitedNothing() {
        QueueListing listing = QueueListing.of(List.of(
                row("a", BackupRequestRecord.Status.RETRYING, NOW, NOW.minusSeconds(30), ONE, 2)), NOW, STALE_BEFORE);

        assertThat(listing.waiting()).singleElement().satisfies(waiting -> {
            assertThat(waiting.hold()).isEqualTo(QueueListing.Hold.NONE);
            assertThat(waiting.waitedFor()).isZero();
            assertThat(waiting.dueAt()).isEqualTo(NOW);
            assertThat(waiting.status()).isEqualTo("RETRYING");
            assertThat(waiting.abandoned()).isFalse();
        });
    }

    @Test
    void waitedForCountsFromWhenItWasDueNotFromWhenItWasReceived() {
        QueueListing listing = QueueListing.of(List.of(
                row("a", BackupRequestRecord.Status.RETRYING, NOW.minusSeconds(90), NOW.minusSeconds(3_600), ONE, 2)), NOW, STALE_BEFORE);

        assertThat(listing.waiting()).singleElement().satisfies(waiting -> {
            assertThat(waiting.waitedFor()).isEqualTo(Duration.ofSeconds(90));
            assertThat(waiting.dueAt()).isEqualTo(NOW.minusSeconds(90));
        });
    }

    @Test
    void aRetryNotDueYetIsHeldAsNotDueEvenWhenItsDatabaseRunsAndItsServerIsFull() {
        QueueListing listing = QueueListing.of(List.of(
                row("a", BackupRequestRecord.Status.RUNNING, NOW.minusSeconds(60), NOW.minusSeconds(60), ONE, 1),
                row("a", BackupRequestRecord.Status.RETRYING, NOW.plusSeconds(60), NOW.minusSeconds(600), ONE, 1)), NOW, STALE_BEFORE);

        assertThat(listing.waiting()).singleElement().satisfies(waiting -> {
            assertThat(waiting.hold()).isEqualTo(QueueListing.Hold.NOT_DUE);
            assertThat(waiting.waitedFor()).isZero();
            assertThat(waiting.dueAt()).isEqualTo(NOW.plusSeconds(60));
        });
    }

    @Test
    void aDueRequestWhoseDatabaseRunsIsHeldByItsDatabaseBeforeItsFullServer() {
        QueueListing listing = QueueListing.of(List.of(
                row("a", BackupRequestRecord.Status.RUNNING, NOW.minusSeconds(60), NOW.minusSeconds(60), ONE, 1),
                row("a", BackupRequestRecord.Status.RECEIVED, NOW.minusSeconds(10), NOW.minusSeconds(10), ONE, 1)), NOW, STALE_BEFORE);

        assertThat(listing.waiting()).extracting(QueueListing.Waiting::hold).containsExactly(QueueListing.Hold.DATABASE_BUSY);
    }

    @Test
    void aRunningBackupOfADatabaseHoldsItsOtherRequestsOnAnyServerButNotOtherDatabases() {
        QueueListing listing = QueueListing.of(List.of(
                row("a", BackupRequestRecord.Status.RUNNING, NOW.minusSeconds(60), NOW.minusSeconds(60), ONE, 5),
                row("a", BackupRequestRecord.Status.RECEIVED, NOW.minusSeconds(20), NOW.minusSeconds(20), TWO, 5),
                row("b", BackupRequestRecord.Status.RECEIVED, NOW.minusSeconds(10), NOW.minusSeconds(10), ONE, 5)), NOW, STALE_BEFORE);

        assertThat(listing.waiting()).extracting(w -> w.request().databaseId, QueueListing.Waiting::hold)
                .containsExactly(tuple("a", QueueListing.Hold.DATABASE_BUSY), tuple("b", QueueListing.Hold.NONE));
    }

    @Test
    void aServerBelowItsLimitHoldsNothingAndOneAtItHoldsEveryDueRequestOnIt() {
        QueueListing below = QueueListing.of(List.of(
                row("a", BackupRequestRecord.Status.RUNNING, NOW.minusSeconds(60), NOW.minusSeconds(60), ONE, 2),
                row("b", BackupRequestRecord.Status.RECEIVED, NOW.minusSeconds(10), NOW.minusSeconds(10), ONE, 2)), NOW, STALE_BEFORE);
        QueueListing at = QueueListing.of(List.of(
                row("a", BackupRequestRecord.Status.RUNNING, NOW.minusSeconds(60), NOW.minusSeconds(60), ONE, 2),
                row("c", BackupRequestRecord.Status.RUNNING, NOW.minusSeconds(50), NOW.minusSeconds(50), ONE, 2),
                row("b", BackupRequestRecord.Status.RECEIVED, NOW.minusSeconds(10), NOW.minusSeconds(10), ONE, 2),
                row("d", BackupRequestRecord.Status.RECEIVED, NOW.minusSeconds(5), NOW.minusSeconds(5), ONE, 2)), NOW, STALE_BEFORE);

        assertThat(below.waiting()).extracting(QueueListing.Waiting::hold).containsExactly(QueueListing.Hold.NONE);
        assertThat(at.waiting()).extracting(QueueListing.Waiting::hold)
                .containsExactly(QueueListing.Hold.SERVER_FULL, QueueListing.Hold.SERVER_FULL);
    }

    @Test
    void theServerLimitIsTheSmallestOfItsDatabasesSoOneRunningBackupFillsAServerWhereOneDatabaseAllowsOnlyOne() {
        // the queue gives every row of a server the smallest maxConcurrentPerServer registered there: here 1 (of 1 and 3)
        int smallest = Math.min(1, 3);
        QueueListing listing = QueueListing.of(List.of(
                row("strict", BackupRequestRecord.Status.RUNNING, NOW.minusSeconds(60), NOW.minusSeconds(60), ONE, smallest),
                row("lenient", BackupRequestRecord.Status.RECEIVED, NOW.minusSeconds(10), NOW.minusSeconds(10), ONE, smallest),
                row("elsewhere", BackupRequestRecord.Status.RECEIVED, NOW.minusSeconds(5), NOW.minusSeconds(5), TWO, 3)), NOW, STALE_BEFORE);

        assertThat(listing.waiting()).extracting(w -> w.request().databaseId, QueueListing.Waiting::hold)
                .containsExactly(tuple("lenient", QueueListing.Hold.SERVER_FULL), tuple("elsewhere", QueueListing.Hold.NONE));
        assertThat(listing.servers()).containsEntry(ONE, new QueueListing.ServerLoad(1, 1))
                .containsEntry(TWO, new QueueListing.ServerLoad(0, 1)).hasSize(2);
    }

    @Test
    void waitingRequestsDoNotFillTheirServerOnlyRunningOnesDo() {
        QueueListing listing = QueueListing.of(List.of(
                row("a", BackupRequestRecord.Status.RECEIVED, NOW.minusSeconds(30), NOW.minusSeconds(30), ONE, 1),
                row("b", BackupRequestRecord.Status.RECEIVED, NOW.minusSeconds(20), NOW.minusSeconds(20), ONE, 1),
                row("c", BackupRequestRecord.Status.RECEIVED, NOW.minusSeconds(10), NOW.minusSeconds(10), ONE, 1)), NOW, STALE_BEFORE);

        assertThat(listing.waiting()).extracting(QueueListing.Waiting::place, QueueListing.Waiting::hold)
                .containsExactly(tuple(1, QueueListing.Hold.NONE), tuple(2, QueueListing.Hold.NONE), tuple(3, QueueListing.Hold.NONE));
        assertThat(listing.servers()).containsEntry(ONE, new QueueListing.ServerLoad(0, 3)).hasSize(1);
    }

    @Test
    void aRunningBackupWithoutAHeartbeatYetStillRunsAndHoldsItsDatabaseAndServer() {
        QueueListing.Row running = row("a", BackupRequestRecord.Status.RUNNING, NOW.minusSeconds(600), NOW.minusSeconds(600), ONE, 1);
        running.request().heartbeatAt = null;
        QueueListing listing = QueueListing.of(List.of(running,
                row("a", BackupRequestRecord.Status.RECEIVED, NOW.minusSeconds(20), NOW.minusSeconds(20), ONE, 1),
                row("b", BackupRequestRecord.Status.RECEIVED, NOW.minusSeconds(10), NOW.minusSeconds(10), ONE, 1)), NOW, STALE_BEFORE);

        assertThat(listing.waiting()).extracting(w -> w.request().databaseId, QueueListing.Waiting::hold)
                .containsExactly(tuple("a", QueueListing.Hold.DATABASE_BUSY), tuple("b", QueueListing.Hold.SERVER_FULL));
        assertThat(listing.servers()).containsEntry(ONE, new QueueListing.ServerLoad(1, 2));
    }

    @Test
    void aHeartbeatExactlyAtTheStaleMomentIsStillAlive() {
        QueueListing.Row running = row("a", BackupRequestRecord.Status.RUNNING, NOW.minusSeconds(600), NOW.minusSeconds(600), ONE, 1);
        running.request().heartbeatAt = STALE_BEFORE;
        QueueListing listing = QueueListing.of(List.of(running,
                row("b", BackupRequestRecord.Status.RECEIVED, NOW.minusSeconds(10), NOW.minusSeconds(10), ONE, 1)), NOW, STALE_BEFORE);

        assertThat(listing.waiting()).extracting(w -> w.request().databaseId, QueueListing.Waiting::hold)
                .containsExactly(tuple("b", QueueListing.Hold.SERVER_FULL));
        assertThat(listing.servers()).containsEntry(ONE, new QueueListing.ServerLoad(1, 1));
    }

    @Test
    void anAbandonedBackupNoLongerHoldsItsDatabaseSoAnotherRequestOfItIsFree() {
        QueueListing.Row abandoned = row("a", BackupRequestRecord.Status.RUNNING, NOW.minusSeconds(600), NOW.minusSeconds(600), ONE, 1);
        abandoned.request().heartbeatAt = STALE_BEFORE.minusMillis(1);
        QueueListing listing = QueueListing.of(List.of(abandoned,
                row("a", BackupRequestRecord.Status.RECEIVED, NOW.minusSeconds(20), NOW.minusSeconds(20), ONE, 1)), NOW, STALE_BEFORE);

        assertThat(listing.waiting()).extracting(w -> w.request().databaseId, QueueListing.Waiting::hold, QueueListing.Waiting::abandoned)
                .containsExactly(tuple("a", QueueListing.Hold.NONE, false), tuple("a", QueueListing.Hold.NONE, true));
        assertThat(listing.waiting().get(0).status()).isEqualTo("RECEIVED");
        assertThat(listing.waiting().get(1).status()).isEqualTo("RETRYING");
        assertThat(listing.servers()).containsEntry(ONE, new QueueListing.ServerLoad(0, 2));
    }

    @Test
    void aRunningBackupOfADatabaseNoLongerRegisteredHoldsItsDatabaseButCountsOnNoServer() {
        QueueListing listing = QueueListing.of(List.of(
                row("gone", BackupRequestRecord.Status.RUNNING, NOW.minusSeconds(60), NOW.minusSeconds(60), null, 0),
                row("gone", BackupRequestRecord.Status.RECEIVED, NOW.minusSeconds(10), NOW.minusSeconds(10), null, 0)), NOW, STALE_BEFORE);

        assertThat(listing.waiting()).extracting(QueueListing.Waiting::hold).containsExactly(QueueListing.Hold.DATABASE_BUSY);
        assertThat(listing.servers()).isEmpty();
    }

    @Test
    void notDueRequestsCountAsWaitingOnTheirServer() {
        QueueListing listing = QueueListing.of(List.of(
                row("a", BackupRequestRecord.Status.RETRYING, NOW.plusSeconds(60), NOW.minusSeconds(60), TWO, 2),
                row("b", BackupRequestRecord.Status.RETRYING, NOW.plusSeconds(120), NOW.minusSeconds(60), TWO, 2)), NOW, STALE_BEFORE);

        assertThat(listing.waiting()).extracting(QueueListing.Waiting::hold)
                .containsExactly(QueueListing.Hold.NOT_DUE, QueueListing.Hold.NOT_DUE);
        assertThat(listing.servers()).containsEntry(TWO, new QueueListing.ServerLoad(0, 2)).hasSize(1);
    }

    @Test
    void anEmptyQueueListsNothingAndRegisteredServersKeepTheLoadTheyHave() {
        QueueListing empty = QueueListing.of(List.of(), NOW, STALE_BEFORE);
        assertThat(empty.waiting()).isEmpty();
        assertThat(empty.servers()).isEmpty();

        QueueListing listing = QueueListing.of(List.of(
                row("a", BackupRequestRecord.Status.RECEIVED, NOW.minusSeconds(10), NOW.minusSeconds(10), ONE, 2)), NOW, STALE_BEFORE)
                .withServers(List.of(ONE, TWO));
        assertThat(listing.servers()).containsEntry(ONE, new QueueListing.ServerLoad(0, 1))
                .containsEntry(TWO, new QueueListing.ServerLoad(0, 0)).hasSize(2);
        assertThat(listing.waiting()).hasSize(1);
    }

    private static QueueListing.Row row(String databaseId, BackupRequestRecord.Status status, Instant due, Instant received, String server,
                                        int limit) {
        BackupRequestRecord request = new BackupRequestRecord();
        request.requestId = databaseId + "-" + status + "-" + due + "-" + received;
        request.databaseId = databaseId;
        request.status = status;
        request.nextAttemptAt = due;
        request.receivedAt = received;
        return new QueueListing.Row(request, server, limit);
    }
}
