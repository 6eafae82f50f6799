package dev.lifeboat.backup.capture;

import dev.lifeboat.backup.metrics.CaptureMetrics;
import dev.lifeboat.changes.model.TableName;
import dev.lifeboat.changes.model.Transaction;
import dev.lifeboat.changes.segment.Coverage;
import dev.lifeboat.changes.segment.Gap;
import dev.lifeboat.changes.slot.PreflightReport;
import dev.lifeboat.changes.slot.SchemaChangeMode;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.Consumer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;

class CaptureReportTest {

    private static final String DATABASE = "orders";
    private static final String HOLDER = "replica-1";
    private static final long WAL_LIMIT = 1_000;
    private static final SchemaChangeMode REPLAYED = new SchemaChangeMode(true, "the role may create event triggers");

    private final RecordingLeases leases = new RecordingLeases();
    private final RecordingMetrics metrics = new RecordingMetrics();
    private final List<Gap> backupsAfterGap = new ArrayList<>();

    @Test
    void aStartIsCountedAndRecordedAsRunningWithHowSchemaChangesAreCaptured() {
        CaptureReport report = report(Duration.ofMinutes(5), backupsAfterGap::add);

        report.started(preflight(REPLAYED));

        assertThat(report.starts()).isEqualTo(1);
        assertThat(metrics.calls).containsExactly(call("started", DATABASE));
        assertThat(leases.calls).containsExactly(call("running", DATABASE, HOLDER, null), call("schemaChanges", DATABASE, HOLDER, REPLAYED));
    }

    @Test
    void everyStartIsCountedAndAStartWithGapsAndExcludedTablesIsRecordedAlike() {
        CaptureReport report = report(Duration.ofMinutes(5), backupsAfterGap::add);
        SchemaChangeMode gaps = new SchemaChangeMode(false, "grant CREATE on the database for replay");
        PreflightReport preflight = new PreflightReport(List.of(), List.of(new TableName("public", "orders")),
                List.of(new PreflightReport.Excluded(new TableName("public", "audit"), "no primary key")), gaps);

        report.started(preflight);
        report.started(preflight);

        assertThat(report.starts()).isEqualTo(2);
        assertThat(leases.calls).containsExactly(call("running", DATABASE, HOLDER, null), call("schemaChanges", DATABASE, HOLDER, gaps),
                call("running", DATABASE, HOLDER, null), call("schemaChanges", DATABASE, HOLDER, gaps));
    }

    @Test
    void aFailureThatWillNotPassByItselfIsReportedStoppedAtOnce() {
        CaptureReport report = report(Duration.ofHours(1), backupsAfterGap::add);
        Instant failingSince = Instant.now();

        report.failed(new CaptureRun.Failure("NOT_READY", "wal_level is not logical", true), failingSince);

        assertThat(metrics.calls).containsExactly(call("running", DATABASE, false));
        assertThat(leases.calls).containsExactly(call("stopped", DATABASE, HOLDER, failingSince, "NOT_READY", "wal_level is not logical", null));
    }

    @Test
    void aPassingFailureWithinTheAllowedTimeIsNotReportedStopped() {
        CaptureReport report = report(Duration.ofHours(1), backupsAfterGap::add);

        report.failed(new CaptureRun.Failure("CAPTURE_FAILED", "the change stream ended", false), Instant.now());

        assertThat(metrics.calls).containsExactly(call("running", DATABASE, false));
        assertThat(leases.calls).isEmpty();
    }

    @Test
    void aPassingFailureThatLastedLongerThanAllowedIsReportedStopped() {
        CaptureReport report = report(Duration.ofMinutes(5), backupsAfterGap::add);
        Instant failingSince = Instant.now().minus(Duration.ofHours(2));

        report.failed(new CaptureRun.Failure("STORAGE_FAILED", "the change archive cannot be read or written", false), failingSince);

        assertThat(leases.calls).containsExactly(
                call("stopped", DATABASE, HOLDER, failingSince, "STORAGE_FAILED", "the change archive cannot be read or written", null));
    }

    @Test
    void aPassingFailureThatLastedExactlyTheAllowedTimeIsReportedStopped() {
        Duration stoppedAfter = Duration.ofMinutes(5);
        CaptureReport report = report(stoppedAfter, backupsAfterGap::add);
        Instant failingSince = Instant.now().minus(stoppedAfter);

        report.failed(new CaptureRun.Failure("CAPTURE_FAILED", "the change stream ended", false), failingSince);

        assertThat(leases.calls).extracting(call -> call.get(0)).containsExactly("stopped");
    }

    @Test
    void eachFailurePastTheAllowedTimeIsRecordedAgainForTheLeaseToReportOnce() {
        CaptureReport report = report(Duration.ofMinutes(5), backupsAfterGap::add);
        Instant failingSince = Instant.now().minus(Duration.ofHours(1));
        CaptureRun.Failure failure = new CaptureRun.Failure("CAPTURE_FAILED", "the change stream ended", false);

        report.failed(failure, failingSince);
        report.failed(failure, failingSince);

        assertThat(leases.calls).extracting(call -> call.get(0)).containsExactly("stopped", "stopped");
    }

    @Test
    void aStartAfterAStopIsRecordedAsRunningForTheLeaseToReportItResumed() {
        CaptureReport report = report(Duration.ofMinutes(5), backupsAfterGap::add);
        Instant failingSince = Instant.now();
        report.failed(new CaptureRun.Failure("NOT_READY", "no replication grant", true), failingSince);

        report.started(preflight(REPLAYED));

        assertThat(leases.calls).containsExactly(call("stopped", DATABASE, HOLDER, failingSince, "NOT_READY", "no replication grant", null),
                call("running", DATABASE, HOLDER, null), call("schemaChanges", DATABASE, HOLDER, REPLAYED));
    }

    @Test
    void walKeptBelowTheLimitIsRecordedWithoutAWarning() {
        CaptureReport report = report(Duration.ofMinutes(5), backupsAfterGap::add);

        report.retained(WAL_LIMIT);

        assertThat(metrics.calls).containsExactly(call("retained", DATABASE, WAL_LIMIT));
        assertThat(leases.calls).containsExactly(call("retained", DATABASE, HOLDER, WAL_LIMIT));
    }

    @Test
    void walKeptPastTheLimitWarnsOnceWhileItStaysHighAndSaysTheCaptureIsBehindWhenNotStopped() {
        CaptureReport report = report(Duration.ofMinutes(5), backupsAfterGap::add);

        report.retained(2_000);
        report.retained(2_500);

        assertThat(leases.calls).containsExactly(call("retained", DATABASE, HOLDER, 2_000L),
                call("retainingWal", DATABASE, 2_000L, WAL_LIMIT, false), call("retained", DATABASE, HOLDER, 2_500L));
    }

    @Test
    void theWalWarningSaysWhetherTheCaptureIsStoppedAndAStartClearsIt() {
        CaptureReport report = report(Duration.ofMinutes(5), backupsAfterGap::add);
        report.failed(new CaptureRun.Failure("NOT_READY", "slot missing", true), Instant.now());
        report.retained(2_000);
        report.started(preflight(REPLAYED));
        report.retained(100);
        report.retained(3_000);

        assertThat(leases.calls).filteredOn(call -> call.get(0).equals("retainingWal"))
                .containsExactly(call("retainingWal", DATABASE, 2_000L, WAL_LIMIT, true), call("retainingWal", DATABASE, 3_000L, WAL_LIMIT, false));
    }

    @Test
    void aGapIsCountedAndAsksForTheBackupThatEndsIt() {
        CaptureReport report = report(Duration.ofMinutes(5), backupsAfterGap::add);
        Gap gap = new Gap(DATABASE, "public.orders", "table definition changed", Instant.parse("2026-11-25T01:00:00Z"), null,
                Instant.parse("2026-11-25T01:00:05Z"));

        report.gap(gap);

        assertThat(metrics.calls).containsExactly(call("gap", DATABASE));
        assertThat(backupsAfterGap).containsExactly(gap);
    }

    @Test
    void aHandOverGapStillOpenAtAStartAsksForItsBackupAgainWithoutCountingAGap() {
        CaptureReport report = report(Duration.ofMinutes(5), backupsAfterGap::add);
        Gap gap = new Gap(DATABASE, null, "restored in place by r-1", Instant.parse("2026-11-25T01:00:00Z"), null,
                Instant.parse("2026-11-25T01:00:05Z"), "r-1");

        report.gapStillOpen(gap);

        assertThat(metrics.calls).as("not a new gap").isEmpty();
        assertThat(backupsAfterGap).containsExactly(gap);
    }

    @Test
    void aBackupAfterAGapThatCannotBeAskedForDoesNotStopTheCapture() {
        CaptureReport report = report(Duration.ofMinutes(5), gap -> {
            throw new IllegalStateException("database down");
        });
        Gap gap = new Gap(DATABASE, null, "slot lost", Instant.parse("2026-11-25T01:00:00Z"), null, Instant.parse("2026-11-25T01:00:05Z"));

        assertThatCode(() -> report.gap(gap)).doesNotThrowAnyException();
        assertThat(metrics.calls).containsExactly(call("gap", DATABASE));
    }

    @Test
    void aBackupAfterAGapThatCouldNotBeAskedForIsAskedForAgainAtEachHeartbeatUntilItIsAsked() {
        List<String> answers = new ArrayList<>(List.of("down", "down", "up"));
        CaptureReport report = report(Duration.ofMinutes(5), gap -> {
            if (answers.remove(0).equals("down")) {
                throw new IllegalStateException("database down");
            }
            backupsAfterGap.add(gap);
        });
        Gap gap = new Gap(DATABASE, null, "restored in place by r-1", Instant.parse("2026-11-25T01:00:00Z"), null,
                Instant.parse("2026-11-25T01:00:05Z"), "r-1");

        report.gap(gap);
        report.retained(10);
        assertThat(backupsAfterGap).as("still down at the first heartbeat").isEmpty();
        report.retained(10);
        report.retained(10);

        assertThat(backupsAfterGap).as("asked once it could be, and not again after").containsExactly(gap);
        assertThat(answers).isEmpty();
        assertThat(metrics.calls).filteredOn(call -> call.get(0).equals("gap")).as("one gap, counted once").hasSize(1);
    }

    @Test
    void aNewerGapAskedForEndsTheRetriesOfAnOlderOne() {
        List<Gap> asked = new ArrayList<>();
        CaptureReport report = report(Duration.ofMinutes(5), gap -> {
            asked.add(gap);
            if (asked.size() == 1) {
                throw new IllegalStateException("database down");
            }
        });
        Gap older = new Gap(DATABASE, "public.orders", "table definition changed", Instant.parse("2026-11-25T01:00:00Z"), null,
                Instant.parse("2026-11-25T01:00:05Z"));
        Gap newer = new Gap(DATABASE, "public.orders", "table definition changed", Instant.parse("2026-11-25T02:00:00Z"), null,
                Instant.parse("2026-11-25T02:00:05Z"));

        report.gap(older);
        report.gap(newer);
        report.retained(10);
        report.retained(10);

        assertThat(asked).as("the older gap not asked again: the newer gap's backup is aligned after both").containsExactly(older, newer);
    }

    @Test
    void theServiceDatabaseBeingDownNeverStopsTheCaptureFromStartingFailingOrMeasuring() {
        leases.failing = true;
        CaptureReport report = report(Duration.ofMinutes(5), backupsAfterGap::add);

        assertThatCode(() -> {
            report.started(preflight(REPLAYED));
            report.failed(new CaptureRun.Failure("NOT_READY", "no grant", true), Instant.now());
            report.retained(5_000);
        }).doesNotThrowAnyException();

        assertThat(report.starts()).isEqualTo(1);
        assertThat(leases.calls).extracting(call -> call.get(0))
                .as("a failed record does not keep the next from being tried")
                .containsExactly("running", "schemaChanges", "stopped", "retained", "retainingWal");
    }

    @Test
    void aCaptureThatNeverStartedHasNotStreamedAndOneJustStartedHasNotStreamedLong() {
        CaptureReport report = report(Duration.ofMinutes(5), backupsAfterGap::add);
        assertThat(report.streamedFor()).isZero();

        report.started(preflight(REPLAYED));

        assertThat(report.streamedFor()).isLessThan(Duration.ofHours(1));
    }

    @Test
    void receivedTransactionsReportTheLagFromCommitToArrival() {
        CaptureReport report = report(Duration.ofMinutes(5), backupsAfterGap::add);
        Instant commit = Instant.parse("2026-11-25T01:00:00Z");

        report.received(new Transaction(42L, null, null, commit, List.of()), commit.plusMillis(3_500));

        assertThat(metrics.calls).containsExactly(call("lag", DATABASE, Duration.ofMillis(3_500)));
    }

    @Test
    void coverageReportsUntilWhenTheArchiveIsCompleteAndEndingForgetsTheDatabase() {
        CaptureReport report = report(Duration.ofMinutes(5), backupsAfterGap::add);
        Instant until = Instant.parse("2026-11-25T01:00:00Z");

        report.covered(new Coverage(DATABASE, null, until));
        report.ended();

        assertThat(metrics.calls).containsExactly(call("covered", DATABASE, until), call("forget", DATABASE));
        assertThat(leases.calls).isEmpty();
    }

    private CaptureReport report(Duration stoppedAfter, Consumer<Gap> backupAfterGap) {
        // the replay budget is only used when a segment is stored, which these tests do not do
        return new CaptureReport(DATABASE, HOLDER, leases, metrics, backupAfterGap, stoppedAfter, WAL_LIMIT, null);
    }

    private static PreflightReport preflight(SchemaChangeMode mode) {
        return new PreflightReport(List.of(), List.of(new TableName("public", "orders")), List.of(), mode);
    }

    private static List<Object> call(Object... parts) {
        return Arrays.asList(parts);
    }

    /** The lease rows' changes as the report asks for them, without a database; failing: each throws as a database down would. */
    /** Vetoed: a test double of a bean, never a bean of the service these tests run beside. */
    @jakarta.enterprise.inject.Vetoed
    private static final class RecordingLeases extends CaptureLeases {

        final List<List<Object>> calls = new ArrayList<>();
        boolean failing;

        RecordingLeases() {
            super(null);
        }

        @Override
        public void running(String databaseId, String holder, Instant lastArchivedCommit) {
            record(call("running", databaseId, holder, lastArchivedCommit));
        }

        @Override
        public void schemaChanges(String databaseId, String holder, SchemaChangeMode mode) {
            record(call("schemaChanges", databaseId, holder, mode));
        }

        @Override
        public void stopped(String databaseId, String holder, Instant at, String code, String message, Instant lastArchivedCommit) {
            record(call("stopped", databaseId, holder, at, code, message, lastArchivedCommit));
        }

        @Override
        public void retained(String databaseId, String holder, long walBytes) {
            record(call("retained", databaseId, holder, walBytes));
        }

        @Override
        public void retainingWal(String databaseId, long walBytes, long limit, boolean stopped) {
            record(call("retainingWal", databaseId, walBytes, limit, stopped));
        }

        private void record(List<Object> call) {
            calls.add(call);
            if (failing) {
                throw new IllegalStateException("the service's database is down");
            }
        }
    }

    /** The metrics the report gives, without a meter registry. */
    @jakarta.enterprise.inject.Vetoed
    private static final class RecordingMetrics extends CaptureMetrics {

        final List<List<Object>> calls = new ArrayList<>();

        RecordingMetrics() {
            super(null, null, null);
        }

        @Override
        public void running(String databaseId, boolean streams) {
            calls.add(call("running", databaseId, streams));
        }

        @Override
        public void started(String databaseId) {
            calls.add(call("started", databaseId));
        }

        @Override
        public void lag(String databaseId, Duration lag) {
            calls.add(call("lag", databaseId, lag));
        }

        @Override
        public void covered(String databaseId, Instant until) {
            calls.add(call("covered", databaseId, until));
        }

        @Override
        public void retained(String databaseId, long walBytes) {
            calls.add(call("retained", databaseId, walBytes));
        }

        @Override
        public void gap(String databaseId) {
            calls.add(call("gap", databaseId));
        }

        @Override
        public void forget(String databaseId) {
            calls.add(call("forget", databaseId));
        }
    }
}
