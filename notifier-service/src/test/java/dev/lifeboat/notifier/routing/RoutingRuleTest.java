package dev.lifeboat.notifier.routing;

import dev.lifeboat.notifier.message.Severity;
import dev.lifeboat.events.EventType;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

class RoutingRuleTest {

    @Test
    void anEmptySetMatchesEverythingAndEveryNamedCriterionMustHold() {
        RoutingRule everything = new RoutingRule("all", Set.of(), Set.of(), Map.of(), Set.of(), List.of("slack"), List.of());
        assertThat(everything.matches(EventType.BACKUP_STARTED, "any-db", Map.of(), Severity.INFO)).isTrue();

        RoutingRule payments = new RoutingRule("payments", Set.of(EventType.BACKUP_FAILED, EventType.RESTORE_FAILED), Set.of(),
                Map.of("team", "payments"), Set.of(Severity.ERROR), List.of("email"), List.of("payments@example.com"));
        assertThat(payments.matches(EventType.BACKUP_FAILED, "orders-db", Map.of("team", "payments", "tier", "1"), Severity.ERROR)).isTrue();
        assertThat(payments.matches(EventType.BACKUP_FAILED, "orders-db", Map.of("team", "search"), Severity.ERROR)).as("other team").isFalse();
        assertThat(payments.matches(EventType.BACKUP_FAILED, "orders-db", Map.of(), Severity.ERROR)).as("no labels").isFalse();
        assertThat(payments.matches(EventType.BACKUP_COMPLETED, "orders-db", Map.of("team", "payments"), Severity.SUCCESS)).isFalse();

        RoutingRule oneDatabase = new RoutingRule("one", Set.of(), Set.of("orders-db"), Map.of(), Set.of(Severity.ERROR, Severity.WARNING),
                List.of("slack"), List.of());
        assertThat(oneDatabase.matches(EventType.RESTORE_STARTED, "orders-db", Map.of(), Severity.WARNING)).isTrue();
        assertThat(oneDatabase.matches(EventType.RESTORE_STARTED, "billing-db", Map.of(), Severity.WARNING)).isFalse();
        assertThat(oneDatabase.matches(EventType.RESTORE_COMPLETED, "orders-db", Map.of(), Severity.SUCCESS)).isFalse();
    }
}
