package dev.lifeboat.backup;

import dev.lifeboat.events.data.EventData;
import dev.lifeboat.events.Topics;
import dev.lifeboat.events.backup.BackupRequested;
import dev.lifeboat.events.backup.BackupTrigger;
import dev.lifeboat.events.envelope.CloudEvent;
import dev.lifeboat.realservers.kafka.KafkaProbe;
import dev.lifeboat.realservers.kafka.TopicEvents;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Predicate;

/** The backup events on real Kafka, decoded, as another system would read them; and requests as another system sends them. */
final class BackupEvents {

    private final TopicEvents events;
    private final TopicEvents requests;

    BackupEvents(KafkaProbe kafka) {
        this.events = new TopicEvents(kafka, Topics.BACKUP_EVENTS);
        this.requests = new TopicEvents(kafka, Topics.BACKUP_REQUESTS);
    }

    <T extends EventData> CloudEvent<T> await(Class<T> type, String correlationId, Duration timeout) {
        return events.await(type, correlationId, timeout);
    }

    <T extends EventData> Optional<CloudEvent<T>> await(Class<T> type, Predicate<CloudEvent<T>> matches, Duration timeout) {
        return events.await(type, matches, timeout);
    }

    <T extends EventData> List<CloudEvent<T>> all(Class<T> type, Predicate<CloudEvent<T>> matches) {
        return events.all(type, matches);
    }

    /** A {@code BackupRequested} on the requests topic (whoever published it) that matches. */
    Optional<CloudEvent<BackupRequested>> requested(Predicate<CloudEvent<BackupRequested>> matches, Duration timeout) {
        return requests.await(BackupRequested.class, matches, timeout);
    }

    List<CloudEvent<BackupRequested>> allRequested(Predicate<CloudEvent<BackupRequested>> matches) {
        return requests.all(BackupRequested.class, matches);
    }

    /** Publishes {@code BackupRequested} the way any other system would. */
    void request(String requestId, String databaseId) {
        requests.publish(CloudEvent.of("/billing", requestId,
                new BackupRequested(requestId, databaseId, BackupTrigger.EXTERNAL, "billing-system", Map.of("ticket", "T-1"))));
    }
}
