package dev.lifeboat.events.envelope;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import dev.lifeboat.events.data.EventData;
import dev.lifeboat.events.EventType;
import dev.lifeboat.events.envelope.InvalidEventException.Problem;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.header.internals.RecordHeaders;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Arrays;
import java.util.stream.Collectors;

/**
 * Writes Lifeboat events as CloudEvents on Kafka (binary mode) and reads them back, validating on
 * the way in. Reading accepts binary mode (attributes in {@code ce_*} headers, data as the value)
 * and structured mode ({@code content-type: application/cloudevents+json}, or a JSON value that
 * carries {@code specversion}). Thread-safe.
 */
public final class EventCodec {

    /** The largest value accepted, in bytes (1 MiB). */
    public static final int MAX_PAYLOAD_BYTES = 1024 * 1024;

    private final ObjectMapper mapper = JsonMapper.builder()
            .addModule(new JavaTimeModule())
            .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
            .build();

    /** The JSON mapper events are written with (ISO-8601 times; on read, a field the record lacks is ignored: {@link JsonShape}). */
    public ObjectMapper mapper() {
        return mapper;
    }

    /** The event as a Kafka record: key = subject (database id), CloudEvents attributes as headers, data as JSON. */
    public EncodedEvent encode(CloudEvent<?> event) {
        Headers headers = new RecordHeaders();
        add(headers, CloudEventHeaders.SPEC_VERSION, CloudEventHeaders.VERSION_1_0);
        add(headers, CloudEventHeaders.ID, event.id());
        add(headers, CloudEventHeaders.SOURCE, event.source());
        add(headers, CloudEventHeaders.TYPE, event.type());
        add(headers, CloudEventHeaders.SUBJECT, event.subject());
        add(headers, CloudEventHeaders.TIME, event.time().toString());
        add(headers, CloudEventHeaders.CORRELATION_ID, event.correlationId());
        add(headers, CloudEventHeaders.CONTENT_TYPE, CloudEventHeaders.JSON);
        return new EncodedEvent(event.eventType().topic(), event.subject(), headers, writeData(event.data()));
    }

    /** The event as one structured-mode JSON document (for systems that prefer it, and for logs of the contract). */
    public byte[] encodeStructured(CloudEvent<?> event) {
        ObjectNode json = mapper.createObjectNode()
                .put("specversion", CloudEventHeaders.VERSION_1_0)
                .put("id", event.id())
                .put("source", event.source())
                .put("type", event.type())
                .put("subject", event.subject())
                .put("time", event.time().toString())
                .put("correlationid", event.correlationId())
                .put("datacontenttype", CloudEventHeaders.JSON);
        json.set("data", mapper.valueToTree(event.data()));
        try {
            return mapper.writeValueAsBytes(json);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write " + event.type(), e);
        }
    }

    /**
     * Checks an event as its consumer will read it (the contract's shapes and limits, the size of a message),
     * so that a producer can refuse what would only be dead-lettered later.
     *
     * @throws InvalidEventException saying what is wrong
     */
    public void check(CloudEvent<?> event) {
        EncodedEvent encoded = encode(event);
        decode(encoded.headers(), encoded.value());
    }

    private byte[] writeData(EventData data) {
        try {
            return mapper.writeValueAsBytes(data);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write " + data.getClass().getSimpleName(), e);
        }
    }

    /**
     * Reads and validates one Kafka record's headers and value.
     *
     * @throws InvalidEventException saying exactly what is wrong
     */
    public CloudEvent<?> decode(Headers headers, byte[] value) {
        if (value == null || value.length == 0) {
            throw new InvalidEventException(Problem.MALFORMED_JSON, "empty message: a Lifeboat event needs a JSON value");
        }
        if (value.length > MAX_PAYLOAD_BYTES) {
            throw new InvalidEventException(Problem.OVERSIZED,
                    "message of " + value.length + " bytes exceeds the limit of " + MAX_PAYLOAD_BYTES + " bytes");
        }
        JsonNode body = parse(value);
        String contentType = header(headers, CloudEventHeaders.CONTENT_TYPE);
        boolean structured = (contentType != null && contentType.startsWith(CloudEventHeaders.STRUCTURED_JSON))
                || (header(headers, CloudEventHeaders.SPEC_VERSION) == null && body.has("specversion"));
        Attributes attributes = structured ? Attributes.fromJson(body) : Attributes.fromHeaders(headers);
        JsonNode data = structured ? body.get("data") : body;
        return toEvent(attributes, data);
    }

    private JsonNode parse(byte[] value) {
        try {
            return mapper.readTree(value);
        } catch (JsonProcessingException e) {
            throw new InvalidEventException(Problem.MALFORMED_JSON, "value is not valid JSON: " + firstLine(e.getOriginalMessage()));
        } catch (IOException e) {
            throw new InvalidEventException(Problem.MALFORMED_JSON, "value is not valid JSON: " + firstLine(e.getMessage()));
        }
    }

    private CloudEvent<?> toEvent(Attributes attributes, JsonNode data) {
        if (!CloudEventHeaders.VERSION_1_0.equals(attributes.specVersion())) {
            throw new InvalidEventException(Problem.NOT_A_CLOUDEVENT, attributes.specVersion() == null
                    ? "missing CloudEvents attribute 'specversion' (header ce_specversion: 1.0)"
                    : "unsupported CloudEvents specversion " + TextLimits.quote(attributes.specVersion()) + "; expected 1.0");
        }
        requireAttribute("id", attributes.id(), TextLimits.ID);
        requireAttribute("source", attributes.source(), TextLimits.SOURCE);
        requireAttribute("type", attributes.type(), TextLimits.ID);
        EventType type = EventType.ofType(attributes.type()).orElseThrow(() -> new InvalidEventException(Problem.UNKNOWN_TYPE,
                "unknown event type " + TextLimits.quote(attributes.type()) + "; known types: "
                        + Arrays.stream(EventType.values()).map(EventType::type).collect(Collectors.joining(", "))));
        requireAttribute("subject", attributes.subject(), TextLimits.NAME);
        if (attributes.correlationId() != null) {
            TextLimits.check(attributes.correlationId(), TextLimits.ID, "CloudEvents attribute 'correlationid'");
        }
        if (data == null || data.isNull()) {
            throw new InvalidEventException(Problem.MISSING_FIELD, "missing data of " + type.type());
        }
        JsonShape.check(type.dataClass().asSubclass(Record.class), data, type.type());
        EventData payload = bind(type, data);
        if (!attributes.subject().equals(payload.databaseId())) {
            throw new InvalidEventException(Problem.NOT_A_CLOUDEVENT, "subject " + TextLimits.quote(attributes.subject())
                    + " differs from data.databaseId " + TextLimits.quote(payload.databaseId()) + "; both must name the database");
        }
        String correlationId = attributes.correlationId() == null || attributes.correlationId().isBlank()
                ? attributes.id() : attributes.correlationId();
        return new CloudEvent<>(attributes.id(), attributes.source(), type.type(), attributes.subject(),
                parseTime(attributes.time()), correlationId, payload);
    }

    private EventData bind(EventType type, JsonNode data) {
        try {
            return mapper.treeToValue(data, type.dataClass());
        } catch (JsonProcessingException e) {
            Throwable cause = e.getCause() instanceof IllegalArgumentException ? e.getCause() : e;
            String message = cause == e ? firstLine(e.getOriginalMessage()) : cause.getMessage();
            throw new InvalidEventException(Problem.INVALID_VALUE, "invalid " + type.type() + ": " + message);
        }
    }

    private static Instant parseTime(String time) {
        if (time == null || time.isBlank()) {
            return Instant.now();
        }
        try {
            return java.time.OffsetDateTime.parse(time).toInstant();
        } catch (DateTimeParseException e) {
            throw new InvalidEventException(Problem.NOT_A_CLOUDEVENT, "CloudEvents attribute 'time' is not an RFC 3339 timestamp: " + TextLimits.quote(time));
        }
    }

    private static void requireAttribute(String name, String value, int maxBytes) {
        if (value == null || value.isBlank()) {
            throw new InvalidEventException(Problem.NOT_A_CLOUDEVENT,
                    "missing CloudEvents attribute '" + name + "' (header ce_" + name + ")");
        }
        TextLimits.check(value, maxBytes, "CloudEvents attribute '" + name + "'");
    }

    private static String firstLine(String text) {
        if (text == null) {
            return "";
        }
        int end = text.indexOf('\n');
        return end < 0 ? text : text.substring(0, end);
    }

    private static void add(Headers headers, String name, String value) {
        headers.add(name, value.getBytes(StandardCharsets.UTF_8));
    }

    static String header(Headers headers, String name) {
        if (headers == null) {
            return null;
        }
        Header header = headers.lastHeader(name);
        return header == null || header.value() == null ? null : new String(header.value(), StandardCharsets.UTF_8);
    }

    /** The CloudEvents attributes, from headers (binary mode) or from the JSON document (structured mode). */
    private record Attributes(String specVersion, String id, String source, String type, String subject, String time,
                              String correlationId) {

        static Attributes fromHeaders(Headers headers) {
            return new Attributes(header(headers, CloudEventHeaders.SPEC_VERSION), header(headers, CloudEventHeaders.ID),
                    header(headers, CloudEventHeaders.SOURCE), header(headers, CloudEventHeaders.TYPE),
                    header(headers, CloudEventHeaders.SUBJECT), header(headers, CloudEventHeaders.TIME),
                    header(headers, CloudEventHeaders.CORRELATION_ID));
        }

        static Attributes fromJson(JsonNode json) {
            if (!json.isObject()) {
                throw new InvalidEventException(Problem.MALFORMED_JSON, "a structured CloudEvent must be a JSON object");
            }
            return new Attributes(text(json, "specversion"), text(json, "id"), text(json, "source"), text(json, "type"),
                    text(json, "subject"), text(json, "time"), text(json, "correlationid"));
        }

        private static String text(JsonNode json, String field) {
            JsonNode value = json.get(field);
            return value == null || value.isNull() ? null : value.asText();
        }
    }
}
