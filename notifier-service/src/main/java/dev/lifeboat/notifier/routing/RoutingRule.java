package dev.lifeboat.notifier.routing;

import dev.lifeboat.notifier.message.Severity;
import dev.lifeboat.events.EventType;

import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * One routing rule: an event matches when its type, database, the database's labels and its severity
 * are all among those named (an empty set names all).
 *
 * @param recipients email recipients instead of the email channel's own (empty: the channel's)
 */
public record RoutingRule(String name, Set<EventType> types, Set<String> databases, Map<String, String> labels,
                          Set<Severity> severities, List<String> channels, List<String> recipients) {

    public RoutingRule {
        types = Set.copyOf(types);
        databases = Set.copyOf(databases);
        labels = Map.copyOf(labels);
        severities = Set.copyOf(severities);
        channels = List.copyOf(channels);
        recipients = List.copyOf(recipients);
    }

    public boolean matches(EventType type, String databaseId, Map<String, String> databaseLabels, Severity severity) {
        return (types.isEmpty() || types.contains(type))
                && (databases.isEmpty() || databases.contains(databaseId))
                && databaseLabels.entrySet().containsAll(labels.entrySet())
                && (severities.isEmpty() || severities.contains(severity));
    }
}
