package dev.lifeboat.verifier.restoretest;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.lifeboat.events.restore.RestoreCompleted;
import dev.lifeboat.events.restore.ValidationResult;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class RestoreTestReportTest {

    private static final Instant TESTED_AT = Instant.parse("2026-11-22T03:15:00Z");
    private static final Instant BACKUP_AT = Instant.parse("2026-11-22T02:00:00Z");

    @Test
    void theVerdictIsPassOrFailAsThePassedFlagSays() {
        assertThat(failedCheck().verdict()).isEqualTo("FAIL");
        assertThat(noBackup().verdict()).isEqualTo("FAIL");
        assertThat(pointInTime(null).verdict()).isEqualTo("PASS");
    }

    @Test
    void theReportKeysNameTheDatabaseTheUtcDayAndTheTest() {
        String key = RestoreTestReport.markdownKey("shop", Instant.parse("2026-01-05T23:59:59Z"), "t-1");

        assertThat(key).isEqualTo("restore-tests/shop/2026/01/05/t-1.md");
        assertThat(RestoreTestReport.jsonKey(key)).isEqualTo("restore-tests/shop/2026/01/05/t-1.json");
        assertThat(RestoreTestReport.markdownKey("shop", Instant.parse("2026-12-31T23:30:00Z"), "t-2"))
                .isEqualTo("restore-tests/shop/2026/12/31/t-2.md");
    }

    @Test
    void theMarkdownListsTheRunTablesSortedWithDifferencesAndEscapedCheckDetails() {
        assertThat(failedCheck().markdown()).isEqualTo("""
                # Restore test of shop: FAIL

                | | |
                |---|---|
                | Date | 2026-11-22T03:15:00Z |
                | Test | t-1 (scheduled) |
                | Backup | b-9, completed 2026-11-22T02:00:00Z |
                | Size | 2048 bytes stored, 8192 bytes of pg_dump archive |
                | Restore time (RTO) | 4.2 s |
                | Backup age (RPO) | PT1H15M |
                | Records restored | 2540 |

                ## Records per table

                | table | restored | manifest |
                |---|---:|---:|
                | public.customer | 540 | 500 **differs** |
                | public.extra | 5 | - **differs** |
                | public.orders | 2000 | 2000 |
                | sales.invoice | - | 40 **differs** |

                ## Checks

                | check | result | details |
                |---|---|---|
                | ROW_COUNTS | **fail** | public.customer: 540 restored, 500 in manifest |
                | FK_INTEGRITY | pass | a \\| b c |

                ## Verdict

                **FAIL**: this backup did not prove it restores; see the failed checks above.
                """);
    }

    @Test
    void aPointInTimeReportSaysWhereTheReplayEndedBeforeTheRecordsRestored() {
        String markdown = pointInTime(Instant.parse("2026-11-22T02:29:58Z")).markdown();

        assertThat(markdown).startsWith("# Restore test of shop: PASS\n\n");
        assertThat(markdown).contains("| Test | t-2 (manual) |\n");
        assertThat(markdown).contains("| Restore time (RTO) | 125.0 s |\n");
        assertThat(markdown).contains("| Backup age (RPO) | PT26H3M4S |\n");
        assertThat(markdown).containsSubsequence(
                "| Point in time | 2026-11-22T02:30:00Z: the change archive replayed onto the backup, 12 transactions, "
                        + "30 row changes, to commit 0/16B3748 of 2026-11-22T02:29:58Z (the restore time includes it; "
                        + "records per table are checked against the replayed counts) |\n",
                "| Records restored | 2000 |\n");
        assertThat(markdown).contains("| public.orders | 2000 | 2000 |\n").doesNotContain("**differs**");
        assertThat(markdown).contains("| ROW_COUNTS | pass | all tables match |\n").doesNotContain("## Error");
        assertThat(markdown).endsWith("\n## Verdict\n\n**PASS**: the backup restores, and the restored database matches its manifest.\n");
    }

    @Test
    void aReplayWithoutACommitNamesOnlyTheBackupsPosition() {
        assertThat(pointInTime(null).markdown())
                .contains("30 row changes, to commit 0/16B3748 (the restore time includes it;");
    }

    @Test
    void aTestStoppedBeforeAnyCheckShowsNoBackupNoTimesNoTablesAndItsErrorVerbatim() {
        String markdown = noBackup().markdown();

        assertThat(markdown).startsWith("# Restore test of shop: FAIL\n\n");
        assertThat(markdown).contains("| Backup | none |\n");
        assertThat(markdown).contains("| Size | 0 bytes stored, 0 bytes of pg_dump archive |\n");
        assertThat(markdown).contains("| Restore time (RTO) | not measured |\n");
        assertThat(markdown).contains("| Backup age (RPO) | PT0S |\n");
        assertThat(markdown).doesNotContain("## Records per table").doesNotContain("Point in time");
        assertThat(markdown).endsWith("""
                | check | result | details |
                |---|---|---|

                ## Error

                pg_restore failed: exit 1
                relation | missing

                ## Verdict

                **FAIL**: this backup did not prove it restores; see the failed checks above.
                """);
    }

    @Test
    void theJsonHoldsEveryComponentWithIsoInstantsAndNullsForWhatIsMissing() throws Exception {
        String text = failedCheck().json();
        JsonNode json = new ObjectMapper().readTree(text);

        assertThat(text).contains("\n");
        assertThat(json.get("testId").asText()).isEqualTo("t-1");
        assertThat(json.get("databaseId").asText()).isEqualTo("shop");
        assertThat(json.get("trigger").asText()).isEqualTo("SCHEDULED");
        assertThat(json.get("testedAt").asText()).isEqualTo("2026-11-22T03:15:00Z");
        assertThat(json.get("backupCompletedAt").asText()).isEqualTo("2026-11-22T02:00:00Z");
        assertThat(json.get("storedBytes").asLong()).isEqualTo(2048);
        assertThat(json.get("restoreMs").asLong()).isEqualTo(4200);
        assertThat(json.get("backupAgeSeconds").asLong()).isEqualTo(4500);
        assertThat(json.get("tableRows").get("public.customer").asLong()).isEqualTo(540);
        assertThat(json.get("manifestRows").get("sales.invoice").asLong()).isEqualTo(40);
        assertThat(json.get("checks").get(0).get("check").asText()).isEqualTo("ROW_COUNTS");
        assertThat(json.get("checks").get(0).get("passed").asBoolean()).isFalse();
        assertThat(json.get("checks").get(1).get("details").asText()).isEqualTo("a | b\nc");
        assertThat(json.get("passed").asBoolean()).isFalse();
        assertThat(json.get("error").isNull()).isTrue();
        assertThat(json.get("pointReached").isNull()).isTrue();
    }

    @Test
    void theJsonOfAnUnfinishedTestHasNullBackupAndRestoreTime() throws Exception {
        JsonNode json = new ObjectMapper().readTree(noBackup().json());

        assertThat(json.get("backupId").isNull()).isTrue();
        assertThat(json.get("backupCompletedAt").isNull()).isTrue();
        assertThat(json.get("restoreMs").isNull()).isTrue();
        assertThat(json.get("checks").size()).isZero();
        assertThat(json.get("error").asText()).isEqualTo("pg_restore failed: exit 1\nrelation | missing");
    }

    @Test
    void theJsonOfAPointInTimeTestCarriesTheReplayedPoint() throws Exception {
        JsonNode point = new ObjectMapper().readTree(pointInTime(Instant.parse("2026-11-22T02:29:58Z")).json()).get("pointReached");

        assertThat(point.get("target").asText()).isEqualTo("2026-11-22T02:30:00Z");
        assertThat(point.get("committedAt").asText()).isEqualTo("2026-11-22T02:29:58Z");
        assertThat(point.get("lsn").asText()).isEqualTo("0/16B3748");
        assertThat(point.get("transactions").asLong()).isEqualTo(12);
        assertThat(point.get("rowChanges").asLong()).isEqualTo(30);
    }

    /** Restored, but one table's rows differ from the manifest and its check failed. */
    private static RestoreTestReport failedCheck() {
        return new RestoreTestReport("t-1", "shop", "SCHEDULED", TESTED_AT, "b-9", BACKUP_AT, 2048, 8192, 4200L, 4500, 2540,
                Map.of("public.orders", 2000L, "public.customer", 540L, "public.extra", 5L),
                Map.of("public.orders", 2000L, "public.customer", 500L, "sales.invoice", 40L),
                List.of(new ValidationResult("ROW_COUNTS", false, "public.customer: 540 restored, 500 in manifest"),
                        new ValidationResult("FK_INTEGRITY", true, "a | b\nc")),
                null, false, null);
    }

    /** Stopped before any check, as RestoreTestRun#failed builds it. */
    private static RestoreTestReport noBackup() {
        return new RestoreTestReport("t-3", "shop", "SCHEDULED", TESTED_AT, null, null, 0, 0, null, 0, 0, Map.of(), Map.of(),
                List.of(), "pg_restore failed: exit 1\nrelation | missing", false, null);
    }

    private static RestoreTestReport pointInTime(Instant committedAt) {
        return new RestoreTestReport("t-2", "shop", "MANUAL", TESTED_AT, "b-9", BACKUP_AT, 2048, 8192, 125000L, 93784, 2000,
                Map.of("public.orders", 2000L), Map.of("public.orders", 2000L),
                List.of(new ValidationResult("ROW_COUNTS", true, "all tables match")), null, true,
                new RestoreCompleted.PointReached(Instant.parse("2026-11-22T02:30:00Z"), committedAt, "0/16B3748", 12, 30, Map.of()));
    }
}
