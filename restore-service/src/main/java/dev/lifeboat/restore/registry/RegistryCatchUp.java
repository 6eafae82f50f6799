package dev.lifeboat.restore.registry;

import io.quarkus.runtime.ShutdownEvent;
import io.smallrye.common.annotation.Identifier;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.ListOffsetsResult;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.eclipse.microprofile.config.inject.ConfigProperty;

import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.stream.Collectors;

/**
 * Whether this service has read the registry ({@code lifeboat.databases}) as far as it stood when the service started.
 * Until then a restore request for a database registered before the start would be refused as unknown, so the service
 * is not ready ({@code RegistryReadinessCheck}); once caught up it stays so (later registrations arrive within seconds,
 * and are read in order). Compares, through Kafka's admin API, the consumer group's committed offsets with each
 * partition's end as first seen (blocking: worker threads only). The admin client is closed once caught up.
 */
@ApplicationScoped
public class RegistryCatchUp {

    private static final long TIMEOUT_MS = 5_000;

    private final Map<String, Object> kafka;
    private final String topic;
    private final String group;
    private Admin admin;
    private Map<TopicPartition, Long> endAtStart;
    private volatile boolean caughtUp;

    public RegistryCatchUp(@Identifier("default-kafka-broker") Map<String, Object> kafka,
                           @ConfigProperty(name = "mp.messaging.incoming.databases.topic") String topic,
                           @ConfigProperty(name = "mp.messaging.incoming.databases.group.id") String group) {
        this.kafka = kafka;
        this.topic = topic;
        this.group = group;
    }

    /** Records of the registry as it stood at the start that the group has not read yet; 0 once caught up. */
    public synchronized long behind() throws RegistryUnreadable {
        if (caughtUp) {
            return 0;
        }
        try {
            if (admin == null) {
                admin = Admin.create(adminConfig());
            }
            if (endAtStart == null) {
                endAtStart = endOffsets();
            }
            long behind = RegistryLag.behind(endAtStart, committedOffsets());
            if (behind == 0) {
                caughtUp = true;
                closeAdmin();
            }
            return behind;
        } catch (ExecutionException | TimeoutException | RuntimeException e) {
            Throwable cause = e instanceof ExecutionException ? e.getCause() : e;
            throw new RegistryUnreadable("cannot compare the registry's offsets with what this service has read: " + cause);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new RegistryUnreadable("interrupted while reading the registry's offsets");
        }
    }

    private Map<TopicPartition, Long> endOffsets() throws ExecutionException, InterruptedException, TimeoutException {
        Set<TopicPartition> partitions = admin.describeTopics(Set.of(topic)).allTopicNames().get(TIMEOUT_MS, TimeUnit.MILLISECONDS)
                .get(topic).partitions().stream().map(partition -> new TopicPartition(topic, partition.partition())).collect(Collectors.toSet());
        Map<TopicPartition, ListOffsetsResult.ListOffsetsResultInfo> ends = admin.listOffsets(partitions.stream()
                .collect(Collectors.toMap(partition -> partition, partition -> OffsetSpec.latest()))).all().get(TIMEOUT_MS, TimeUnit.MILLISECONDS);
        Map<TopicPartition, Long> offsets = new HashMap<>();
        ends.forEach((partition, info) -> offsets.put(partition, info.offset()));
        return offsets;
    }

    private Map<TopicPartition, Long> committedOffsets() throws ExecutionException, InterruptedException, TimeoutException {
        Map<TopicPartition, OffsetAndMetadata> committed = admin.listConsumerGroupOffsets(group).partitionsToOffsetAndMetadata()
                .get(TIMEOUT_MS, TimeUnit.MILLISECONDS);
        Map<TopicPartition, Long> offsets = new HashMap<>();
        committed.forEach((partition, offset) -> {
            if (offset != null && partition.topic().equals(topic)) {
                offsets.put(partition, offset.offset());
            }
        });
        return offsets;
    }

    /** The Kafka settings this service's channels use (servers, and security where configured), as far as an admin client takes them. */
    private Map<String, Object> adminConfig() {
        Set<String> known = AdminClientConfig.configNames();
        Map<String, Object> config = new HashMap<>();
        kafka.forEach((key, value) -> {
            if (known.contains(key)) {
                config.put(key, value);
            }
        });
        config.put(AdminClientConfig.CLIENT_ID_CONFIG, group + "-registry-catch-up");
        return config;
    }

    synchronized void close(@Observes ShutdownEvent shutdown) {
        closeAdmin();
    }

    private void closeAdmin() {
        if (admin != null) {
            admin.close(java.time.Duration.ofSeconds(2));
            admin = null;
        }
    }

    /** The registry's offsets could not be read (Kafka out of reach): whether it is caught up is not known. */
    public static final class RegistryUnreadable extends Exception {
        public RegistryUnreadable(String message) {
            super(message);
        }
    }
}
