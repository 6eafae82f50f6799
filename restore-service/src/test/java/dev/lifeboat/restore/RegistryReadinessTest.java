package dev.lifeboat.restore;

import dev.lifeboat.events.Topics;
import dev.lifeboat.realservers.RealServers;
import dev.lifeboat.realservers.quarkus.InjectRealServers;
import dev.lifeboat.restore.registry.RegistryCatchUp;
import io.quarkus.test.junit.QuarkusTest;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;

import java.time.Duration;

import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Collectors;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;

/**
 * A replica is ready only once it has read the registry ({@code lifeboat.databases}) as far as it stood at its start:
 * until then a restore of a registered database would be refused as unknown.
 */
@QuarkusTest
class RegistryReadinessTest {

    @InjectRealServers
    RealServers servers;

    @Test
    void theServiceIsReadyWithTheRegistryReadUpToItsStart() {
        RestoreTestStack.awaitTargets();

        // the consumer commits what it has read every few seconds (SmallRye's throttled commits), not at once
        Awaitility.await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(500)).untilAsserted(() ->
                given().when().get("/q/health/ready").then().log().ifValidationFails().statusCode(200)
                        .body("checks.find { it.name == 'registry read' }.status", equalTo("UP"))
                        .body("checks.find { it.name == 'registry read' }.data.recordsBehind", equalTo(0)));
    }

    @Test
    void aGroupThatHasNotReadTheRegistryIsBehindUntilItHasReadItToItsEndThenStaysCaughtUp() throws Exception {
        RestoreTestStack.awaitTargets(); // the registry holds the test databases' registrations
        String bootstrap = servers.kafka().orElseThrow().bootstrapServers();
        String group = "registry-catch-up-" + UUID.randomUUID();
        RegistryCatchUp newReplica = new RegistryCatchUp(Map.of("bootstrap.servers", bootstrap), Topics.DATABASES, group);

        long behind = newReplica.behind();
        assertThat(behind).as("a group that has read nothing is behind by every registration").isGreaterThanOrEqualTo(
                RestoreTestStack.DATABASES.size());
        assertThat(newReplica.behind()).as("asked again, still behind").isEqualTo(behind);

        readToTheEnd(bootstrap, group);

        assertThat(newReplica.behind()).as("caught up once the group has committed the end").isZero();
        assertThat(newReplica.behind()).as("and stays so").isZero();
    }

    /** What the service's consumer does as it reads: the group commits each partition's end. */
    private static void readToTheEnd(String bootstrap, String group) {
        try (KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(Map.of("bootstrap.servers", bootstrap, "group.id", group,
                "enable.auto.commit", "false"), new StringDeserializer(), new ByteArrayDeserializer())) {
            List<TopicPartition> partitions = consumer.partitionsFor(Topics.DATABASES).stream()
                    .map(partition -> new TopicPartition(Topics.DATABASES, partition.partition())).toList();
            consumer.assign(partitions);
            consumer.seekToEnd(partitions);
            Map<TopicPartition, OffsetAndMetadata> ends = partitions.stream()
                    .collect(Collectors.toMap(partition -> partition, partition -> new OffsetAndMetadata(consumer.position(partition))));
            consumer.commitSync(ends);
        }
    }
}
