package dev.lifeboat.localstack;

import dev.lifeboat.realservers.kafka.KafkaBroker;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.config.ConfigResource;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/** The local stack's Kafka has the deployment's topics, the registry compacted, even when a kept stack made it uncompacted. */
class LocalTopicsTest {

    private static final Path TOPICS = Path.of("../kafka/topics.txt");

    @Test
    void everyTopicOfTheDeploymentIsCreatedAndTheRegistryIsCompactedEvenIfItExistedWithout() throws Exception {
        try (KafkaBroker broker = KafkaBroker.start();
             Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers()))) {
            admin.createTopics(List.of(new NewTopic("lifeboat.databases", Optional.of(1), Optional.empty()))).all().get(30, TimeUnit.SECONDS);

            LocalTopics.ensure(broker.bootstrapServers(), TOPICS);
            LocalTopics.ensure(broker.bootstrapServers(), TOPICS);

            assertThat(admin.listTopics().names().get(30, TimeUnit.SECONDS)).containsAll(LocalTopics.read(TOPICS).keySet())
                    .contains("lifeboat.databases", "lifeboat.api.calls", "lifeboat.dead-letter");
            ConfigResource registry = new ConfigResource(ConfigResource.Type.TOPIC, "lifeboat.databases");
            // the controller has committed the change; the broker applies it as it replays the metadata log, a moment later
            Awaitility.await("the registry compacted").atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(admin
                    .describeConfigs(List.of(registry)).all().get(30, TimeUnit.SECONDS).get(registry).get("cleanup.policy").value())
                    .isEqualTo("compact"));
        }
    }
}
