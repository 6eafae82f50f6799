package dev.lifeboat.events;

import dev.lifeboat.events.envelope.CloudEventHeaders;
import dev.lifeboat.events.envelope.EventCodec;
import dev.lifeboat.events.envelope.InvalidEventException;
import dev.lifeboat.events.envelope.InvalidEventException.Problem;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.params.provider.Arguments.arguments;

/** Every way a message can be wrong is refused with a typed error whose message says what is wrong. */
class InvalidEventsTest {

    private static final String GOOD = """
            {"requestId":"r-1","databaseId":"orders-db","trigger":"EXTERNAL","requestedBy":"billing"}""";
    private static final String BACKUP_REQUESTED = "dev.lifeboat.backup.requested.v1";

    private final EventCodec codec = new EventCodec();

    static Stream<Arguments> badMessages() {
        return Stream.of(
                arguments("not JSON", headers(BACKUP_REQUESTED), "{\"requestId\":", Problem.MALFORMED_JSON, "not valid JSON"),
                arguments("empty value", headers(BACKUP_REQUESTED), "", Problem.MALFORMED_JSON, "empty message"),
                arguments("unknown type", headers("dev.lifeboat.backup.exploded.v1"), GOOD, Problem.UNKNOWN_TYPE,
                        "unknown event type 'dev.lifeboat.backup.exploded.v1'; known types: dev.lifeboat.backup.requested.v1"),
                arguments("no specversion", without(headers(BACKUP_REQUESTED), CloudEventHeaders.SPEC_VERSION), GOOD,
                        Problem.NOT_A_CLOUDEVENT, "missing CloudEvents attribute 'specversion'"),
                arguments("wrong specversion", with(headers(BACKUP_REQUESTED), CloudEventHeaders.SPEC_VERSION, "0.3"), GOOD,
                        Problem.NOT_A_CLOUDEVENT, "unsupported CloudEvents specversion '0.3'"),
                arguments("no id", without(headers(BACKUP_REQUESTED), CloudEventHeaders.ID), GOOD,
                        Problem.NOT_A_CLOUDEVENT, "missing CloudEvents attribute 'id' (header ce_id)"),
                arguments("no source", without(headers(BACKUP_REQUESTED), CloudEventHeaders.SOURCE), GOOD,
                        Problem.NOT_A_CLOUDEVENT, "missing CloudEvents attribute 'source'"),
                arguments("no type", without(headers(BACKUP_REQUESTED), CloudEventHeaders.TYPE), GOOD,
                        Problem.NOT_A_CLOUDEVENT, "missing CloudEvents attribute 'type'"),
                arguments("no subject", without(headers(BACKUP_REQUESTED), CloudEventHeaders.SUBJECT), GOOD,
                        Problem.NOT_A_CLOUDEVENT, "missing CloudEvents attribute 'subject'"),
                arguments("subject is another database", with(headers(BACKUP_REQUESTED), CloudEventHeaders.SUBJECT, "other-db"), GOOD,
                        Problem.NOT_A_CLOUDEVENT, "subject 'other-db' differs from data.databaseId 'orders-db'"),
                arguments("bad time", with(headers(BACKUP_REQUESTED), CloudEventHeaders.TIME, "yesterday"), GOOD,
                        Problem.NOT_A_CLOUDEVENT, "'time' is not an RFC 3339 timestamp"),
                arguments("missing required field", headers(BACKUP_REQUESTED), GOOD.replace("\"requestId\":\"r-1\",", ""),
                        Problem.MISSING_FIELD, "missing required field 'requestId' in dev.lifeboat.backup.requested.v1"),
                arguments("null required field", headers(BACKUP_REQUESTED), GOOD.replace("\"billing\"", "null"),
                        Problem.MISSING_FIELD, "missing required field 'requestedBy'"),
                arguments("blank id", headers(BACKUP_REQUESTED), GOOD.replace("\"r-1\"", "\"  \""),
                        Problem.INVALID_VALUE, "field 'requestId' of dev.lifeboat.backup.requested.v1 must not be blank"),
                arguments("number for a string", headers(BACKUP_REQUESTED), GOOD.replace("\"r-1\"", "42"),
                        Problem.WRONG_TYPE, "field 'requestId' of dev.lifeboat.backup.requested.v1 must be a string, not number 42"),
                arguments("string for an object", headers(BACKUP_REQUESTED), GOOD.replace("}", ",\"labels\":\"team=a\"}"),
                        Problem.WRONG_TYPE, "field 'labels' of dev.lifeboat.backup.requested.v1 must be an object"),
                arguments("number inside a map of strings", headers(BACKUP_REQUESTED), GOOD.replace("}", ",\"labels\":{\"tier\":1}}"),
                        Problem.WRONG_TYPE, "field 'labels.tier' of dev.lifeboat.backup.requested.v1 must be a string"),
                arguments("unknown enum value", headers(BACKUP_REQUESTED), GOOD.replace("EXTERNAL", "WHENEVER"),
                        Problem.INVALID_VALUE, "field 'trigger' of dev.lifeboat.backup.requested.v1 must be one of SCHEDULE, MANUAL, PRE_RESTORE, EXTERNAL, SCHEMA_CHANGE, AFTER_RESTORE, REPLAY_BUDGET, not 'WHENEVER'"),
                arguments("array instead of object", headers(BACKUP_REQUESTED), "[1,2]",
                        Problem.WRONG_TYPE, "the data of dev.lifeboat.backup.requested.v1 must be an object"),
                arguments("inconsistent nested record", headers("dev.lifeboat.restore.requested.v1"), """
                                {"restoreId":"x","databaseId":"orders-db","source":{"kind":"BACKUP_ID"},
                                 "target":{"kind":"NEW_DATABASE","databaseName":"copy"},"safetyBackup":false,"requestedBy":"bob"}""",
                        Problem.INVALID_VALUE, "source.backupId is required when source.kind is BACKUP_ID"),
                arguments("unconfirmed in-place restore", headers("dev.lifeboat.restore.requested.v1"), """
                                {"restoreId":"x","databaseId":"orders-db","source":{"kind":"LATEST"},
                                 "target":{"kind":"IN_PLACE"},"safetyBackup":true,"requestedBy":"bob"}""",
                        Problem.INVALID_VALUE, "target.confirmed must be true"),
                arguments("fraction for an integer", headers("dev.lifeboat.backup.started.v1"), """
                                {"requestId":"r","backupId":"b","databaseId":"orders-db","trigger":"MANUAL","attempt":1.5,
                                 "startedAt":"2026-11-21T02:00:00Z"}""",
                        Problem.WRONG_TYPE, "field 'attempt' of dev.lifeboat.backup.started.v1 must be an integer"),
                arguments("bad date-time field", headers("dev.lifeboat.backup.started.v1"), """
                                {"requestId":"r","backupId":"b","databaseId":"orders-db","trigger":"MANUAL","attempt":1,
                                 "startedAt":"21/11/2026"}""",
                        Problem.INVALID_VALUE, "field 'startedAt' of dev.lifeboat.backup.started.v1 must be an RFC 3339 date-time"),
                arguments("NUL in a field", headers(BACKUP_REQUESTED), GOOD.replace("billing", "bil\\u0000ling"),
                        Problem.INVALID_VALUE, "field 'requestedBy' of dev.lifeboat.backup.requested.v1 contains a NUL character (U+0000)"),
                arguments("NUL in a label key", headers(BACKUP_REQUESTED), GOOD.replace("}", ",\"labels\":{\"a\\u0000\":\"v\"}}"),
                        Problem.INVALID_VALUE, "a key of field 'labels' of dev.lifeboat.backup.requested.v1 contains a NUL character"),
                arguments("NUL in a header", with(headers(BACKUP_REQUESTED), CloudEventHeaders.SOURCE, "/bill\0ing"), GOOD,
                        Problem.INVALID_VALUE, "CloudEvents attribute 'source' contains a NUL character"),
                arguments("a database id longer than PostgreSQL's names", headers(BACKUP_REQUESTED),
                        GOOD.replace("orders-db", "d".repeat(64)),
                        Problem.INVALID_VALUE, "field 'databaseId' of dev.lifeboat.backup.requested.v1 is 64 bytes long; at most 63 are allowed"),
                arguments("a subject longer than PostgreSQL's names", with(headers(BACKUP_REQUESTED), CloudEventHeaders.SUBJECT, "d".repeat(64)),
                        GOOD, Problem.INVALID_VALUE, "CloudEvents attribute 'subject' is 64 bytes long; at most 63 are allowed"),
                arguments("a 5 KB requester", headers(BACKUP_REQUESTED), GOOD.replace("billing", "b".repeat(5000)),
                        Problem.INVALID_VALUE, "field 'requestedBy' of dev.lifeboat.backup.requested.v1 is 5000 bytes long; at most 200"),
                arguments("a long multi-byte request id", headers(BACKUP_REQUESTED), GOOD.replace("r-1", "é".repeat(101)),
                        Problem.INVALID_VALUE, "field 'requestId' of dev.lifeboat.backup.requested.v1 is 202 bytes long"),
                arguments("a control character in a bad time is not echoed", with(headers(BACKUP_REQUESTED), CloudEventHeaders.TIME, "to\0day"),
                        GOOD, Problem.NOT_A_CLOUDEVENT, "CloudEvents attribute 'time' is not an RFC 3339 timestamp: 'to?day'"),
                arguments("a long bad enum value is cut in the reason", headers(BACKUP_REQUESTED), GOOD.replace("EXTERNAL", "X".repeat(500)),
                        Problem.INVALID_VALUE, "not '" + "X".repeat(80) + "…'"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("badMessages")
    void isRefusedWithAClearMessage(String name, Headers headers, String value, Problem problem, String message) {
        assertThatThrownBy(() -> codec.decode(headers, value.getBytes(StandardCharsets.UTF_8)))
                .isInstanceOfSatisfying(InvalidEventException.class, e -> assertThat(e.problem()).isEqualTo(problem))
                .hasMessageContaining(message);
    }

    @Test
    void anOversizedValueIsRefusedBeforeItIsParsed() {
        byte[] value = new byte[EventCodec.MAX_PAYLOAD_BYTES + 1];
        assertThatThrownBy(() -> codec.decode(headers(BACKUP_REQUESTED), value))
                .isInstanceOfSatisfying(InvalidEventException.class, e -> assertThat(e.problem()).isEqualTo(Problem.OVERSIZED))
                .hasMessage("message of 1048577 bytes exceeds the limit of 1048576 bytes");
    }

    @Test
    void aGoodMessageFromAnotherSystemIsAccepted() {
        var event = codec.decode(headers(BACKUP_REQUESTED), GOOD.getBytes(StandardCharsets.UTF_8));
        assertThat(event.subject()).isEqualTo("orders-db");
        assertThat(event.correlationId()).as("defaults to the event id").isEqualTo("ev-1");
    }

    @Test
    void aNewerProducersOptionalFieldsAreIgnoredSoARollingUpgradeDeadLettersNothing() {
        String newer = """
                {"requestId":"r-1","databaseId":"orders-db","trigger":"EXTERNAL","requestedBy":"billing",
                 "priority":"high","window":{"from":"02:00","minutes":30}}""";
        String restore = """
                {"restoreId":"x","databaseId":"orders-db","source":{"kind":"LATEST","fromCopy":"eu-west"},
                 "target":{"kind":"NEW_DATABASE","databaseName":"copy","tablespace":"fast"},"safetyBackup":false,
                 "requestedBy":"bob","reason":"incident 42"}""";

        var event = codec.decode(headers(BACKUP_REQUESTED), newer.getBytes(StandardCharsets.UTF_8));
        var asKnown = codec.decode(headers(BACKUP_REQUESTED), GOOD.getBytes(StandardCharsets.UTF_8));
        assertThat(event.data()).isEqualTo(asKnown.data());
        var restoreEvent = codec.decode(headers("dev.lifeboat.restore.requested.v1"), restore.getBytes(StandardCharsets.UTF_8));
        assertThat(restoreEvent.data()).isInstanceOf(dev.lifeboat.events.restore.RestoreRequested.class);
        assertThat(codec.mapper().valueToTree(restoreEvent.data()).toString()).doesNotContain("fromCopy", "tablespace", "incident 42");
    }

    @Test
    void aStructuredCloudEventWithoutContentTypeIsAccepted() {
        String structured = """
                {"specversion":"1.0","id":"ev-9","source":"/billing","type":"dev.lifeboat.backup.requested.v1",
                 "subject":"orders-db","correlationid":"c-9","data":%s}""".formatted(GOOD);
        var event = codec.decode(new RecordHeaders(), structured.getBytes(StandardCharsets.UTF_8));
        assertThat(event.correlationId()).isEqualTo("c-9");
        assertThat(event.data()).isInstanceOf(dev.lifeboat.events.backup.BackupRequested.class);
    }

    private static Headers headers(String type) {
        RecordHeaders headers = new RecordHeaders();
        Map.of(CloudEventHeaders.SPEC_VERSION, "1.0", CloudEventHeaders.ID, "ev-1", CloudEventHeaders.SOURCE, "/billing",
                        CloudEventHeaders.TYPE, type, CloudEventHeaders.SUBJECT, "orders-db",
                        CloudEventHeaders.CONTENT_TYPE, CloudEventHeaders.JSON)
                .forEach((name, value) -> headers.add(name, value.getBytes(StandardCharsets.UTF_8)));
        return headers;
    }

    private static Headers with(Headers headers, String name, String value) {
        headers.remove(name);
        headers.add(name, value.getBytes(StandardCharsets.UTF_8));
        return headers;
    }

    private static Headers without(Headers headers, String name) {
        headers.remove(name);
        return headers;
    }

    @Test
    void aOneTypeTopicRefusesAnyOtherDataNamingBothTypes() {
        var requested = dev.lifeboat.events.envelope.CloudEvent.of("/t", "c", new dev.lifeboat.events.backup.BackupRequested(
                "r-1", "orders-db", dev.lifeboat.events.backup.BackupTrigger.EXTERNAL, "billing", Map.of()));
        assertThat(requested.requireData(dev.lifeboat.events.backup.BackupRequested.class).data().requestId()).isEqualTo("r-1");
        assertThatThrownBy(() -> requested.requireData(dev.lifeboat.events.restore.RestoreRequested.class))
                .isInstanceOf(InvalidEventException.class)
                .hasMessageContaining("lifeboat.restore.requests carries only dev.lifeboat.restore.requested.v1, not dev.lifeboat.backup.requested.v1");
    }

    @Test
    void theDeserializerRefusesAValidEventOnATopicThatDoesNotCarryItsType() {
        var failed = dev.lifeboat.events.envelope.CloudEvent.of("/t", "c", new dev.lifeboat.events.backup.BackupFailed(
                "r-1", null, "orders-db", dev.lifeboat.events.backup.BackupTrigger.EXTERNAL, "X", "misrouted", 1, false));
        var encoded = new EventCodec().encode(failed);
        var deserializer = new dev.lifeboat.events.envelope.EventDeserializer();
        assertThat(deserializer.deserialize(Topics.BACKUP_EVENTS, encoded.headers(), encoded.value()).id()).isEqualTo(failed.id());
        assertThatThrownBy(() -> deserializer.deserialize(Topics.BACKUP_REQUESTS, encoded.headers(), encoded.value()))
                .isInstanceOf(InvalidEventException.class)
                .hasMessageContaining("dev.lifeboat.backup.failed.v1 belongs on lifeboat.backup.events, not on lifeboat.backup.requests");
    }
}
