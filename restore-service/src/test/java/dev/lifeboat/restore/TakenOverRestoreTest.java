package dev.lifeboat.restore;

import dev.lifeboat.events.Topics;
import dev.lifeboat.events.backup.BackupRequested;
import dev.lifeboat.events.restore.RestoreCompleted;
import dev.lifeboat.events.restore.RestoreFailed;
import dev.lifeboat.events.restore.RestoreTarget;
import dev.lifeboat.postgres.lock.DatabaseLock;
import dev.lifeboat.realservers.RealServers;
import dev.lifeboat.realservers.kafka.KafkaProbe;
import dev.lifeboat.realservers.kafka.TopicEvents;
import dev.lifeboat.realservers.postgres.PostgresServer;
import dev.lifeboat.realservers.quarkus.InjectRealServers;
import dev.lifeboat.restore.intake.RestoreAttempt;
import dev.lifeboat.restore.intake.RestoreJournal;
import dev.lifeboat.restore.intake.RestoreRequestRecord;
import dev.lifeboat.restore.intake.TakenOver;
import dev.lifeboat.restore.job.RestoreEvents;
import dev.lifeboat.restore.source.SafetyBackups;
import dev.lifeboat.restore.step.RestoreStep;
import dev.lifeboat.restore.target.TargetServer;
import dev.lifeboat.restore.target.TargetServers;
import dev.lifeboat.service.reactive.ReactiveSessions;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

/**
 * Issue 50, part 6: a restore whose worker froze past its heartbeat (a long pause, a suspended VM) is taken over by a
 * recovery as its next attempt. Before, the recovery waited behind the frozen worker's open transaction (a swap between
 * its renames) and its lock, and the worker, once resumed, went on writing the run and could announce a second ending.
 * Here the frozen attempt is a session on the target named as attempt 1's, in an open transaction holding the database's
 * lock, and a journal row RUNNING as attempt 1 whose heartbeat is a minute old; what it writes after the takeover is
 * written through the service's own journal and events, as the resumed worker would.
 */
@QuarkusTest
class TakenOverRestoreTest {

    private static final Duration WAIT = Duration.ofMinutes(1);
    /** What a stopped run recorded before its swap or its tables' commit: the point it reached, and why it read the copy. */
    private static final RestoreCompleted.PointReached RECORDED_POINT = new RestoreCompleted.PointReached(
            Instant.parse("2026-11-29T12:00:00Z"), Instant.parse("2026-11-29T11:59:59.5Z"), "0/3000060", 12, 340, null);
    private static final String RECORDED_COPY_REASON = "the primary bucket: CHECKSUM, the archive's SHA-256 differs";

    @InjectRealServers
    RealServers servers;

    @Inject
    RestoreJournal journal;

    @Inject
    RestoreEvents events;

    @Inject
    TargetServers targets;

    @Inject
    SafetyBackups safetyBackups;

    @Test
    void aRunWhoseWorkerFrozeIsTakenOverItsSessionsEndedAndOnceResumedItRecordsAndAnnouncesNothing() throws Exception {
        PostgresServer postgres = servers.postgres().orElseThrow();
        Flows flows = new Flows(servers);
        String restoreId = UUID.randomUUID().toString();
        String halfMade = "shop_frozen_" + restoreId.substring(0, 8);
        postgres.execute("CREATE DATABASE " + halfMade);
        try (Connection frozen = postgres.connect("shop"); Statement statement = frozen.createStatement()) {
            statement.execute("SET application_name = 'lifeboat restore " + restoreId + "#1'");
            frozen.setAutoCommit(false);
            statement.execute(DatabaseLock.TRY_LOCK_SQL);
            statement.execute("SELECT count(*) FROM orders");
            running(restoreId, halfMade);

            RestoreFailed failed = (RestoreFailed) flows.ending(restoreId, WAIT);
            assertThat(failed.errorCode()).isEqualTo("INTERRUPTED");
            assertThat(failed.message()).contains(halfMade + " was dropped");
            assertThat(frozen.isValid(2)).as("the frozen attempt's session was ended").isFalse();
        }
        assertThat(TestDatabases.databasesLike(postgres, halfMade)).isEmpty();
        try (Connection other = postgres.connect("shop"); Statement statement = other.createStatement();
             ResultSet lock = statement.executeQuery(DatabaseLock.TRY_LOCK_SQL)) {
            assertThat(lock.next() && lock.getBoolean(1)).as("the database's lock is free again").isTrue();
        }
        RestoreRequestRecord ended = record(restoreId);
        assertThat(ended.status).isEqualTo("FAILED");
        assertThat(ended.attempt).as("the recovery's attempt").isEqualTo(2);

        RestoreAttempt resumed = new RestoreAttempt(restoreId, 1);
        assertThat(journal.heartbeat(resumed, null)).isFalse();
        assertThatThrownBy(() -> journal.update(resumed, row -> row.stagingDatabase = "anything")).isInstanceOf(TakenOver.class)
                .hasMessageContaining("attempt 1 no longer owns the run (it is FAILED as attempt 2)");
        assertThatThrownBy(() -> journal.step(resumed, RestoreStep.SWAP, Instant.now(), true, "swapped")).isInstanceOf(TakenOver.class);
        assertThatThrownBy(() -> journal.setAside(resumed, "shop", "shop_pre_restore_x", Duration.ofDays(1))).isInstanceOf(TakenOver.class);
        assertThatThrownBy(() -> safetyBackups.takeAndAwait(restoreId, "shop", "admin", Duration.ofSeconds(5),
                () -> journal.stillOwns(resumed))).as("no safety backup is asked for").isInstanceOf(TakenOver.class);
        TargetServer resumedTarget = targets.of("shop").forRestore(restoreId, 1, () -> journal.stillOwns(resumed));
        assertThatThrownBy(() -> resumedTarget.open("postgres", "restore (databases)", RestoreStep.PREPARE_TARGET))
                .as("a session the resumed attempt opens is closed before it is used").isInstanceOf(TakenOver.class);
        await().atMost(Duration.ofSeconds(10)).until(() -> TestDatabases.count(postgres, "postgres", "SELECT count(*) FROM "
                + "pg_stat_activity WHERE application_name = 'lifeboat restore " + restoreId + "#1'") == 0);
        assertThatThrownBy(() -> events.record(resumed, row -> row.status = "COMPLETED", restoreId, new RestoreCompleted(restoreId, "shop",
                "a-backup", RestoreTarget.Kind.NEW_DATABASE, halfMade, 1, 1, List.of(), null, null))).isInstanceOf(TakenOver.class);

        TopicEvents backupRequests = new TopicEvents(new KafkaProbe(servers.kafka().orElseThrow().bootstrapServers()), Topics.BACKUP_REQUESTS);
        await().during(Duration.ofSeconds(3)).atMost(Duration.ofSeconds(10)).until(() -> flows.restoreEvents.all(RestoreCompleted.class,
                event -> restoreId.equals(event.correlationId())).isEmpty() && flows.restoreEvents.all(RestoreFailed.class,
                event -> restoreId.equals(event.correlationId())).size() == 1
                && backupRequests.all(BackupRequested.class, event -> restoreId.equals(event.correlationId())).isEmpty());
        RestoreRequestRecord after = record(restoreId);
        assertThat(after.status).isEqualTo("FAILED");
        assertThat(after.stagingDatabase).isNull();
        assertThat(after.attempt).isEqualTo(2);
    }

    @Test
    void aRestoreClaimedByAWorkerRunsAsItsFirstAttemptAndCompletesAndALateHeartbeatOfItIsNoTakeover() {
        Flows flows = new Flows(servers);
        flows.backup("shop");
        String target = "shop_attempt_" + UUID.randomUUID().toString().substring(0, 8);
        String restoreId = flows.restore("""
                {"databaseId":"shop","source":{"kind":"LATEST"},"target":{"kind":"NEW_DATABASE","databaseName":"%s"}}""".formatted(target));
        assertThat(flows.completed(restoreId, WAIT).targetDatabase()).isEqualTo(target);
        RestoreRequestRecord completed = record(restoreId);
        assertThat(completed.status).isEqualTo("COMPLETED");
        assertThat(completed.attempt).isEqualTo(1);
        assertThat(journal.heartbeat(new RestoreAttempt(restoreId, 1), null))
                .as("a heartbeat just after its own attempt ended the run: not taken over").isTrue();
        assertThat(record(restoreId).heartbeatAt).as("nothing was written").isEqualTo(completed.heartbeatAt);
    }

    @Test
    void aTablesRestoreWhoseServiceStoppedAfterItsLiveTransactionCommittedIsCompletedByItsRecovery() throws Exception {
        PostgresServer postgres = servers.postgres().orElseThrow();
        Flows flows = new Flows(servers);
        String restoreId = UUID.randomUUID().toString();
        String staging = stoppedTablesRestore(postgres, restoreId, true);

        RestoreCompleted completed = (RestoreCompleted) flows.ending(restoreId, WAIT);
        assertThat(completed.targetKind()).isEqualTo(RestoreTarget.Kind.TABLES);
        assertThat(completed.targetDatabase()).isEqualTo("shop");
        assertThat(completed.backupId()).isEqualTo("the-resolved-backup");
        assertThat(completed.rowsRestored()).as("as recorded before the commit").isEqualTo(1_700L);
        assertThat(completed.pointReached()).isEqualTo(RECORDED_POINT);
        assertThat(completed.readFromCopy()).isEqualTo(RECORDED_COPY_REASON);
        assertThat(TestDatabases.databasesLike(postgres, staging)).as("the staging database was dropped").isEmpty();
        RestoreRequestRecord ended = record(restoreId);
        assertThat(ended.status).isEqualTo("COMPLETED");
        assertThat(ended.attempt).isEqualTo(2);
    }

    @Test
    void aTablesRestoreWhoseLiveTransactionRolledBackIsFailedWithNothingLiveChanged() throws Exception {
        PostgresServer postgres = servers.postgres().orElseThrow();
        Flows flows = new Flows(servers);
        String restoreId = UUID.randomUUID().toString();
        String staging = stoppedTablesRestore(postgres, restoreId, false);

        RestoreFailed failed = (RestoreFailed) flows.ending(restoreId, WAIT);
        assertThat(failed.errorCode()).isEqualTo("INTERRUPTED");
        assertThat(failed.message()).contains(staging + " was dropped").contains("nothing live was changed");
        RestoreRequestRecord ended = record(restoreId);
        assertThat(ended.rowsRestored).as("what was recorded before the commit, taken back").isNull();
        assertThat(ended.liveTransaction).isNull();
        assertThat(TestDatabases.databasesLike(postgres, staging)).isEmpty();
    }

    /**
     * A TABLES restore of shop RUNNING as attempt 1 that recorded its live transaction (a real one on shop, committed or
     * rolled back) and 1,700 rows restored before it stopped answering; returns its staging database.
     */
    private static String stoppedTablesRestore(PostgresServer postgres, String restoreId, boolean committed) throws Exception {
        String staging = "shop_tables_staging_" + restoreId.substring(0, 8);
        postgres.execute("CREATE DATABASE " + staging);
        RestoreRequestRecord row = RunningRestores.row(restoreId, "shop", "TABLES", "shop", staging);
        row.resolvedBackupId = "the-resolved-backup";
        row.liveTransaction = transactionOnShop(postgres, committed);
        row.rowsRestored = 1_700L;
        row.pointReached = RestoreJournal.json(RECORDED_POINT);
        row.readFromCopy = RECORDED_COPY_REASON;
        ReactiveSessions.await(() -> Panache.withTransaction(row::persist));
        return staging;
    }

    /**
     * An IN_PLACE restore whose service stopped after its swap committed is completed by its recovery once the post-swap
     * check passes, with what the run recorded before the swap: its rows, its point reached and why it read the second
     * bucket's copy. Before, its {@code RestoreCompleted} gave no point reached and no copy's reason.
     */
    @Test
    void anInPlaceRestoreWhoseServiceStoppedAfterItsSwapIsCompletedWithThePointAndTheCopyItRecorded() throws Exception {
        PostgresServer postgres = servers.postgres().orElseThrow();
        String restoreId = UUID.randomUUID().toString();
        String live = RestoreTestStack.DATABASES.get("corrupt");
        String aside = live + "_pre_restore_" + restoreId.substring(0, 8);
        postgres.execute("CREATE DATABASE " + aside); // the swap committed: the live name is the restored copy's, the old one aside
        try {
            RestoreRequestRecord row = RunningRestores.row(restoreId, "shop", "IN_PLACE", live, null);
            row.databaseId = "corrupt";
            row.resolvedBackupId = "the-resolved-backup";
            row.preRestoreDatabase = aside;
            row.rowsRestored = 2_000L;
            row.pointReached = RestoreJournal.json(RECORDED_POINT);
            row.readFromCopy = RECORDED_COPY_REASON;
            ReactiveSessions.await(() -> Panache.withTransaction(row::persist));

            RestoreCompleted completed = (RestoreCompleted) new Flows(servers).ending(restoreId, WAIT);

            assertThat(completed.targetKind()).isEqualTo(RestoreTarget.Kind.IN_PLACE);
            assertThat(completed.targetDatabase()).isEqualTo(live);
            assertThat(completed.rowsRestored()).isEqualTo(2_000L);
            assertThat(completed.pointReached()).isEqualTo(RECORDED_POINT);
            assertThat(completed.readFromCopy()).isEqualTo(RECORDED_COPY_REASON);
            assertThat(record(restoreId).readFromCopy).isEqualTo(RECORDED_COPY_REASON);
        } finally {
            postgres.execute("DROP DATABASE IF EXISTS " + aside);
        }
    }

    /** The id of a transaction on shop that wrote (a temporary table), committed or rolled back. */
    private static long transactionOnShop(PostgresServer postgres, boolean commit) throws Exception {
        try (Connection shop = postgres.connect("shop"); Statement statement = shop.createStatement()) {
            shop.setAutoCommit(false);
            statement.execute("CREATE TEMP TABLE replaced_rows (id int)");
            long id;
            try (ResultSet result = statement.executeQuery("SELECT pg_current_xact_id()::text::bigint")) {
                result.next();
                id = result.getLong(1);
            }
            if (commit) {
                shop.commit();
            } else {
                shop.rollback();
            }
            return id;
        }
    }

    /** The journal row of a NEW_DATABASE restore that attempt 1 was filling into {@code halfMade} when it stopped answering. */
    private static void running(String restoreId, String halfMade) {
        RestoreRequestRecord row = RunningRestores.row(restoreId, "shop", "NEW_DATABASE", halfMade, halfMade);
        ReactiveSessions.await(() -> Panache.withTransaction(row::persist));
    }

    private static RestoreRequestRecord record(String restoreId) {
        return ReactiveSessions.await(() -> Panache.withSession(() -> RestoreRequestRecord.<RestoreRequestRecord>findById(restoreId)));
    }
}
