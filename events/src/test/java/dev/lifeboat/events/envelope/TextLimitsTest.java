package dev.lifeboat.events.envelope;

import dev.lifeboat.events.envelope.InvalidEventException.Problem;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** What a text of the contract may hold: no NUL, and at most as many UTF-8 bytes as its field's kind allows. */
class TextLimitsTest {

    private static final String WHAT = "field 'requestedBy' of dev.lifeboat.backup.requested.v1";
    private static final String FACE = "\uD83D\uDE00";

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource({
            "databaseId, 63", "databaseName, 63", "targetDatabase, 63", "username, 63",
            "host, 255",
            "tables, 127",
            "objectKey, 1024", "manifestKey, 1024", "reportKey, 1024", "labels, 1024", "credentialRef, 1024",
            "schedule, 1024", "path, 1024", "location, 1024",
            "requestedBy, 200", "deletedBy, 200", "changedBy, 200", "actor, 200", "method, 200", "declaredIn, 200",
            "channel, 200", "policy, 200", "step, 200", "check, 200", "errorCode, 200", "eventType, 200", "keyId, 200",
            "serverVersion, 200",
            "backupId, 200", "restoreId, 200", "verificationId, 200", "deliveryId, 200",
            "message, 65536", "reason, 65536", "details, 65536", "lsn, 65536", "sha256, 65536"})
    void aFieldsLimitFollowsFromItsName(String field, int expected) {
        assertThat(TextLimits.maxBytes(field)).isEqualTo(expected);
    }

    @Test
    void aTextWithANulCharacterIsRefusedNamingTheFieldAndPostgres() {
        assertThatThrownBy(() -> TextLimits.check("bil\0ling", TextLimits.ID, WHAT))
                .isInstanceOfSatisfying(InvalidEventException.class, e -> assertThat(e.problem()).isEqualTo(Problem.INVALID_VALUE))
                .hasMessage(WHAT + " contains a NUL character (U+0000), which PostgreSQL cannot store");
    }

    @Test
    void aNulIsReportedBeforeTheLengthOfAnOverlongText() {
        assertThatThrownBy(() -> TextLimits.check("\0" + "x".repeat(500), TextLimits.NAME, WHAT))
                .isInstanceOf(InvalidEventException.class)
                .hasMessageContaining("contains a NUL character")
                .hasMessageNotContaining("bytes long");
    }

    @Test
    void anEmptyTextAndATextOfExactlyTheLimitAreAccepted() {
        assertThatCode(() -> TextLimits.check("", TextLimits.NAME, WHAT)).doesNotThrowAnyException();
        assertThatCode(() -> TextLimits.check("d".repeat(63), TextLimits.NAME, WHAT)).doesNotThrowAnyException();
        assertThatCode(() -> TextLimits.check("x".repeat(TextLimits.TEXT), TextLimits.TEXT, WHAT)).doesNotThrowAnyException();
    }

    @Test
    void oneByteOverTheLimitIsRefusedWithBothNumbers() {
        assertThatThrownBy(() -> TextLimits.check("d".repeat(64), TextLimits.NAME, WHAT))
                .isInstanceOfSatisfying(InvalidEventException.class, e -> assertThat(e.problem()).isEqualTo(Problem.INVALID_VALUE))
                .hasMessage(WHAT + " is 64 bytes long; at most 63 are allowed");
    }

    @Test
    void threeByteCharactersCountThreeBytesEach() {
        assertThatCode(() -> TextLimits.check("€".repeat(21), TextLimits.NAME, WHAT)).doesNotThrowAnyException();
        assertThatThrownBy(() -> TextLimits.check("€".repeat(22), TextLimits.NAME, WHAT))
                .isInstanceOf(InvalidEventException.class)
                .hasMessage(WHAT + " is 66 bytes long; at most 63 are allowed");
    }

    @Test
    void charactersOutsideTheBasicPlaneCountFourBytesEach() {
        assertThatCode(() -> TextLimits.check(FACE.repeat(15), TextLimits.NAME, WHAT)).doesNotThrowAnyException();
        assertThatThrownBy(() -> TextLimits.check(FACE.repeat(16), TextLimits.NAME, WHAT))
                .isInstanceOf(InvalidEventException.class)
                .hasMessage(WHAT + " is 64 bytes long; at most 63 are allowed");
    }

    @Test
    void quotingShowsEveryControlCharacterAsAQuestionMarkInSingleQuotes() {
        assertThat(TextLimits.quote("orders-db")).isEqualTo("'orders-db'");
        assertThat(TextLimits.quote("")).isEqualTo("''");
        assertThat(TextLimits.quote("a\tb\nc\rd\0e\u007Ff\u0085g")).isEqualTo("'a?b?c?d?e?f?g'");
    }

    @Test
    void quotingKeepsEightyCharactersWhole() {
        String eighty = "y".repeat(80);

        assertThat(TextLimits.quote(eighty)).isEqualTo("'" + eighty + "'");
        assertThat(TextLimits.quote(eighty + "z")).isEqualTo("'" + eighty + "…'");
    }

    @Test
    void printableCutsByCodePointsSoNoSurrogatePairIsSplit() {
        assertThat(TextLimits.printable(FACE.repeat(3), 2)).isEqualTo(FACE + FACE + "…");
        assertThat(TextLimits.printable(FACE.repeat(2), 2)).isEqualTo(FACE + FACE);
        assertThat(TextLimits.printable("Grüße, 東京", 100)).isEqualTo("Grüße, 東京");
        assertThat(TextLimits.printable("abcdef", 3)).isEqualTo("abc…");
    }
}
