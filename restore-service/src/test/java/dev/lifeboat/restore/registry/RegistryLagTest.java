package dev.lifeboat.restore.registry;

import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** How far a consumer group is behind the registry as it stood at the service's start. */
class RegistryLagTest {

    private static final TopicPartition P0 = new TopicPartition("lifeboat.databases", 0);
    private static final TopicPartition P1 = new TopicPartition("lifeboat.databases", 1);

    @Test
    void aGroupThatCommittedEveryPartitionsEndIsCaughtUp() {
        assertThat(RegistryLag.behind(Map.of(P0, 7L, P1, 3L), Map.of(P0, 7L, P1, 3L))).isZero();
    }

    @Test
    void aPartitionWithNothingCommittedCountsEveryRecordItHeldAtTheStart() {
        assertThat(RegistryLag.behind(Map.of(P0, 7L, P1, 3L), Map.of(P0, 7L))).isEqualTo(3);
    }

    @Test
    void theRecordsBetweenTheCommittedOffsetAndTheEndAtTheStartAreBehind() {
        assertThat(RegistryLag.behind(Map.of(P0, 7L, P1, 3L), Map.of(P0, 2L, P1, 1L))).isEqualTo(7);
    }

    @Test
    void recordsReadPastTheEndAtTheStartDoNotCountAgainstOtherPartitions() {
        // published and read after the start: partition 0 is ahead of its end then, partition 1 still behind by one
        assertThat(RegistryLag.behind(Map.of(P0, 7L, P1, 3L), Map.of(P0, 12L, P1, 2L))).isEqualTo(1);
    }

    @Test
    void anEmptyRegistryIsReadAtOnce() {
        assertThat(RegistryLag.behind(Map.of(P0, 0L), Map.of())).isZero();
    }
}
