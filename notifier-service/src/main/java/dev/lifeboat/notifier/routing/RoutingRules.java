package dev.lifeboat.notifier.routing;

import dev.lifeboat.notifier.message.Severity;
import dev.lifeboat.events.EventType;
import dev.lifeboat.notifier.channel.Channels;
import dev.lifeboat.notifier.config.NotifierConfig;
import jakarta.enterprise.context.ApplicationScoped;
import org.jboss.logging.Logger;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Collectors;

/**
 * The routing rules from configuration, checked at start-up (an unknown event name or channel stops the
 * service with the rule's name), and the routes of an event: one per channel, however many rules name it.
 */
@ApplicationScoped
public class RoutingRules {

    private static final Logger LOG = Logger.getLogger(RoutingRules.class);

    private final List<RoutingRule> rules;
    private final Map<String, Map<String, String>> databaseLabels;
    private final Channels channels;

    public RoutingRules(NotifierConfig config, Channels channels) {
        this.channels = channels;
        this.rules = new ArrayList<>();
        new TreeMap<>(config.rules()).forEach((name, rule) -> {
            if (rule.enabled()) {
                rules.add(toRule(name, rule, channels));
            }
        });
        this.databaseLabels = new TreeMap<>();
        config.databases().forEach((id, labels) -> databaseLabels.put(id, Map.copyOf(labels.labels())));
        for (RoutingRule rule : rules) {
            List<String> off = rule.channels().stream().filter(channel -> !channels.enabled(channel)).toList();
            if (!off.isEmpty()) {
                LOG.warnf("Rule %s names channels that are not set up (no URL or recipients): %s; it skips them", rule.name(), off);
            }
        }
    }

    private static RoutingRule toRule(String name, NotifierConfig.Rule rule, Channels channels) {
        Set<EventType> types = rule.types().orElse(List.of()).stream().map(type -> eventType(name, type)).collect(Collectors.toSet());
        for (String channel : rule.channels()) {
            if (!channels.known(channel)) {
                throw new IllegalStateException("lifeboat.notifier.rules." + name + ".channels names '" + channel
                        + "', which is not a channel (lifeboat.notifier.channels.<name>.type)");
            }
        }
        return new RoutingRule(name, types, Set.copyOf(rule.databases().orElse(List.of())), rule.labels(),
                Set.copyOf(rule.severities().orElse(List.of())), rule.channels(), rule.recipients().orElse(List.of()));
    }

    private static EventType eventType(String rule, String name) {
        return Arrays.stream(EventType.values()).filter(type -> type.messageName().equals(name)).findFirst()
                .orElseThrow(() -> new IllegalStateException("lifeboat.notifier.rules." + rule + ".types names '" + name
                        + "', which is not an event; the events are " + Arrays.stream(EventType.values()).map(EventType::messageName).toList()));
    }

    public List<RoutingRule> rules() {
        return List.copyOf(rules);
    }

    /** The registry's labels of a database, with those this service's configuration sets for it over them. */
    public Map<String, String> labelsOf(String databaseId, Map<String, String> registered) {
        Map<String, String> labels = new TreeMap<>(registered);
        labels.putAll(databaseLabels.getOrDefault(databaseId, Map.of()));
        return labels;
    }

    /**
     * One route per enabled channel that any matching rule names; recipients of several email rules are merged.
     *
     * @param registered the registry's labels of the database ({@link RegistryLabels})
     */
    public List<Route> routes(EventType type, String databaseId, Map<String, String> registered, Severity severity) {
        Map<String, Route> byChannel = new LinkedHashMap<>();
        Map<String, String> labels = labelsOf(databaseId, registered);
        for (RoutingRule rule : rules) {
            if (!rule.matches(type, databaseId, labels, severity)) {
                continue;
            }
            for (String channel : rule.channels()) {
                if (!channels.enabled(channel)) {
                    continue;
                }
                List<String> recipients = channels.recipients(channel, rule.recipients());
                Route earlier = byChannel.get(channel);
                if (earlier != null) {
                    List<String> merged = new ArrayList<>(earlier.recipients());
                    recipients.stream().filter(r -> !merged.contains(r)).forEach(merged::add);
                    byChannel.put(channel, new Route(channel, merged, earlier.rule() + "," + rule.name()));
                } else {
                    byChannel.put(channel, new Route(channel, recipients, rule.name()));
                }
            }
        }
        return List.copyOf(byChannel.values());
    }
}
