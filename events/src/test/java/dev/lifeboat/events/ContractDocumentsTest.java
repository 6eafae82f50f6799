package dev.lifeboat.events;

import dev.lifeboat.events.data.OptionalField;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import dev.lifeboat.events.contract.ContractDocuments;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.io.IOException;
import java.lang.reflect.RecordComponent;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The committed contract documents are what the records say. After changing a record, run
 * {@code ContractDocuments.main} (see the README, "Changing the contract") to rewrite them.
 */
class ContractDocumentsTest {

    private static final Path CONTRACT = ContractDocuments.COMMITTED;
    private final ObjectMapper json = new ObjectMapper();

    @Test
    void committedDocumentsEqualTheRenderedOnes() throws IOException {
        Map<String, String> rendered = ContractDocuments.render();
        for (Map.Entry<String, String> file : rendered.entrySet()) {
            assertThat(CONTRACT.resolve(file.getKey()))
                    .as("%s is stale: rerun ContractDocuments.main", file.getKey())
                    .exists()
                    .hasContent(file.getValue());
        }
        try (var schemas = Files.list(CONTRACT.resolve("schemas"))) {
            assertThat(schemas.map(path -> "schemas/" + path.getFileName())).allMatch(rendered::containsKey);
        }
    }

    @ParameterizedTest
    @EnumSource(EventType.class)
    void everySchemaFileMatchesItsRecord(EventType type) throws IOException {
        JsonNode schema = json.readTree(CONTRACT.resolve("schemas").resolve(type.schemaFileName()).toFile());
        RecordComponent[] components = type.dataClass().getRecordComponents();

        List<String> properties = new ArrayList<>();
        schema.get("properties").fieldNames().forEachRemaining(properties::add);
        assertThat(properties).containsExactly(Arrays.stream(components).map(RecordComponent::getName).toArray(String[]::new));

        List<String> required = new ArrayList<>();
        schema.get("required").forEach(name -> required.add(name.asText()));
        assertThat(required).containsExactly(Arrays.stream(components)
                .filter(component -> !component.isAnnotationPresent(OptionalField.class))
                .map(RecordComponent::getName).toArray(String[]::new));
        assertThat(schema.has("additionalProperties")).as("a newer producer's optional fields are allowed").isFalse();
        assertThat(schema.get("title").asText()).isEqualTo(type.dataClass().getSimpleName());
    }

    @Test
    void asyncApiDescribesEveryTopicAndMessage() throws IOException {
        JsonNode doc = new YAMLMapper().readTree(CONTRACT.resolve("asyncapi.yaml").toFile());
        List<String> addresses = new ArrayList<>();
        doc.get("channels").forEach(channel -> addresses.add(channel.get("address").asText()));
        assertThat(addresses).containsExactlyInAnyOrderElementsOf(Topics.ALL);
        for (EventType type : EventType.values()) {
            ObjectNode message = (ObjectNode) doc.at("/components/messages/" + type.messageName());
            assertThat(message.at("/payload/$ref").asText()).isEqualTo("./schemas/" + type.schemaFileName());
            assertThat(message.at("/headers/properties/ce_type/const").asText()).isEqualTo(type.type());
            assertThat(Files.exists(CONTRACT.resolve("schemas").resolve(type.schemaFileName()))).isTrue();
        }
    }
}
