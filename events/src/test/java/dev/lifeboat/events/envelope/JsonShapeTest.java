package dev.lifeboat.events.envelope;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.lifeboat.events.EventSamples;
import dev.lifeboat.events.EventType;
import dev.lifeboat.events.backup.BackupCompleted;
import dev.lifeboat.events.backup.BackupFailed;
import dev.lifeboat.events.backup.BackupRequested;
import dev.lifeboat.events.backup.BackupStarted;
import dev.lifeboat.events.capture.CaptureRetainingWal;
import dev.lifeboat.events.envelope.InvalidEventException.Problem;
import dev.lifeboat.events.registry.DatabaseRegistration;
import dev.lifeboat.events.restore.RestoreCompleted;
import dev.lifeboat.events.restore.RestoreRequested;
import dev.lifeboat.events.restore.RestoreTarget;
import org.assertj.core.api.AbstractThrowableAssert;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The shapes of JSON the contract accepts and refuses, checked on the records directly; what
 * {@code InvalidEventsTest} already shows through the codec is not repeated here.
 */
class JsonShapeTest {

    private static final String STARTED = "dev.lifeboat.backup.started.v1";
    private static final String REQUESTED = """
            {"requestId":"r","databaseId":"orders-db","trigger":"MANUAL","requestedBy":"a","labels":{"%s":"%s"}}""";

    private final ObjectMapper json = new ObjectMapper();

    /** A record with a component the contract has no JSON shape for. */
    record WithADouble(String databaseId, double ratio) {
    }

    @Test
    void anOptionalFieldMayBeAbsentOrNull() {
        String absent = """
                {"requestId":"r","databaseId":"orders-db","trigger":"EXTERNAL","errorCode":"X","message":"m","attempt":1,"retryable":false}""";
        String nullValue = absent.replace("{", "{\"backupId\":null,");

        assertThatCode(() -> JsonShape.check(BackupFailed.class, tree(absent), "f")).doesNotThrowAnyException();
        assertThatCode(() -> JsonShape.check(BackupFailed.class, tree(nullValue), "f")).doesNotThrowAnyException();
    }

    @Test
    void aFieldTheRecordDoesNotHaveIsIgnoredSoANewerProducersOptionalFieldIsNoRefusal() {
        String request = """
                {"requestId":"r","databaseId":"orders-db","trigger":"EXTERNAL","requestedBy":"billing",
                 "priority":"high","budget":{"minutes":5}}""";

        assertThatCode(() -> JsonShape.check(BackupRequested.class, tree(request), "req")).doesNotThrowAnyException();
        refusal(BackupRequested.class, tree("{\"priority\":\"high\"}"), "req", Problem.MISSING_FIELD)
                .hasMessage("missing required field 'requestId' in req");
    }

    @Test
    void theFirstMissingFieldInRecordOrderIsNamed() {
        refusal(BackupRequested.class, tree("{\"trigger\":\"MANUAL\"}"), "req", Problem.MISSING_FIELD)
                .hasMessage("missing required field 'requestId' in req");
    }

    @Test
    void aNestedRecordIsCheckedWithItsPath() {
        ObjectNode registration = (ObjectNode) tree("""
                {"host":"db.internal","port":5432,"databaseName":"orders","username":"backup","schedule":"0 2 * * *",
                 "rpoSeconds":86400,"declaredIn":"API","restore":{"credentialRef":"env:X"}}""");

        refusal(DatabaseRegistration.class, registration, "reg", Problem.MISSING_FIELD)
                .hasMessage("missing required field 'restore.username' in reg");

        ((ObjectNode) registration.get("restore")).put("username", 5);
        refusal(DatabaseRegistration.class, registration, "reg", Problem.WRONG_TYPE)
                .hasMessage("field 'restore.username' of reg must be a string, not number 5");

        ((ObjectNode) registration.get("restore")).put("username", "restorer").put("sslmode", "verify-full");
        assertThatCode(() -> JsonShape.check(DatabaseRegistration.class, registration, "reg")).doesNotThrowAnyException();
    }

    @Test
    void aNestedRecordGivenAsAStringAndANestedEnumOutsideItsValuesAreRefused() {
        String restore = """
                {"restoreId":"x","databaseId":"orders-db","source":%s,"target":{"kind":"TABLES","tables":["public.t"]},
                 "safetyBackup":false,"requestedBy":"bob"}""";

        refusal(RestoreRequested.class, tree(restore.formatted("\"LATEST\"")), "rr", Problem.WRONG_TYPE)
                .hasMessage("field 'source' of rr must be an object, not string \"LATEST\"");
        refusal(RestoreRequested.class, tree(restore.formatted("{\"kind\":\"NEWEST\"}")), "rr", Problem.INVALID_VALUE)
                .hasMessage("field 'source.kind' of rr must be one of BACKUP_ID, LATEST, POINT_IN_TIME, not 'NEWEST'");
    }

    @Test
    void anIntFieldRefusesAValueBeyondTheIntRangeAndANumberWrittenAsAString() {
        refusal(BackupStarted.class, started("2147483648"), STARTED, Problem.WRONG_TYPE)
                .hasMessage("field 'attempt' of " + STARTED + " must be an integer, not number 2147483648");
        refusal(BackupStarted.class, started("\"1\""), STARTED, Problem.WRONG_TYPE)
                .hasMessage("field 'attempt' of " + STARTED + " must be an integer, not string \"1\"");
    }

    @Test
    void aLongFieldTakesValuesBeyondTheIntRangeButNotBeyondTheLongRange() {
        String wal = """
                {"databaseId":"orders-db","retainedWalBytes":%s,"limitBytes":10737418240,"captureStopped":true}""";

        assertThatCode(() -> JsonShape.check(CaptureRetainingWal.class, tree(wal.formatted("12884901888")), "wal"))
                .doesNotThrowAnyException();
        refusal(CaptureRetainingWal.class, tree(wal.formatted("9223372036854775808")), "wal", Problem.WRONG_TYPE)
                .hasMessage("field 'retainedWalBytes' of wal must be an integer, not number 9223372036854775808");
    }

    @Test
    void aLongWrongValueIsCutAfterFortyCharactersInTheMessage() {
        refusal(BackupStarted.class, started("\"" + "x".repeat(50) + "\""), STARTED, Problem.WRONG_TYPE)
                .hasMessage("field 'attempt' of " + STARTED + " must be an integer, not string \"" + "x".repeat(39) + "…");
    }

    @Test
    void aBooleanWrittenAsAStringIsRefusedInsideAListWithItsIndex() {
        String value = """
                {"restoreId":"rs","databaseId":"orders-db","backupId":"b","targetKind":"IN_PLACE","targetDatabase":"orders",
                 "durationMs":1,"rowsRestored":2,
                 "validations":[{"check":"ROW_COUNTS","passed":true,"details":"ok"},{"check":"FK","passed":"yes","details":"d"}]}""";

        refusal(RestoreCompleted.class, tree(value), "done", Problem.WRONG_TYPE)
                .hasMessage("field 'validations[1].passed' of done must be true or false, not string \"yes\"");
    }

    @Test
    void aListElementTakesTheLimitOfItsListsName() {
        String tables = "{\"kind\":\"TABLES\",\"tables\":[\"public.orders\",\"%s\"]}";

        assertThatCode(() -> JsonShape.check(RestoreTarget.class, tree(tables.formatted("t".repeat(127))), "target"))
                .doesNotThrowAnyException();
        refusal(RestoreTarget.class, tree(tables.formatted("t".repeat(128))), "target", Problem.INVALID_VALUE)
                .hasMessage("field 'tables[1]' of target is 128 bytes long; at most 127 are allowed");
        refusal(RestoreTarget.class, tree(tables.formatted(" ")), "target", Problem.INVALID_VALUE)
                .hasMessage("field 'tables[1]' of target must not be blank");
    }

    @Test
    void aMapValueTakesTheLimitOfTheMapsNameAndAKeyTheLimitOfAnId() {
        assertThatCode(() -> JsonShape.check(BackupRequested.class, tree(REQUESTED.formatted("k".repeat(200), "v".repeat(1024))), "req"))
                .doesNotThrowAnyException();
        refusal(BackupRequested.class, tree(REQUESTED.formatted("team", "v".repeat(1025))), "req", Problem.INVALID_VALUE)
                .hasMessage("field 'labels.team' of req is 1025 bytes long; at most 1024 are allowed");
        refusal(BackupRequested.class, tree(REQUESTED.formatted("k".repeat(201), "v")), "req", Problem.INVALID_VALUE)
                .hasMessage("a key of field 'labels' of req is 201 bytes long; at most 200 are allowed");
        refusal(BackupRequested.class, tree(REQUESTED.formatted("team", "  ")), "req", Problem.INVALID_VALUE)
                .hasMessage("field 'labels.team' of req must not be blank");
    }

    @Test
    void aMapOfCountsRefusesACountWrittenAsAString() {
        ObjectNode completed = new EventCodec().mapper().valueToTree(EventSamples.of(EventType.BACKUP_COMPLETED));
        completed.putObject("tableRowCounts").put("public.orders", "5");

        refusal(BackupCompleted.class, completed, "done", Problem.WRONG_TYPE)
                .hasMessage("field 'tableRowCounts.public.orders' of done must be an integer, not string \"5\"");
    }

    @Test
    void aTypeWithoutAJsonShapeIsAProgrammingErrorNotAnInvalidEvent() {
        assertThatThrownBy(() -> JsonShape.check(WithADouble.class, tree("{\"databaseId\":\"d\",\"ratio\":0.5}"), "probe"))
                .isExactlyInstanceOf(IllegalArgumentException.class)
                .hasMessage("no JSON shape for double");
        assertThatThrownBy(() -> JsonShape.schemaOf(WithADouble.class))
                .isExactlyInstanceOf(IllegalArgumentException.class)
                .hasMessage("no JSON shape for double");
    }

    @Test
    void aSchemaRequiresExactlyTheNonOptionalComponentsAndLimitsEachTextByItsName() {
        ObjectNode schema = JsonShape.schemaOf(DatabaseRegistration.class);

        assertThat(texts(schema.get("required")))
                .containsExactly("databaseName", "schedule", "rpoSeconds", "declaredIn");
        assertThat(schema.has("additionalProperties")).as("a newer producer's optional fields are allowed").isFalse();
        assertThat(texts(schema.at("/properties/restore/required"))).containsExactly("username");
        assertThat(schema.at("/properties/host")).isEqualTo(json.createObjectNode()
                .put("type", "string").put("minLength", 1).put("maxLength", 255).put("pattern", "^[^\\u0000]*$"));
        assertThat(schema.at("/properties/username/maxLength").asInt()).isEqualTo(63);
        assertThat(schema.at("/properties/credentialRef/maxLength").asInt()).isEqualTo(1024);
        assertThat(schema.at("/properties/declaredIn/maxLength").asInt()).isEqualTo(200);
        assertThat(schema.at("/properties/labels/additionalProperties/maxLength").asInt()).isEqualTo(1024);
        assertThat(schema.at("/properties/port")).isEqualTo(json.createObjectNode().put("type", "integer"));
        assertThat(JsonShape.schemaOf(BackupStarted.class).at("/properties/startedAt"))
                .isEqualTo(json.createObjectNode().put("type", "string").put("format", "date-time"));
        assertThat(JsonShape.schemaOf(RestoreTarget.class).at("/properties/tables/items/maxLength").asInt()).isEqualTo(127);
    }

    private AbstractThrowableAssert<?, ? extends Throwable> refusal(Class<? extends Record> record, JsonNode value, String what,
                                                                   Problem problem) {
        return assertThatThrownBy(() -> JsonShape.check(record, value, what))
                .isInstanceOfSatisfying(InvalidEventException.class, e -> assertThat(e.problem()).isEqualTo(problem));
    }

    private JsonNode tree(String text) {
        try {
            return json.readTree(text);
        } catch (IOException e) {
            throw new IllegalArgumentException(text, e);
        }
    }

    private JsonNode started(String attempt) {
        return tree("""
                {"requestId":"r","backupId":"b","databaseId":"orders-db","trigger":"MANUAL","attempt":%s,
                 "startedAt":"2026-11-21T02:00:00Z"}""".formatted(attempt));
    }

    private static List<String> texts(JsonNode array) {
        List<String> texts = new ArrayList<>();
        array.forEach(node -> texts.add(node.asText()));
        return texts;
    }
}
