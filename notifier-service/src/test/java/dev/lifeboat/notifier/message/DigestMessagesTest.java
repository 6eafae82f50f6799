package dev.lifeboat.notifier.message;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.entry;

class DigestMessagesTest {

    private static final String DB = "orders-db";
    private static final Instant WINDOW_ENDS = Instant.parse("2024-05-01T10:15:00Z");

    private static Message failure(String title, String correlationId, String occurredAt, String error) {
        return new Message(title, Severity.ERROR, DB, "dev.lifeboat.backup.failed.v1", "evt-" + correlationId, correlationId,
                Instant.parse(occurredAt), Map.of("Database", DB), error, "{\"id\":\"evt-" + correlationId + "\"}");
    }

    @Test
    void aDigestCountsTheFailuresByKindAndCarriesTheNewestOnesErrorAndCorrelation() {
        Message first = failure("Backup FAILED: orders-db", "c0", "2024-05-01T10:00:00Z", "error 0");
        List<Message> collapsed = List.of(
                failure("Restore FAILED: orders-db", "c1", "2024-05-01T10:01:00Z", "error 1"),
                failure("Backup FAILED: orders-db", "c2", "2024-05-01T10:02:00Z", "error 2"),
                failure("Backup FAILED: orders-db", "c3", "2024-05-01T10:03:00Z", "error 3"));

        Message digest = DigestMessages.of(first, collapsed, Duration.ofMinutes(15), WINDOW_ENDS);

        assertThat(digest.title()).isEqualTo("Digest: 4 failures of orders-db (3 more since the first)");
        assertThat(digest.severity()).isEqualTo(Severity.ERROR);
        assertThat(digest.databaseId()).isEqualTo(DB);
        assertThat(digest.eventType()).isEqualTo("digest");
        assertThat(digest.eventId()).isNull();
        assertThat(digest.cloudEvent()).isNull();
        assertThat(digest.correlationId()).isEqualTo("c3");
        assertThat(digest.occurredAt()).isEqualTo(Instant.parse("2024-05-01T10:03:00Z"));
        assertThat(digest.error()).isEqualTo("error 3");
        assertThat(digest.fields()).containsExactly(
                entry("Database", DB),
                entry("Failures in the window", "4"),
                entry("Sent on their own", "1 (the first)"),
                entry("Window", "15 min 0 s, until 2024-05-01T10:15:00Z"),
                entry("Backup FAILED", "2×"),
                entry("Restore FAILED", "1×"));
    }

    @Test
    void theKindIsTheTitleBeforeItsLastColonSoAVerificationKeepsItsCheck() {
        Message first = failure("Verification FAILED (CHECKSUM): orders-db", "c0", "2024-05-01T10:00:00Z", "sha256 differs");
        List<Message> collapsed = List.of(failure("Verification FAILED (CHECKSUM): orders-db", "c1", "2024-05-01T10:05:00Z", "again"));

        Message digest = DigestMessages.of(first, collapsed, Duration.ofHours(2), WINDOW_ENDS);

        assertThat(digest.title()).isEqualTo("Digest: 2 failures of orders-db (1 more since the first)");
        assertThat(digest.fields()).containsEntry("Verification FAILED (CHECKSUM)", "1×")
                .containsEntry("Window", "2 h 0 min, until 2024-05-01T10:15:00Z");
    }

    @Test
    void withNothingCollapsedTheFirstFailureIsTheNewest() {
        Message first = failure("Backup FAILED: orders-db", "c0", "2024-05-01T10:00:00Z", "error 0");

        Message digest = DigestMessages.of(first, List.of(), Duration.ofSeconds(30), WINDOW_ENDS);

        assertThat(digest.title()).isEqualTo("Digest: 1 failures of orders-db (0 more since the first)");
        assertThat(digest.correlationId()).isEqualTo("c0");
        assertThat(digest.occurredAt()).isEqualTo(Instant.parse("2024-05-01T10:00:00Z"));
        assertThat(digest.error()).isEqualTo("error 0");
        assertThat(digest.fields()).containsExactly(
                entry("Database", DB),
                entry("Failures in the window", "1"),
                entry("Sent on their own", "1 (the first)"),
                entry("Window", "30.0 s, until 2024-05-01T10:15:00Z"));
    }
}
