package dev.lifeboat.bench;

import dev.lifeboat.events.Topics;
import dev.lifeboat.events.backup.BackupCompleted;
import dev.lifeboat.events.backup.BackupFailed;
import dev.lifeboat.events.backup.BackupStarted;
import dev.lifeboat.events.envelope.CloudEvent;
import dev.lifeboat.events.envelope.EventCodec;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;

import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * Times one backup from the API request to the arrival of its {@code BackupCompleted}, with a consumer that
 * is positioned at the end of the backup events topic before the request goes out (so joining a consumer
 * group is not part of the measurement). Also reads when backup-service published {@code BackupStarted} and
 * {@code BackupCompleted} (the records' create times), so the printout shows where the time went.
 */
final class BackupStopwatch implements AutoCloseable {

    /** Milliseconds from the request: the API's answer, the two events' publication, and the arrival of the last. */
    record Lap(BackupCompleted completed, double seconds, long answeredMs, long startedMs, long completedMs) {
    }

    private final KafkaConsumer<String, byte[]> consumer;
    private final EventCodec codec = new EventCodec();

    BackupStopwatch(String bootstrapServers) {
        consumer = new KafkaConsumer<>(Map.of("bootstrap.servers", bootstrapServers, "enable.auto.commit", "false",
                "fetch.max.wait.ms", "20"), new StringDeserializer(), new ByteArrayDeserializer());
    }

    /** Assigns the topic's partitions once it exists (before the first backup it may not); true when assigned. */
    private boolean assigned() {
        if (consumer.assignment().isEmpty()) {
            List<TopicPartition> partitions = consumer.partitionsFor(Topics.BACKUP_EVENTS, Duration.ofSeconds(30)).stream()
                    .map(info -> new TopicPartition(info.topic(), info.partition())).toList();
            if (partitions.isEmpty()) {
                return false;
            }
            consumer.assign(partitions);
            // The topic is new: everything on it came after the request.
            consumer.seekToBeginning(partitions);
            return true;
        }
        return true;
    }

    Lap time(ServiceApi backupService, String database, Duration timeout) throws Exception {
        if (assigned()) {
            consumer.seekToEnd(consumer.assignment());
            consumer.assignment().forEach(consumer::position);
        }
        long startNanos = System.nanoTime();
        long startMillis = System.currentTimeMillis();
        String requestId = ServiceApi.field(backupService.post("/api/backups", "{\"databaseId\":\"" + database + "\"}"), "requestId");
        long answeredMs = (System.nanoTime() - startNanos) / 1_000_000;
        long startedMs = -1;
        long deadline = startNanos + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            if (!assigned()) {
                Thread.sleep(20);
                continue;
            }
            for (ConsumerRecord<String, byte[]> record : consumer.poll(Duration.ofMillis(100))) {
                CloudEvent<?> event = codec.decode(record.headers(), record.value());
                if (!requestId.equals(event.correlationId())) {
                    continue;
                }
                if (event.data() instanceof BackupStarted) {
                    startedMs = record.timestamp() - startMillis;
                } else if (event.data() instanceof BackupFailed failed && !failed.retryable()) {
                    throw new IllegalStateException("the backup of " + database + " failed: " + failed.errorCode() + " " + failed.message());
                } else if (event.data() instanceof BackupCompleted completed) {
                    double seconds = (System.nanoTime() - startNanos) / 1e9;
                    return new Lap(completed, seconds, answeredMs, startedMs, record.timestamp() - startMillis);
                }
            }
        }
        throw new IllegalStateException("no BackupCompleted for request " + requestId + " within " + timeout);
    }

    @Override
    public void close() {
        consumer.close();
    }
}
