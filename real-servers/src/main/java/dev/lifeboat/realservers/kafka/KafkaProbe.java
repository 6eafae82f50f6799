package dev.lifeboat.realservers.kafka;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.stream.Collectors;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.function.Predicate;

/**
 * A plain Kafka client for tests, playing "another system": it writes raw records (any headers,
 * any bytes) and reads a topic from the beginning until a record matches.
 */
public final class KafkaProbe {

    private final String bootstrapServers;

    public KafkaProbe(String bootstrapServers) {
        this.bootstrapServers = bootstrapServers;
    }

    /** Sends one record and waits for the broker's acknowledgement. */
    public void send(String topic, String key, Headers headers, byte[] value) {
        try (KafkaProducer<String, byte[]> producer = new KafkaProducer<>(Map.of("bootstrap.servers", bootstrapServers,
                "acks", "all"), new StringSerializer(), new ByteArraySerializer())) {
            producer.send(new ProducerRecord<>(topic, null, key, value, headers)).get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        } catch (ExecutionException e) {
            throw new IllegalStateException("send to " + topic + " failed", e.getCause());
        }
    }

    /**
     * Waits until consumer group {@code groupId} has committed, on every partition of {@code topic}, the offset
     * the topic ends at now: every record sent so far was consumed and its effect done (consumers here commit
     * after their effect). Fails after {@code timeout}, naming the partitions still behind.
     */
    public void awaitConsumed(String groupId, String topic, Duration timeout) {
        try (Admin admin = Admin.create(Map.of("bootstrap.servers", bootstrapServers))) {
            Map<TopicPartition, OffsetSpec> latest = admin.describeTopics(List.of(topic)).allTopicNames().get().get(topic)
                    .partitions().stream().collect(Collectors.toMap(p -> new TopicPartition(topic, p.partition()), p -> OffsetSpec.latest()));
            Map<TopicPartition, Long> ends = admin.listOffsets(latest).all().get().entrySet().stream()
                    .collect(Collectors.toMap(Map.Entry::getKey, e -> e.getValue().offset()));
            long deadline = System.nanoTime() + timeout.toNanos();
            while (true) {
                Map<TopicPartition, OffsetAndMetadata> committed = admin.listConsumerGroupOffsets(groupId).partitionsToOffsetAndMetadata().get();
                List<TopicPartition> behind = ends.entrySet().stream().filter(end -> end.getValue() > 0)
                        .filter(end -> committed.get(end.getKey()) == null || committed.get(end.getKey()).offset() < end.getValue())
                        .map(Map.Entry::getKey).toList();
                if (behind.isEmpty()) {
                    return;
                }
                if (System.nanoTime() > deadline) {
                    throw new AssertionError("consumer group " + groupId + " has not consumed " + behind + " up to " + ends + " within " + timeout);
                }
                Thread.sleep(100);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        } catch (ExecutionException e) {
            throw new IllegalStateException("reading the offsets of " + groupId + " on " + topic + " failed", e.getCause());
        }
    }

    /** Sends many records through one producer and waits until the broker acknowledged them all. */
    public void sendAll(List<ProducerRecord<String, byte[]>> records) {
        try (KafkaProducer<String, byte[]> producer = new KafkaProducer<>(Map.of("bootstrap.servers", bootstrapServers,
                "acks", "all", "linger.ms", "5"), new StringSerializer(), new ByteArraySerializer())) {
            List<Future<?>> sent = new ArrayList<>(records.size());
            for (ProducerRecord<String, byte[]> record : records) {
                sent.add(producer.send(record));
            }
            for (Future<?> ack : sent) {
                ack.get();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        } catch (ExecutionException e) {
            throw new IllegalStateException("send failed", e.getCause());
        }
    }

    /** The first record of {@code topic} (read from the beginning) that matches, if one arrives in time. */
    public Optional<ConsumerRecord<String, byte[]>> awaitRecord(String topic, Predicate<ConsumerRecord<String, byte[]>> matches,
            Duration timeout) {
        try (KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(Map.of("bootstrap.servers", bootstrapServers,
                "group.id", "probe-" + UUID.randomUUID(), "auto.offset.reset", "earliest", "enable.auto.commit", "false",
                "fetch.max.wait.ms", "50"),
                new StringDeserializer(), new ByteArrayDeserializer())) {
            consumer.subscribe(List.of(topic));
            long deadline = System.nanoTime() + timeout.toNanos();
            while (System.nanoTime() < deadline) {
                for (ConsumerRecord<String, byte[]> record : consumer.poll(Duration.ofMillis(250))) {
                    if (matches.test(record)) {
                        return Optional.of(record);
                    }
                }
            }
            return Optional.empty();
        }
    }

    /** The dead letter whose value holds {@code marker} (a request's id), within 30 s. */
    public ConsumerRecord<String, byte[]> awaitDeadLetter(String marker) {
        return awaitRecord(dev.lifeboat.events.Topics.DEAD_LETTER, record -> record.value() != null
                && new String(record.value(), java.nio.charset.StandardCharsets.UTF_8).contains(marker), Duration.ofSeconds(30))
                .orElseThrow(() -> new AssertionError("no dead letter holding " + marker + " within 30 s"));
    }

    /** A header's value as text; null when the record has none of that name. */
    public static String header(ConsumerRecord<?, ?> record, String name) {
        org.apache.kafka.common.header.Header header = record.headers().lastHeader(name);
        return header == null || header.value() == null ? null : new String(header.value(), java.nio.charset.StandardCharsets.UTF_8);
    }

    /** Every record of {@code topic} that matches, from the beginning to the end the topic has now. */
    public List<ConsumerRecord<String, byte[]>> allRecords(String topic, Predicate<ConsumerRecord<String, byte[]>> matches) {
        try (KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(Map.of("bootstrap.servers", bootstrapServers,
                "enable.auto.commit", "false"), new StringDeserializer(), new ByteArrayDeserializer())) {
            List<org.apache.kafka.common.TopicPartition> partitions = consumer.partitionsFor(topic, Duration.ofSeconds(10)).stream()
                    .map(info -> new org.apache.kafka.common.TopicPartition(topic, info.partition())).toList();
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            Map<org.apache.kafka.common.TopicPartition, Long> end = consumer.endOffsets(partitions);
            List<ConsumerRecord<String, byte[]>> found = new java.util.ArrayList<>();
            long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
            while (partitions.stream().anyMatch(partition -> consumer.position(partition) < end.get(partition))) {
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException("reading " + topic + " to its end took over 30 s");
                }
                for (ConsumerRecord<String, byte[]> record : consumer.poll(Duration.ofMillis(250))) {
                    if (matches.test(record)) {
                        found.add(record);
                    }
                }
            }
            return found;
        }
    }
}
