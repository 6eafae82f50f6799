package dev.lifeboat.backup.hostile;

import dev.lifeboat.events.envelope.CloudEventHeaders;
import dev.lifeboat.events.data.Request;
import dev.lifeboat.realservers.tokens.LocalTokens;
import org.apache.kafka.common.header.internals.RecordHeaders;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * The table of malformed and hostile Kafka records on the backup request topic: not JSON, wrong types, missing
 * or bad headers, oversized, a key that is not the subject, unknown databases, hostile ids. Each carries a
 * marker (in its value or its key) by which its dead letter or its failure event is found.
 */
public final class HostileRecords {

    /** A record to send; {@code expectsFailureEvent}: a valid request that must end in BackupFailed, not a dead letter. */
    public record Message(String name, String marker, String key, RecordHeaders headers, byte[] value, boolean expectsFailureEvent) {
    }

    private HostileRecords() {
    }

    public static List<Message> all() {
        List<Message> messages = new ArrayList<>();
        for (int i = 0; i < HostileRequests.TEXTS.size(); i++) {
            String text = HostileRequests.TEXTS.get(i);
            if (text.length() > 1000) {
                continue;
            }
            String marker = UUID.randomUUID().toString();
            messages.add(message("hostile databaseId #" + i, marker, "k", headers(marker, "dev.lifeboat.backup.requested.v1", "s"),
                    request(marker, HostileRequests.json(text)), false));
        }
        add(messages, "not JSON", m -> headers(m, "dev.lifeboat.backup.requested.v1", "orders-db"), m -> ("not json " + m).getBytes(StandardCharsets.UTF_8));
        add(messages, "a JSON array", m -> headers(m, "dev.lifeboat.backup.requested.v1", "orders-db"), m -> ("[\"" + m + "\"]").getBytes(StandardCharsets.UTF_8));
        add(messages, "databaseId a number", m -> headers(m, "dev.lifeboat.backup.requested.v1", "orders-db"),
                m -> ("{\"requestId\":\"" + m + "\",\"databaseId\":5,\"trigger\":\"EXTERNAL\",\"requestedBy\":\"x\"}").getBytes(StandardCharsets.UTF_8));
        add(messages, "no CloudEvents headers", m -> new RecordHeaders(), m -> request(m, "\"orders-db\""));
        add(messages, "an unknown event type", m -> headers(m, "com.example.unknown.v9", "orders-db"), m -> request(m, "\"orders-db\""));
        add(messages, "a spec version of 0.1", m -> {
            RecordHeaders h = headers(m, "dev.lifeboat.backup.requested.v1", "orders-db");
            h.remove(CloudEventHeaders.SPEC_VERSION);
            h.add(CloudEventHeaders.SPEC_VERSION, "0.1".getBytes(StandardCharsets.UTF_8));
            return h;
        }, m -> request(m, "\"orders-db\""));
        add(messages, "a time of yesterday", m -> {
            RecordHeaders h = headers(m, "dev.lifeboat.backup.requested.v1", "orders-db");
            h.add(CloudEventHeaders.TIME, "yesterday".getBytes(StandardCharsets.UTF_8));
            return h;
        }, m -> request(m, "\"orders-db\""));
        add(messages, "a header that is not UTF-8", m -> {
            RecordHeaders h = headers(m, "dev.lifeboat.backup.requested.v1", "orders-db");
            h.remove(CloudEventHeaders.SOURCE);
            h.add(CloudEventHeaders.SOURCE, new byte[]{(byte) 0xff, (byte) 0xfe, 0});
            return h;
        }, m -> request(m, "\"orders-db\""));
        add(messages, "a subject that is not the databaseId", m -> headers(m, "dev.lifeboat.backup.requested.v1", "other-db"), m -> request(m, "\"orders-db\""));
        add(messages, "a trigger that does not exist", m -> headers(m, "dev.lifeboat.backup.requested.v1", "orders-db"),
                m -> ("{\"requestId\":\"" + m + "\",\"databaseId\":\"orders-db\",\"trigger\":\"NOW\",\"requestedBy\":\"x\"}").getBytes(StandardCharsets.UTF_8));
        add(messages, "a 900 KB label", m -> headers(m, "dev.lifeboat.backup.requested.v1", "orders-db"),
                m -> ("{\"requestId\":\"" + m + "\",\"databaseId\":\"orders-db\",\"trigger\":\"EXTERNAL\",\"requestedBy\":\"x\",\"labels\":{\"big\":\""
                        + "z".repeat(900_000) + "\"}}").getBytes(StandardCharsets.UTF_8));
        add(messages, "a structured-mode event that is not one", m -> {
            RecordHeaders h = new RecordHeaders();
            h.add(CloudEventHeaders.CONTENT_TYPE, CloudEventHeaders.STRUCTURED_JSON.getBytes(StandardCharsets.UTF_8));
            return h;
        }, m -> ("{\"specversion\":\"1.0\",\"data\":\"" + m + "\"}").getBytes(StandardCharsets.UTF_8));
        String nullValue = UUID.randomUUID().toString();
        messages.add(message("a null value (tombstone)", nullValue, nullValue, headers(nullValue, "dev.lifeboat.backup.requested.v1", "orders-db"), null, false));
        String unknown = UUID.randomUUID().toString();
        messages.add(message("an unknown database", unknown, "no-such-db", headers(unknown, "dev.lifeboat.backup.requested.v1", "no-such-db"),
                request(unknown, "\"no-such-db\""), true));
        return messages;
    }

    private static void add(List<Message> messages, String name, java.util.function.Function<String, RecordHeaders> headers,
                            java.util.function.Function<String, byte[]> value) {
        String marker = UUID.randomUUID().toString();
        messages.add(message(name, marker, "orders-db", headers.apply(marker), value.apply(marker), false));
    }

    private static Message message(String name, String marker, String key, RecordHeaders headers, byte[] value, boolean failureEvent) {
        return new Message(name, marker, key, headers, value, failureEvent);
    }

    private static byte[] request(String requestId, String databaseIdJson) {
        return ("{\"requestId\":\"" + requestId + "\",\"databaseId\":" + databaseIdJson
                + ",\"trigger\":\"EXTERNAL\",\"requestedBy\":\"hostile-suite\"}").getBytes(StandardCharsets.UTF_8);
    }

    private static RecordHeaders headers(String correlationId, String type, String subject) {
        RecordHeaders headers = new RecordHeaders();
        Map<String, String> values = new LinkedHashMap<>();
        values.put(CloudEventHeaders.SPEC_VERSION, "1.0");
        values.put(CloudEventHeaders.ID, UUID.randomUUID().toString());
        values.put(CloudEventHeaders.SOURCE, "/hostile");
        values.put(CloudEventHeaders.TYPE, type);
        values.put(CloudEventHeaders.SUBJECT, subject);
        values.put(CloudEventHeaders.CORRELATION_ID, correlationId);
        values.put(CloudEventHeaders.CONTENT_TYPE, "application/json");
        // an operator's token, so each record is refused for what it holds, not for who sent it (ForgedKafkaRequestsTest tries that)
        values.put(Request.TOKEN_HEADER, "Bearer " + LocalTokens.mint(LocalTokens.testKeys(), "hostile-suite", "operator", Duration.ofHours(1)));
        values.forEach((name, value) -> headers.add(name, value.getBytes(StandardCharsets.UTF_8)));
        return headers;
    }
}
