package dev.lifeboat.events.contract;

import dev.lifeboat.events.envelope.JsonShape;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLGenerator;
import dev.lifeboat.events.EventType;
import dev.lifeboat.events.Topics;
import dev.lifeboat.events.data.Request;
import dev.lifeboat.events.envelope.CloudEventHeaders;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The published contract, rendered from the records: one JSON Schema per event type
 * ({@code schemas/<type>.v1.json}) and the AsyncAPI 3.0 document ({@code asyncapi.yaml}) that
 * describes every topic and message. The committed copies under {@code events/src/main/resources/contract}
 * are checked against this by a test; {@link #main} rewrites them.
 */
public final class ContractDocuments {

    /** Where the committed copies live, relative to the events module. */
    public static final Path COMMITTED = Path.of("src", "main", "resources", "contract");

    private static final JsonNodeFactory JSON = JsonNodeFactory.instance;
    private static final String SCHEMA_BASE = "https://lifeboat.dev/schemas/";
    private static final Set<String> REQUEST_TOPICS = Set.of(Topics.BACKUP_REQUESTS, Topics.RESTORE_REQUESTS);

    private ContractDocuments() {
    }

    /** Every document: path relative to the contract folder, and its text. */
    public static Map<String, String> render() {
        Map<String, String> files = new LinkedHashMap<>();
        for (EventType type : EventType.values()) {
            files.put("schemas/" + type.schemaFileName(), json(schema(type)));
        }
        files.put("asyncapi.yaml", yaml(asyncApi()));
        return files;
    }

    static ObjectNode schema(EventType type) {
        ObjectNode schema = JSON.objectNode()
                .put("$schema", "https://json-schema.org/draft/2020-12/schema")
                .put("$id", SCHEMA_BASE + type.schemaFileName())
                .put("title", type.messageName())
                .put("description", type.summary() + " CloudEvents type " + type.type() + ", topic " + type.topic() + ".");
        schema.setAll(JsonShape.schemaOf(type.dataClass().asSubclass(Record.class)));
        return schema;
    }

    private static ObjectNode asyncApi() {
        ObjectNode doc = JSON.objectNode().put("asyncapi", "3.0.0");
        doc.putObject("info")
                .put("title", "Lifeboat events")
                .put("version", "1.0.0")
                .put("description", String.join("\n",
                        "Every message is a CloudEvent 1.0 in Kafka binary mode: the attributes are ce_* headers,",
                        "the value is the event's data as JSON (structured mode, content-type application/cloudevents+json, is accepted too).",
                        "The record key and the subject are the database id. The correlationid extension carries the id",
                        "of the request that started the flow. Publish BackupRequested or RestoreRequested to drive Lifeboat;",
                        "a message that cannot be parsed or validated goes to " + Topics.DEAD_LETTER + " with the reason in the",
                        "dead-letter-reason header."));
        doc.put("defaultContentType", CloudEventHeaders.JSON);
        ObjectNode channels = doc.putObject("channels");
        ObjectNode operations = doc.putObject("operations");
        ObjectNode messages = JSON.objectNode();
        for (String topic : Topics.ALL) {
            String channelName = channelName(topic);
            ObjectNode channel = channels.putObject(channelName).put("address", topic);
            ObjectNode channelMessages = channel.putObject("messages");
            List<EventType> types = java.util.Arrays.stream(EventType.values()).filter(t -> t.topic().equals(topic)).toList();
            if (topic.equals(Topics.DEAD_LETTER)) {
                channel.put("description", "Messages that could not be parsed or validated, as they arrived.");
                channelMessages.putObject("DeadLetter").put("$ref", "#/components/messages/DeadLetter");
                messages.set("DeadLetter", deadLetterMessage());
            }
            for (EventType type : types) {
                channelMessages.putObject(type.messageName()).put("$ref", "#/components/messages/" + type.messageName());
                messages.set(type.messageName(), message(type));
            }
            ObjectNode operation = operations.putObject((REQUEST_TOPICS.contains(topic) ? "receive" : "send") + capitalized(channelName))
                    .put("action", REQUEST_TOPICS.contains(topic) ? "receive" : "send")
                    .put("summary", REQUEST_TOPICS.contains(topic)
                            ? "Lifeboat consumes these requests; any system may publish them with a token the API takes."
                            : "Lifeboat publishes these; any system may consume them.");
            operation.putObject("channel").put("$ref", "#/channels/" + channelName);
        }
        doc.putObject("components").set("messages", messages);
        return doc;
    }

    private static ObjectNode message(EventType type) {
        ObjectNode message = JSON.objectNode()
                .put("name", type.messageName())
                .put("title", type.type())
                .put("summary", type.summary())
                .put("contentType", CloudEventHeaders.JSON);
        ObjectNode headers = message.putObject("headers").put("type", "object");
        ObjectNode properties = headers.putObject("properties");
        properties.putObject(CloudEventHeaders.SPEC_VERSION).put("const", CloudEventHeaders.VERSION_1_0);
        properties.putObject(CloudEventHeaders.ID).put("type", "string").put("description", "Unique per event.");
        properties.putObject(CloudEventHeaders.SOURCE).put("type", "string").put("description", "URI-reference of the producer.");
        properties.putObject(CloudEventHeaders.TYPE).put("const", type.type());
        properties.putObject(CloudEventHeaders.SUBJECT).put("type", "string").put("description", "The database id, equal to data.databaseId.");
        properties.putObject(CloudEventHeaders.TIME).put("type", "string").put("format", "date-time");
        properties.putObject(CloudEventHeaders.CORRELATION_ID).put("type", "string")
                .put("description", "Id of the request that started the flow; defaults to ce_id.");
        properties.putObject(CloudEventHeaders.CONTENT_TYPE).put("const", CloudEventHeaders.JSON);
        if (Request.class.isAssignableFrom(type.dataClass())) {
            properties.putObject(Request.TOKEN_HEADER).put("type", "string").put("description", "Bearer <token>: a token the API "
                    + "takes, whose user needs the role the API asks for this request; its user is who asked (requestedBy is replaced)."
                    + " A request without it, or without " + Request.SERVICE_SIGNATURE_HEADER + ", is dead-lettered.");
            properties.putObject(Request.SERVICE_SIGNATURE_HEADER).put("type", "string").put("description",
                    "Instead of a token, on the requests Lifeboat's services send each other: HMAC-SHA256 under the services' key.");
        }
        headers.putArray("required").add(CloudEventHeaders.SPEC_VERSION).add(CloudEventHeaders.ID)
                .add(CloudEventHeaders.SOURCE).add(CloudEventHeaders.TYPE).add(CloudEventHeaders.SUBJECT);
        message.putObject("payload").put("$ref", "./schemas/" + type.schemaFileName());
        message.putObject("bindings").putObject("kafka").putObject("key")
                .put("type", "string").put("description", "The database id.");
        return message;
    }

    private static ObjectNode deadLetterMessage() {
        ObjectNode message = JSON.objectNode()
                .put("name", "DeadLetter")
                .put("summary", "The original value and headers, plus why it was refused.");
        ObjectNode properties = message.putObject("headers").put("type", "object").putObject("properties");
        properties.putObject("dead-letter-reason").put("type", "string").put("description", "What is wrong with the message.");
        properties.putObject("dead-letter-topic").put("type", "string").put("description", "The topic it was read from.");
        properties.putObject("dead-letter-partition").put("type", "string");
        properties.putObject("dead-letter-offset").put("type", "string");
        message.putObject("payload").put("description", "The original bytes, unchanged.");
        return message;
    }

    private static String channelName(String topic) {
        String[] parts = topic.substring("lifeboat.".length()).split("[.-]");
        StringBuilder name = new StringBuilder(parts[0]);
        for (int i = 1; i < parts.length; i++) {
            name.append(capitalized(parts[i]));
        }
        return name.toString();
    }

    private static String capitalized(String word) {
        return Character.toUpperCase(word.charAt(0)) + word.substring(1);
    }

    private static String json(ObjectNode node) {
        try {
            return new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValueAsString(node) + "\n";
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String yaml(ObjectNode node) {
        try {
            return new ObjectMapper(new YAMLFactory().disable(YAMLGenerator.Feature.WRITE_DOC_START_MARKER)
                    .enable(YAMLGenerator.Feature.MINIMIZE_QUOTES)).writeValueAsString(node);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Rewrites the committed documents: {@code java ... ContractDocuments [contract folder]}. */
    public static void main(String[] args) {
        Path folder = args.length > 0 ? Path.of(args[0]) : COMMITTED;
        render().forEach((file, text) -> {
            try {
                Path target = folder.resolve(file);
                Files.createDirectories(target.getParent());
                Files.writeString(target, text);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        });
    }
}
