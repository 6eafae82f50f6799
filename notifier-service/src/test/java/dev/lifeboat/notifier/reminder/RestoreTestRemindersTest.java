package dev.lifeboat.notifier.reminder;

import dev.lifeboat.notifier.config.StubNotifierConfig;
import dev.lifeboat.notifier.message.Message;
import dev.lifeboat.notifier.message.Severity;
import dev.lifeboat.notifier.restoretest.RestoreTestSeen;
import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.entry;

/** The reminder's message only: planning it needs the database and is left to the service tests. */
class RestoreTestRemindersTest {

    private static final Instant SLOT = Instant.parse("2024-04-01T09:00:00Z");
    private static final Instant TESTED_AT = Instant.parse("2024-03-30T08:00:00Z");

    private static RestoreTestReminders reminders(Optional<String> reportsUrl) {
        return new RestoreTestReminders(StubNotifierConfig.withReportsUrl(reportsUrl), null, Clock.systemUTC());
    }

    private static RestoreTestSeen test(String databaseId, String testId, boolean passed, String reportKey, long rtoMs, long rpoSeconds) {
        RestoreTestSeen seen = new RestoreTestSeen();
        seen.databaseId = databaseId;
        seen.testId = testId;
        seen.passed = passed;
        seen.reportKey = reportKey;
        seen.restoreDurationMs = rtoMs;
        seen.backupAgeSeconds = rpoSeconds;
        seen.testedAt = TESTED_AT;
        return seen;
    }

    @Test
    void neverTestedDatabasesComeFirstThenEachTestsVerdictDateRtoRpoAndReportKey() {
        Message message = reminders(Optional.empty()).message(List.of("orders-db"), List.of(
                test("billing-db", "t-1", true, "reports/billing-db/t-1.md", 125_000, 3_600),
                test("users-db", "t-2", false, null, 9_000, 60)), SLOT);

        assertThat(message.title()).isEqualTo("Quarterly review: the last restore test of 2 databases; 1 never restore-tested");
        assertThat(message.fields()).containsExactly(
                entry("orders-db", "NEVER restore-tested: nothing proves its backups restore; start one with POST /api/restore-tests "
                        + "{\"databaseId\":\"orders-db\"}"),
                entry("billing-db", "PASS on 2024-03-30T08:00:00Z, RTO 125000 ms, RPO 3600 s, report s3 key reports/billing-db/t-1.md"),
                entry("users-db", "FAIL on 2024-03-30T08:00:00Z, RTO 9000 ms, RPO 60 s"));
    }

    @Test
    void theReminderIsAnInfoMessageAboutAllDatabasesCorrelatedWithItsSlot() {
        Message message = reminders(Optional.empty()).message(List.of(), List.of(test("billing-db", "t-1", true, null, 1, 1)), SLOT);

        assertThat(message.title()).isEqualTo("Quarterly review: the last restore test of 1 database");
        assertThat(message.severity()).isEqualTo(Severity.INFO);
        assertThat(message.databaseId()).isEqualTo("all-databases");
        assertThat(message.eventType()).isEqualTo("reminder");
        assertThat(message.eventId()).isNull();
        assertThat(message.correlationId()).isEqualTo("reminder-2024-04-01T09:00:00Z");
        assertThat(message.occurredAt()).isEqualTo(SLOT);
        assertThat(message.error()).isNull();
        assertThat(message.cloudEvent()).isNull();
    }

    @Test
    void withTheVerifiersUrlEachTestLinksToItsReportInsteadOfTheKey() {
        Message message = reminders(Optional.of("https://verifier.example.com//")).message(List.of(), List.of(
                test("billing-db", "t-1", true, "reports/billing-db/t-1.md", 2_000, 30),
                test("users-db", "t-2", false, null, 3_000, 40)), SLOT);

        assertThat(message.fields()).containsExactly(
                entry("billing-db", "PASS on 2024-03-30T08:00:00Z, RTO 2000 ms, RPO 30 s, report "
                        + "https://verifier.example.com/api/restore-tests/t-1/report"),
                entry("users-db", "FAIL on 2024-03-30T08:00:00Z, RTO 3000 ms, RPO 40 s, report "
                        + "https://verifier.example.com/api/restore-tests/t-2/report"));
    }

    @Test
    void withNoTestAndNoDatabaseTheReminderSaysHowToStartOne() {
        Message message = reminders(Optional.empty()).message(List.of(), List.of(), SLOT);

        assertThat(message.title()).isEqualTo("Quarterly review: the last restore test of 0 databases");
        assertThat(message.fields()).containsExactly(entry("Restore tests", "none has run yet: start one with POST /api/restore-tests"));
    }

    @Test
    void withOnlyNeverTestedDatabasesThereIsNoNoneHasRunLine() {
        Message message = reminders(Optional.empty()).message(List.of("a-db", "b-db"), List.of(), SLOT);

        assertThat(message.title()).isEqualTo("Quarterly review: the last restore test of 0 databases; 2 never restore-tested");
        assertThat(message.fields()).containsOnlyKeys("a-db", "b-db");
        assertThat(message.fields().keySet()).containsExactly("a-db", "b-db");
    }
}
