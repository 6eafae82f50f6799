package dev.lifeboat.localstack;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.AlterConfigOp;
import org.apache.kafka.clients.admin.ConfigEntry;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.config.ConfigResource;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * The local stack's topics as production has them: created from {@code deploy/kafka/topics.txt} (the file the
 * deployment's {@code setup.sh} reads) with their settings, so the registry topic is compacted here too; a topic a
 * kept stack already has gets the file's settings. One partition each, one broker.
 */
final class LocalTopics {

    private LocalTopics() {
    }

    /** @return the topics and their settings, by name, as the file lists them */
    static Map<String, Map<String, String>> read(Path topicsFile) throws IOException {
        Map<String, Map<String, String>> topics = new LinkedHashMap<>();
        for (String line : Files.readAllLines(topicsFile)) {
            String text = line.strip();
            if (text.isEmpty() || text.startsWith("#")) {
                continue;
            }
            String[] words = text.split("\\s+");
            Map<String, String> settings = new HashMap<>();
            for (int i = 1; i < words.length; i++) {
                String[] setting = words[i].split("=", 2);
                if (setting.length != 2) {
                    throw new IOException(topicsFile + ": '" + words[i] + "' of topic " + words[0] + " is not a setting (name=value)");
                }
                settings.put(setting[0], setting[1]);
            }
            topics.put(words[0], settings);
        }
        return topics;
    }

    /** Creates the file's topics that are missing and gives every one the file's settings. */
    static void ensure(String bootstrapServers, Path topicsFile) throws IOException {
        Map<String, Map<String, String>> topics = read(topicsFile);
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers))) {
            Set<String> existing = admin.listTopics().names().get(30, TimeUnit.SECONDS);
            List<NewTopic> missing = topics.entrySet().stream().filter(topic -> !existing.contains(topic.getKey()))
                    .map(topic -> new NewTopic(topic.getKey(), Optional.of(1), Optional.empty()).configs(topic.getValue())).toList();
            admin.createTopics(missing).all().get(30, TimeUnit.SECONDS);
            Map<ConfigResource, Collection<AlterConfigOp>> settings = new HashMap<>();
            topics.forEach((name, values) -> {
                if (existing.contains(name) && !values.isEmpty()) {
                    settings.put(new ConfigResource(ConfigResource.Type.TOPIC, name), values.entrySet().stream()
                            .map(value -> new AlterConfigOp(new ConfigEntry(value.getKey(), value.getValue()), AlterConfigOp.OpType.SET))
                            .toList());
                }
            });
            admin.incrementalAlterConfigs(settings).all().get(30, TimeUnit.SECONDS);
        } catch (ExecutionException | TimeoutException e) {
            throw new IOException("creating the topics of " + topicsFile + " failed: " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while creating the topics", e);
        }
    }
}
