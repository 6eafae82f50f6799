package dev.lifeboat.backup;

import dev.lifeboat.events.EventData;
import dev.lifeboat.events.Topics;
import dev.lifeboat.events.backup.BackupRequested;
import dev.lifeboat.events.backup.BackupTrigger;
import dev.lifeboat.events.envelope.CloudEvent;
import dev.lifeboat.events.envelope.EncodedEvent;
import dev.lifeboat.events.envelope.EventCodec;
import dev.lifeboat.realservers.kafka.KafkaProbe;
import org.apache.kafka.clients.consumer.ConsumerRecord;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Predicate;

/** The backup events on real Kafka, decoded, as another system would read them; and requests as another system sends them. */
final class BackupEvents {

    private final KafkaProbe kafka;
    private final EventCodec codec = new EventCodec();

    BackupEvents(KafkaProbe kafka) {
        this.kafka = kafka;
    }

    /** The first event of this type and correlation id on {@code lifeboat.backup.events}. */
    <T extends EventData> CloudEvent<T> await(Class<T> type, String correlationId, Duration timeout) {
        return await(type, event -> correlationId.equals(event.correlationId()), timeout)
                .orElseThrow(() -> new AssertionError("no " + type.getSimpleName() + " with correlation id " + correlationId + " within " + timeout));
    }

    @SuppressWarnings("unchecked")
    <T extends EventData> Optional<CloudEvent<T>> await(Class<T> type, Predicate<CloudEvent<T>> matches, Duration timeout) {
        return kafka.awaitRecord(Topics.BACKUP_EVENTS, record -> {
            CloudEvent<?> event = decode(record);
            return type.isInstance(event.data()) && matches.test((CloudEvent<T>) event);
        }, timeout).map(record -> (CloudEvent<T>) decode(record));
    }

    /** Every event of this type so far that matches. */
    @SuppressWarnings("unchecked")
    <T extends EventData> List<CloudEvent<T>> all(Class<T> type, Predicate<CloudEvent<T>> matches) {
        return kafka.allRecords(Topics.BACKUP_EVENTS, record -> {
            CloudEvent<?> event = decode(record);
            return type.isInstance(event.data()) && matches.test((CloudEvent<T>) event);
        }).stream().map(record -> (CloudEvent<T>) decode(record)).toList();
    }

    /** Publishes {@code BackupRequested} the way any other system would. */
    void request(String requestId, String databaseId) {
        CloudEvent<BackupRequested> event = CloudEvent.of("/billing", requestId,
                new BackupRequested(requestId, databaseId, BackupTrigger.EXTERNAL, "billing-system", Map.of("ticket", "T-1")));
        EncodedEvent encoded = codec.encode(event);
        kafka.send(Topics.BACKUP_REQUESTS, encoded.key(), encoded.headers(), encoded.value());
    }

    private CloudEvent<?> decode(ConsumerRecord<String, byte[]> record) {
        return codec.decode(record.headers(), record.value());
    }
}
