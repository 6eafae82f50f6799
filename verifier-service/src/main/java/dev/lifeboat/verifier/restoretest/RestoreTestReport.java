package dev.lifeboat.verifier.restoretest;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import dev.lifeboat.events.restore.RestoreCompleted;
import dev.lifeboat.events.restore.ValidationResult;

import dev.lifeboat.events.restore.RestoreCompleted;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Map;

/**
 * What a restore test found, as stored in the bucket in two forms: Markdown for people and JSON for
 * tools, at {@code restore-tests/<databaseId>/<yyyy>/<MM>/<dd>/<testId>.md} and {@code .json}.
 *
 * @param restoreMs       measured restore time (RTO): creating the scratch database and pg_restore into it
 * @param backupAgeSeconds the backup's age when the test ran (RPO)
 * @param tableRows       rows counted per table in the restored database
 * @param manifestRows    rows per table the manifest recorded
 * @param error           why the test could not finish its checks, or null
 * @param pointReached    point-in-time: the random second the archive was replayed to after the backup, or null
 */
public record RestoreTestReport(String testId, String databaseId, String trigger, Instant testedAt, String backupId,
                                Instant backupCompletedAt, long storedBytes, long plaintextBytes, Long restoreMs,
                                long backupAgeSeconds, long rowsRestored, Map<String, Long> tableRows,
                                Map<String, Long> manifestRows, List<ValidationResult> checks, String error, boolean passed,
                                RestoreCompleted.PointReached pointReached) {

    private static final ObjectMapper JSON = new ObjectMapper().registerModule(new JavaTimeModule())
            .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS).enable(SerializationFeature.INDENT_OUTPUT);
    private static final DateTimeFormatter DAY = DateTimeFormatter.ofPattern("yyyy/MM/dd").withZone(ZoneOffset.UTC);

    public static String markdownKey(String databaseId, Instant testedAt, String testId) {
        return "restore-tests/" + databaseId + "/" + DAY.format(testedAt) + "/" + testId + ".md";
    }

    public static String jsonKey(String markdownKey) {
        return markdownKey.substring(0, markdownKey.length() - ".md".length()) + ".json";
    }

    public String verdict() {
        return passed ? "PASS" : "FAIL";
    }

    public String json() {
        try {
            return JSON.writeValueAsString(this);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a report is always writable as JSON", e);
        }
    }

    public String markdown() {
        StringBuilder md = new StringBuilder();
        md.append("# Restore test of ").append(databaseId).append(": ").append(verdict()).append("\n\n");
        md.append("| | |\n|---|---|\n");
        row(md, "Date", testedAt.toString());
        row(md, "Test", testId + " (" + trigger.toLowerCase(java.util.Locale.ROOT) + ")");
        row(md, "Backup", backupId == null ? "none" : backupId + ", completed " + backupCompletedAt);
        row(md, "Size", storedBytes + " bytes stored, " + plaintextBytes + " bytes of pg_dump archive");
        row(md, "Restore time (RTO)", restoreMs == null ? "not measured" : String.format(java.util.Locale.ROOT, "%.1f s", restoreMs / 1000.0));
        row(md, "Backup age (RPO)", Duration.ofSeconds(backupAgeSeconds).toString());
        if (pointReached != null) {
            row(md, "Point in time", pointReached.target() + ": the change archive replayed onto the backup, "
                    + pointReached.transactions() + " transactions, " + pointReached.rowChanges() + " row changes, to commit "
                    + pointReached.lsn() + (pointReached.committedAt() == null ? "" : " of " + pointReached.committedAt())
                    + " (the restore time includes it; records per table are checked against the replayed counts)");
        }
        row(md, "Records restored", String.valueOf(rowsRestored));
        if (!tableRows.isEmpty() || !manifestRows.isEmpty()) {
            md.append("\n## Records per table\n\n| table | restored | manifest |\n|---|---:|---:|\n");
            java.util.Set<String> tables = new java.util.TreeSet<>(manifestRows.keySet());
            tables.addAll(tableRows.keySet());
            for (String table : tables) {
                Long restored = tableRows.get(table);
                Long recorded = manifestRows.get(table);
                md.append("| ").append(table).append(" | ").append(restored == null ? "-" : restored).append(" | ")
                        .append(recorded == null ? "-" : recorded).append(java.util.Objects.equals(restored, recorded) ? "" : " **differs**")
                        .append(" |\n");
            }
        }
        md.append("\n## Checks\n\n| check | result | details |\n|---|---|---|\n");
        for (ValidationResult check : checks) {
            md.append("| ").append(check.check()).append(" | ").append(check.passed() ? "pass" : "**fail**").append(" | ")
                    .append(cell(check.details())).append(" |\n");
        }
        if (error != null) {
            md.append("\n## Error\n\n").append(error).append('\n');
        }
        md.append("\n## Verdict\n\n").append(passed
                ? "**PASS**: the backup restores, and the restored database matches its manifest.\n"
                : "**FAIL**: this backup did not prove it restores; see the failed checks above.\n");
        return md.toString();
    }

    private static void row(StringBuilder md, String name, String value) {
        md.append("| ").append(name).append(" | ").append(cell(value)).append(" |\n");
    }

    private static String cell(String text) {
        return text.replace("|", "\\|").replace("\n", " ");
    }
}
