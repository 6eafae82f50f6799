package dev.lifeboat.notifier.api;

import dev.lifeboat.notifier.delivery.Delivery;
import dev.lifeboat.notifier.message.MessageJson;

import java.time.Instant;
import java.util.List;

/**
 * A delivery as the API shows it. {@code digestId} is set on a failure collapsed into a digest;
 * {@code collapsed} counts the failures a digest stands for.
 */
public record DeliveryView(String id, String eventId, String eventType, String databaseId, String channel, String kind, String rule,
                           String severity, String title, List<String> recipients, String status, int attempts,
                           Instant nextAttemptAt, String lastError, Instant occurredAt, Instant createdAt, Instant sentAt,
                           String digestId, int collapsed) {

    public static DeliveryView of(Delivery row) {
        String title;
        try {
            title = MessageJson.read(row.message).title();
        } catch (IllegalArgumentException e) {
            title = null;
        }
        return new DeliveryView(row.id, row.eventId, row.eventType, row.databaseId, row.channel, row.kind.name(), row.rule, row.severity,
                title, List.of(row.recipients), row.status.name(), row.attempts, row.nextAttemptAt, row.lastError, row.occurredAt,
                row.createdAt, row.sentAt, row.digestId, row.collapsed);
    }
}
