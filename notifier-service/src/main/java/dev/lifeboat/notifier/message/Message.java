package dev.lifeboat.notifier.message;


import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * What a notification says, whatever the channel: rendered once when the delivery is planned and kept
 * with it, so a restart sends exactly what was planned.
 *
 * @param title         e.g. {@code Backup FAILED: orders-db} (the email subject after {@code [Lifeboat] })
 * @param fields        label to value, in order (database, size, duration, …)
 * @param error         what went wrong, when something did
 * @param correlationId the request that started the flow
 * @param cloudEvent    the event as structured CloudEvents JSON (what a webhook receives); null for digests and reminders
 */
public record Message(String title, Severity severity, String databaseId, String eventType, String eventId,
                      String correlationId, Instant occurredAt, Map<String, String> fields, String error, String cloudEvent) {

    public Message {
        fields = fields == null ? Map.of() : new LinkedHashMap<>(fields);
    }
}
