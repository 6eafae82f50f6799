package dev.lifeboat.events.notification;

import dev.lifeboat.events.data.EventData;

/** A notification gave up after {@code attempts} attempts; {@code reason} is the last error. */
public record NotificationFailed(String deliveryId, String databaseId, String eventId, String eventType, String channel,
                                 int attempts, String reason) implements EventData {
}
