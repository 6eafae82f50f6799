package dev.lifeboat.verifier.restoretest;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.lifeboat.events.verification.RestoreTestCompleted;
import dev.lifeboat.events.verification.VerificationCheck;
import dev.lifeboat.events.verification.VerificationFailed;
import dev.lifeboat.service.stopping.EndsBeforeStop;
import java.time.Clock;
import dev.lifeboat.verifier.publishing.VerificationEvents;
import dev.lifeboat.verifier.metrics.VerifierMetrics;
import dev.lifeboat.archive.bucket.BucketObjects;
import dev.lifeboat.runtime.work.SerialWorker;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.quarkus.scheduler.Scheduled;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import org.jboss.logging.Logger;

import java.io.IOException;
import java.time.Duration;

/**
 * Runs requested and scheduled restore tests one at a time on a thread of its own, stores each report
 * (Markdown and JSON) in the bucket, records the result, and announces it: {@code RestoreTestCompleted}
 * (when there was a backup to restore), and {@code VerificationFailed(RESTORE_TEST)} when the test failed.
 */
@ApplicationScoped
public class RestoreTestWorker {

    private static final Logger LOG = Logger.getLogger(RestoreTestWorker.class);
    private static final ObjectMapper JSON = new ObjectMapper();

    private final RestoreTests tests;
    private final RestoreTestRun run;
    private final BucketObjects objects;
    private final VerificationEvents events;
    private final VerifierMetrics metrics;
    private final Clock clock;
    private final SerialWorker worker;

    public RestoreTestWorker(RestoreTests tests, RestoreTestRun run, BucketObjects objects, VerificationEvents events,
                             VerifierMetrics metrics, Clock clock) {
        this.tests = tests;
        this.run = run;
        this.objects = objects;
        this.events = events;
        this.metrics = metrics;
        this.clock = clock;
        this.worker = new SerialWorker("lifeboat-restore-test", () -> tests.claimNext(clock.instant()).map(test -> () -> test(test)),
                e -> LOG.errorf(e, "The restore-test worker failed; it tries again at the next poll"));
    }

    public void wakeUp() {
        worker.wakeUp();
    }

    @EndsBeforeStop
    @Scheduled(every = "${lifeboat.tasks.restore-test-poll:5s}", concurrentExecution = Scheduled.ConcurrentExecution.SKIP,
            skipExecutionIf = Scheduled.ApplicationNotRunning.class)
    void poll() {
        wakeUp();
    }

    private void test(RestoreTestRecord test) {
        String scratch = RestoreTestRun.scratchName(test.testId);
        tests.update(test.testId, row -> row.scratchDatabase = scratch);
        LOG.infof("Restore test %s of %s (%s) into scratch database %s", test.testId, test.databaseId, test.trigger, scratch);
        RestoreTestReport report = run.run(test);
        if (worker.closing()) {
            // Cut short by the verifier's stop: no report of a test that did not end; the next start records it as ended.
            LOG.infof("Restore test %s of %s stopped with the verifier", test.testId, test.databaseId);
            return;
        }
        String reportKey = RestoreTestReport.markdownKey(test.databaseId, report.testedAt(), test.testId);
        String storeError = null;
        try {
            objects.put(RestoreTestReport.jsonKey(reportKey), "application/json", report.json());
            objects.put(reportKey, "text/markdown; charset=utf-8", report.markdown());
        } catch (IOException e) {
            storeError = "the report could not be stored: " + e.getMessage();
            LOG.errorf("Restore test %s: %s", test.testId, storeError);
        }
        String error = report.error() == null ? storeError : report.error();
        boolean stored = storeError == null;
        tests.update(test.testId, row -> {
            row.status = report.passed() ? "PASSED" : "FAILED";
            row.finishedAt = clock.instant();
            row.backupId = report.backupId();
            row.restoreMs = report.restoreMs();
            row.backupAgeSeconds = report.backupAgeSeconds();
            row.storedBytes = report.storedBytes();
            row.rowsRestored = report.rowsRestored();
            row.passed = report.passed();
            row.reportKey = stored ? reportKey : null;
            row.checks = json(report);
            row.error = error;
        });
        if (report.restoreMs() != null) {
            metrics.restoreTestDuration(test.databaseId, Duration.ofMillis(report.restoreMs()));
        }
        if (report.passed()) {
            metrics.restoreTestPassed(test.databaseId, clock.instant(), report.restoreMs() == null ? null : Duration.ofMillis(report.restoreMs()));
        } else {
            metrics.failed(test.databaseId, VerificationCheck.RESTORE_TEST.name());
        }
        if (report.backupId() == null) {
            LOG.infof("Restore test %s of %s: %s (no backup to test: %s)", test.testId, test.databaseId, report.verdict(), report.error());
        } else {
            LOG.infof("Restore test %s of %s: %s (restore %s ms, backup age %d s%s)", test.testId, test.databaseId, report.verdict(),
                    report.restoreMs() == null ? "-" : report.restoreMs(), report.backupAgeSeconds(), report.pointReached() == null ? ""
                            : ", replayed to " + report.pointReached().target() + ": " + report.pointReached().transactions() + " transactions");
        }
        if (report.backupId() != null) {
            events.publish(test.testId, new RestoreTestCompleted(test.testId, test.databaseId, report.backupId(), reportKey,
                    report.restoreMs() == null ? 0 : report.restoreMs(), report.backupAgeSeconds(), report.passed(), report.pointReached()));
        }
        if (!report.passed()) {
            events.publish(test.testId, new VerificationFailed(test.testId, test.databaseId, report.backupId(), VerificationCheck.RESTORE_TEST,
                    failures(report)));
        }
    }

    /** The failed checks, or the error that stopped the test: what a person reads in the alert. */
    static String failures(RestoreTestReport report) {
        StringBuilder details = new StringBuilder("restore test " + report.testId() + " of " + report.databaseId() + " failed");
        report.checks().stream().filter(check -> !check.passed())
                .forEach(check -> details.append("; ").append(check.check()).append(": ").append(check.details()));
        if (report.error() != null) {
            details.append("; ").append(report.error());
        }
        return details.toString();
    }

    private static String json(RestoreTestReport report) {
        try {
            return JSON.writeValueAsString(report.checks());
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("check results are always writable as JSON", e);
        }
    }

    /** Tests that were running when the verifier stopped end as ERROR (the verifier runs as one replica). */
    void start(@Observes StartupEvent event) {
        tests.endRunning(clock.instant());
    }

    void stop(@Observes ShutdownEvent event) {
        worker.close();
    }
}
