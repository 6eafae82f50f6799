package dev.lifeboat.audit.query;

import dev.lifeboat.audit.entry.Outcome;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class AuditFilterTest {

    @Test
    void missingOrBlankParametersFilterNothing() {
        assertThat(AuditFilter.parse(null, null, null, null, null, null, null)).isEqualTo(AuditFilter.ALL);
        assertThat(AuditFilter.parse("", " ", "", "\t", "  ", "", " ")).isEqualTo(AuditFilter.ALL);
        assertThat(AuditFilter.ALL.condition()).isEqualTo("1 = 1");
        assertThat(AuditFilter.ALL.parameters().map()).isEmpty();
    }

    @Test
    void anEventNameBecomesItsCloudEventsTypeWhateverItsCase() {
        assertThat(typeOf("BackupCompleted")).isEqualTo("dev.lifeboat.backup.completed.v1");
        assertThat(typeOf("backupcompleted")).isEqualTo("dev.lifeboat.backup.completed.v1");
        assertThat(typeOf("RESTOREROLLEDBACK")).isEqualTo("dev.lifeboat.restore.rolledback.v1");
        assertThat(typeOf("ApiCallRecorded")).isEqualTo("dev.lifeboat.apicall.recorded.v1");
    }

    @Test
    void aTypeWithADotAndTheTypeOfUnreadableMessagesAreTakenAsGiven() {
        assertThat(typeOf("dev.lifeboat.backup.failed.v1")).isEqualTo("dev.lifeboat.backup.failed.v1");
        assertThat(typeOf("com.example.not.in.the.catalog")).isEqualTo("com.example.not.in.the.catalog");
        assertThat(typeOf("unreadable")).isEqualTo("unreadable");
    }

    @Test
    void anUnknownEventNameIsRefusedListingTheNamesItTakes() {
        assertThatThrownBy(() -> typeOf("BackupExploded"))
                .isInstanceOf(BadQueryException.class)
                .hasMessageStartingWith("unknown type 'BackupExploded'; give a CloudEvents type (dev.lifeboat.backup.completed.v1)"
                        + " or an event name: BackupRequested, BackupStarted, BackupCompleted, ")
                .hasMessageContaining(", RestoreRolledBack, ")
                .hasMessageContaining("ApiCallRecorded");
    }

    @Test
    void anOutcomeIsReadWhateverItsCaseAndAnUnknownOneIsRefusedListingEveryOutcome() {
        assertThat(outcomeOf("failed")).isEqualTo(Outcome.FAILED);
        assertThat(outcomeOf("Rolled_Back")).isEqualTo(Outcome.ROLLED_BACK);
        assertThatThrownBy(() -> outcomeOf("rolled-back"))
                .isInstanceOf(BadQueryException.class)
                .hasMessage("unknown outcome 'rolled-back'; one of REQUESTED, STARTED, SUCCEEDED, FAILED, ROLLED_BACK, REJECTED,"
                        + " DEAD_LETTERED, PRUNED, REFUSED");
    }

    @Test
    void timesAreReadWithTheirOffsetAndEitherEndOfTheRangeMayBeLeftOpen() {
        AuditFilter filter = AuditFilter.parse(null, null, null, null, null, "2026-11-21T02:00:00+01:00", "2026-11-21T02:00:00.5Z");
        assertThat(filter.from()).isEqualTo(Instant.parse("2026-11-21T01:00:00Z"));
        assertThat(filter.to()).isEqualTo(Instant.parse("2026-11-21T02:00:00.500Z"));
        assertThat(AuditFilter.parse(null, null, null, null, null, "2026-11-21T00:00:00Z", null).to()).isNull();
        assertThat(AuditFilter.parse(null, null, null, null, null, null, "2026-11-21T00:00:00Z").from()).isNull();
    }

    @Test
    void aTimeWithoutOffsetIsRefusedNamingItsParameter() {
        assertThatThrownBy(() -> AuditFilter.parse(null, null, null, null, null, null, "2026-11-21T02:00:00"))
                .isInstanceOf(BadQueryException.class)
                .hasMessage("'to' must be an ISO-8601 time with offset, e.g. 2026-11-21T02:00:00Z; got '2026-11-21T02:00:00'");
    }

    @Test
    void anEmptyRangeIsRefusedQuotingBothTimesAsGiven() {
        // the same instant written with two offsets: 'from' must be strictly before 'to'
        assertThatThrownBy(() -> AuditFilter.parse(null, null, null, null, null, "2026-11-21T02:00:00+01:00", "2026-11-21T01:00:00Z"))
                .isInstanceOf(BadQueryException.class)
                .hasMessage("'from' (2026-11-21T02:00:00+01:00) must be before 'to' (2026-11-21T01:00:00Z)");
    }

    @Test
    void everyParameterGivenBecomesOneConditionWithItsNamedValue() {
        AuditFilter filter = AuditFilter.parse("shop", "BackupFailed", "failed", "alice", "flow-1",
                "2026-11-21T00:00:00Z", "2026-11-22T00:00:00Z");
        assertThat(filter.condition()).isEqualTo("databaseId = :databaseId and type = :type and outcome = :outcome"
                + " and actor = :actor and correlationId = :correlationId and occurredAt >= :from and occurredAt < :to");
        assertThat(filter.parameters().map()).containsExactlyInAnyOrderEntriesOf(Map.of(
                "databaseId", "shop",
                "type", "dev.lifeboat.backup.failed.v1",
                "outcome", Outcome.FAILED,
                "actor", "alice",
                "correlationId", "flow-1",
                "from", Instant.parse("2026-11-21T00:00:00Z"),
                "to", Instant.parse("2026-11-22T00:00:00Z")));
    }

    @Test
    void parametersNotGivenAreLeftOutOfTheConditionAndItsValues() {
        AuditFilter filter = AuditFilter.parse(" ", null, null, "alice", "", null, "2026-11-22T00:00:00Z");
        assertThat(filter.condition()).isEqualTo("actor = :actor and occurredAt < :to");
        assertThat(filter.parameters().map()).containsExactlyInAnyOrderEntriesOf(Map.of(
                "actor", "alice",
                "to", Instant.parse("2026-11-22T00:00:00Z")));
    }

    private static String typeOf(String type) {
        return AuditFilter.parse(null, type, null, null, null, null, null).type();
    }

    private static Outcome outcomeOf(String outcome) {
        return AuditFilter.parse(null, null, outcome, null, null, null, null).outcome();
    }
}
