package dev.lifeboat.events.notification;

import dev.lifeboat.events.data.EventData;

/** A notification about event {@code eventId} reached {@code channel} after {@code attempts} attempts. */
public record NotificationSent(String deliveryId, String databaseId, String eventId, String eventType, String channel,
                               int attempts) implements EventData {
}
