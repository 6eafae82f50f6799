package dev.lifeboat.restore.registry;

import org.apache.kafka.common.TopicPartition;

import java.util.Map;

/**
 * How far this service's consumer group is behind the registry topic as it stood when the service started: the records
 * between the group's committed offset and the end each partition had then. Records published after the start do not
 * count, so a busy registry cannot keep a replica from ever being ready.
 */
public final class RegistryLag {

    private RegistryLag() {
    }

    /**
     * @param endAtStart each partition's end offset when the service started
     * @param committed  the group's committed offset per partition (a partition missing: nothing committed yet)
     * @return the records not yet read of those that were there at the start; 0 when caught up
     */
    public static long behind(Map<TopicPartition, Long> endAtStart, Map<TopicPartition, Long> committed) {
        long behind = 0;
        for (Map.Entry<TopicPartition, Long> end : endAtStart.entrySet()) {
            long read = committed.getOrDefault(end.getKey(), 0L);
            behind += Math.max(0, end.getValue() - read);
        }
        return behind;
    }
}
