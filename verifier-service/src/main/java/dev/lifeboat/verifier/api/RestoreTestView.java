package dev.lifeboat.verifier.api;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.lifeboat.events.restore.ValidationResult;
import dev.lifeboat.verifier.restoretest.RestoreTestRecord;

import java.time.Instant;
import java.util.List;

/**
 * A restore test as the API shows it: its state, the backup it restored, the measured RTO ({@code restoreMs})
 * and RPO ({@code backupAgeSeconds}), each check's result as JSON objects, and where its report is.
 */
public record RestoreTestView(String testId, String databaseId, String trigger, String requestedBy, Instant scheduledFor,
                              String status, Instant requestedAt, Instant startedAt, Instant finishedAt, String backupId,
                              Long restoreMs, Long backupAgeSeconds, Long storedBytes, Long rowsRestored, Boolean passed,
                              String reportKey, List<ValidationResult> checks, String error) {

    private static final ObjectMapper JSON = new ObjectMapper();

    public static RestoreTestView of(RestoreTestRecord row) {
        return new RestoreTestView(row.testId, row.databaseId, row.trigger, row.requestedBy, row.scheduledFor, row.status,
                row.requestedAt, row.startedAt, row.finishedAt, row.backupId, row.restoreMs, row.backupAgeSeconds, row.storedBytes,
                row.rowsRestored, row.passed, row.reportKey, checks(row.checks), row.error);
    }

    private static List<ValidationResult> checks(String json) {
        try {
            return json == null ? List.of() : List.of(JSON.readValue(json, ValidationResult[].class));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("the restore test's checks are JSON the verifier wrote itself", e);
        }
    }
}
