package dev.lifeboat.notifier.routing;

import dev.lifeboat.events.EventType;
import dev.lifeboat.notifier.channel.Channels;
import dev.lifeboat.notifier.config.NotifierConfig;
import dev.lifeboat.notifier.config.StubNotifierConfig;
import dev.lifeboat.notifier.config.StubNotifierConfig.StubChannel;
import dev.lifeboat.notifier.config.StubNotifierConfig.StubLabels;
import dev.lifeboat.notifier.config.StubNotifierConfig.StubRule;
import dev.lifeboat.notifier.message.Severity;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class RoutingRulesTest {

    private static final String ONCALL = "oncall@example.com";
    private static final String PAYMENTS = "payments@example.com";

    /** slack and email are set up; stakeholders (no recipients) and hook (no URL) are known but off. */
    private static final Map<String, NotifierConfig.Channel> CHANNELS = Map.of(
            "slack", StubChannel.slack(Optional.of("env:SLACK_URL")),
            "email", StubChannel.email(Optional.of(List.of(ONCALL))),
            "stakeholders", StubChannel.email(Optional.empty()),
            "hook", StubChannel.webhook(Optional.empty()));

    private static RoutingRules rules(Map<String, NotifierConfig.Rule> rules, Map<String, NotifierConfig.DatabaseLabels> databases) {
        StubNotifierConfig config = StubNotifierConfig.of(CHANNELS, rules, databases);
        return new RoutingRules(config, new Channels(config, null, null, null));
    }

    private static RoutingRules standard() {
        return rules(Map.of(
                "failures", StubRule.on(List.of("BackupFailed", "RestoreFailed"), List.of("slack", "email")),
                "payments", new StubRule(true, Optional.empty(), Optional.empty(), Map.of("team", "payments"),
                        Optional.of(List.of(Severity.ERROR)), List.of("email"), Optional.of(List.of(PAYMENTS, ONCALL))),
                "maintenance", StubRule.on(List.of("RestoreStarted"), List.of("stakeholders", "hook")),
                "switched-off", new StubRule(false, Optional.of(List.of("BackupCompleted")), Optional.empty(), Map.of(),
                        Optional.empty(), List.of("slack"), Optional.empty())),
                Map.of("orders-db", new StubLabels(Map.of("team", "payments"))));
    }

    @Test
    void theEnabledRulesAreKeptInNameOrderWithTheirEventTypes() {
        List<RoutingRule> rules = standard().rules();

        assertThat(rules).extracting(RoutingRule::name).containsExactly("failures", "maintenance", "payments");
        assertThat(rules.get(0).types()).containsExactlyInAnyOrder(EventType.BACKUP_FAILED, EventType.RESTORE_FAILED);
        assertThat(rules.get(0).channels()).containsExactly("slack", "email");
        assertThat(rules.get(2).types()).isEmpty();
        assertThat(rules.get(2).labels()).containsOnly(Map.entry("team", "payments"));
        assertThat(rules.get(2).severities()).containsExactly(Severity.ERROR);
        assertThat(rules.get(2).recipients()).containsExactly(PAYMENTS, ONCALL);
    }

    @Test
    void anEventGetsOneRoutePerChannelAndTheEmailRecipientsOfEveryMatchingRuleMerged() {
        List<Route> routes = standard().routes(EventType.BACKUP_FAILED, "orders-db", Map.of(), Severity.ERROR);

        assertThat(routes).containsExactly(
                new Route("slack", List.of(), "failures"),
                new Route("email", List.of(ONCALL, PAYMENTS), "failures,payments"));
    }

    @Test
    void aRuleWithoutRecipientsUsesTheEmailChannelsOwnAndARuleWithRecipientsReplacesThem() {
        RoutingRules rules = standard();

        assertThat(rules.routes(EventType.RESTORE_FAILED, "billing-db", Map.of(), Severity.ERROR)).containsExactly(
                new Route("slack", List.of(), "failures"),
                new Route("email", List.of(ONCALL), "failures"));
        assertThat(rules.routes(EventType.VERIFICATION_FAILED, "billing-db", Map.of("team", "payments"), Severity.ERROR))
                .as("labels from the registry").containsExactly(new Route("email", List.of(PAYMENTS, ONCALL), "payments"));
    }

    @Test
    void channelsThatAreNotSetUpAreSkippedAndSoAreRulesThatDoNotMatch() {
        RoutingRules rules = standard();

        assertThat(rules.routes(EventType.RESTORE_STARTED, "orders-db", Map.of(), Severity.WARNING)).as("stakeholders and hook are off")
                .isEmpty();
        assertThat(rules.routes(EventType.BACKUP_COMPLETED, "billing-db", Map.of(), Severity.SUCCESS)).as("its rule is switched off")
                .isEmpty();
        assertThat(rules.routes(EventType.VERIFICATION_FAILED, "orders-db", Map.of(), Severity.WARNING)).as("payments wants errors")
                .isEmpty();
    }

    @Test
    void theConfiguredLabelsOfADatabaseOverrideTheRegistrysOnes() {
        RoutingRules rules = standard();

        assertThat(rules.labelsOf("orders-db", Map.of("team", "search", "tier", "1")))
                .containsExactly(Map.entry("team", "payments"), Map.entry("tier", "1"));
        assertThat(rules.labelsOf("billing-db", Map.of("team", "search"))).containsOnly(Map.entry("team", "search"));
        assertThat(rules.labelsOf("billing-db", Map.of())).isEmpty();
    }

    @Test
    void aRuleNamingAnUnknownEventStopsTheStartWithTheRuleName() {
        assertThatThrownBy(() -> rules(Map.of("typo", StubRule.on(List.of("BackupFail"), List.of("slack"))), Map.of()))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageStartingWith("lifeboat.notifier.rules.typo.types names 'BackupFail', which is not an event; the events are [")
                .hasMessageContaining("BackupFailed");
    }

    @Test
    void aRuleNamingAnUnknownChannelStopsTheStartWithTheRuleName() {
        assertThatThrownBy(() -> rules(Map.of("paging", StubRule.on(List.of(), List.of("slack", "pager"))), Map.of()))
                .isInstanceOf(IllegalStateException.class)
                .hasMessage("lifeboat.notifier.rules.paging.channels names 'pager', which is not a channel "
                        + "(lifeboat.notifier.channels.<name>.type)");
    }

    @Test
    void aSwitchedOffRuleIsNotCheckedAndAKnownChannelThatIsOffIsAccepted() {
        RoutingRules rules = rules(Map.of(
                "old", new StubRule(false, Optional.of(List.of("NoSuchEvent")), Optional.empty(), Map.of(), Optional.empty(),
                        List.of("pager"), Optional.empty()),
                "hooks", StubRule.on(List.of(), List.of("hook", "slack"))), Map.of());

        assertThat(rules.rules()).extracting(RoutingRule::name).containsExactly("hooks");
        assertThat(rules.routes(EventType.BACKUP_STARTED, "any-db", Map.of(), Severity.INFO))
                .containsExactly(new Route("slack", List.of(), "hooks"));
    }
}
