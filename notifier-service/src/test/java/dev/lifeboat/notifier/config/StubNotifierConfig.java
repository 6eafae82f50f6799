package dev.lifeboat.notifier.config;

import dev.lifeboat.notifier.message.Severity;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A {@link NotifierConfig} built in plain Java, for unit tests of the classes that read it (no Quarkus, no SmallRye
 * mapping): its groups have the defaults {@link NotifierConfig} declares.
 */
public record StubNotifierConfig(Map<String, NotifierConfig.Channel> channels, Map<String, NotifierConfig.Rule> rules,
                                 Map<String, NotifierConfig.DatabaseLabels> databases, NotifierConfig.Delivery delivery,
                                 NotifierConfig.Digest digest, NotifierConfig.Reminder reminder, String emailFrom)
        implements NotifierConfig {

    public static StubNotifierConfig of(Map<String, NotifierConfig.Channel> channels, Map<String, NotifierConfig.Rule> rules,
                                        Map<String, NotifierConfig.DatabaseLabels> databases) {
        return new StubNotifierConfig(channels, rules, databases, StubDelivery.DEFAULTS, new StubDigest(Duration.ofMinutes(15)),
                StubReminder.withReportsUrl(Optional.empty()), "lifeboat@localhost");
    }

    public static StubNotifierConfig withReportsUrl(Optional<String> reportsUrl) {
        return new StubNotifierConfig(Map.of(), Map.of(), Map.of(), StubDelivery.DEFAULTS, new StubDigest(Duration.ofMinutes(15)),
                StubReminder.withReportsUrl(reportsUrl), "lifeboat@localhost");
    }

    public record StubChannel(NotifierConfig.ChannelType type, Optional<String> urlRef, Optional<String> secretRef,
                              Optional<List<String>> recipients) implements NotifierConfig.Channel {

        public static StubChannel slack(Optional<String> urlRef) {
            return new StubChannel(NotifierConfig.ChannelType.SLACK, urlRef, Optional.empty(), Optional.empty());
        }

        public static StubChannel webhook(Optional<String> urlRef) {
            return new StubChannel(NotifierConfig.ChannelType.WEBHOOK, urlRef, Optional.of("env:HOOK_SECRET"), Optional.empty());
        }

        public static StubChannel email(Optional<List<String>> recipients) {
            return new StubChannel(NotifierConfig.ChannelType.EMAIL, Optional.empty(), Optional.empty(), recipients);
        }
    }

    public record StubRule(boolean enabled, Optional<List<String>> types, Optional<List<String>> databases,
                           Map<String, String> labels, Optional<List<Severity>> severities, List<String> channels,
                           Optional<List<String>> recipients) implements NotifierConfig.Rule {

        /** An enabled rule on event names only (none: every event), to the channels, with the channel's recipients. */
        public static StubRule on(List<String> types, List<String> channels) {
            return new StubRule(true, types.isEmpty() ? Optional.empty() : Optional.of(types), Optional.empty(), Map.of(),
                    Optional.empty(), channels, Optional.empty());
        }
    }

    public record StubLabels(Map<String, String> labels) implements NotifierConfig.DatabaseLabels {
    }

    public record StubDelivery(int maxAttempts, Duration initialBackoff, Duration maxBackoff, Duration timeout, boolean paused)
            implements NotifierConfig.Delivery {

        public static final StubDelivery DEFAULTS = new StubDelivery(8, Duration.ofSeconds(5), Duration.ofMinutes(10),
                Duration.ofSeconds(15), false);
    }

    public record StubDigest(Duration window) implements NotifierConfig.Digest {
    }

    public record StubReminder(String schedule, List<String> channels, Optional<String> reportsUrl)
            implements NotifierConfig.Reminder {

        public static StubReminder withReportsUrl(Optional<String> reportsUrl) {
            return new StubReminder("0 9 1 1,4,7,10 *", List.of("slack", "email"), reportsUrl);
        }
    }
}
