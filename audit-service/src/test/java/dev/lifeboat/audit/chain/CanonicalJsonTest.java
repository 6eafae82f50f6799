package dev.lifeboat.audit.chain;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class CanonicalJsonTest {

    record Sample(String zeta, BigDecimal amount, List<String> tags, String missing) {
    }

    @Test
    void keysAreSortedCharacterByCharacterAtEveryDepthAndWhitespaceIsDropped() {
        assertThat(CanonicalJson.of("{ \"b\" : 1,\n  \"a\" : { \"d\" : [3, 2, 1], \"c\" : null } }"))
                .isEqualTo("{\"a\":{\"c\":null,\"d\":[3,2,1]},\"b\":1}");
        assertThat(CanonicalJson.of("[ {\"b\": true, \"a\": false}, \"z\" ]")).isEqualTo("[{\"a\":false,\"b\":true},\"z\"]");
        // character by character: uppercase before lowercase, digits as text
        assertThat(CanonicalJson.of("{\"b\":1,\"a9\":2,\"a10\":3,\"B\":4,\"a\":5}"))
                .isEqualTo("{\"B\":4,\"a\":5,\"a10\":3,\"a9\":2,\"b\":1}");
    }

    @Test
    void numbersAreWrittenAsExactPlainDecimals() {
        assertThat(CanonicalJson.of("[1e3, 1.5E2, 1E-3, 1.50, 10, 12345678901234567890123, -0.25]"))
                .isEqualTo("[1000,150,0.001,1.50,10,12345678901234567890123,-0.25]");
    }

    @Test
    void whatJsonbGivesBackHasTheCanonicalTextOfWhatWasInserted() {
        String inserted = "{\"size\":1.50,\"n\":1e3,\"name\":\"x\"}";
        String fromJsonb = "{\"n\": 1000, \"name\": \"x\", \"size\": 1.50}";
        assertThat(CanonicalJson.of(inserted))
                .isEqualTo(CanonicalJson.of(fromJsonb))
                .isEqualTo("{\"n\":1000,\"name\":\"x\",\"size\":1.50}");
    }

    @Test
    void eachStringIsWrittenOneWayWhateverEscapesItCameWith() {
        // needless escapes are undone, a non-ASCII letter is written as itself, control characters are escaped
        assertThat(CanonicalJson.of("[\"\\u0041\\/\\u00e9\", \"tab\\there\", \"q\\\"uote\\\\\", \"\\u0001\"]"))
                .isEqualTo("[\"A/\u00e9\",\"tab\\there\",\"q\\\"uote\\\\\",\"\\u0001\"]");
    }

    @Test
    void scalarsAndEmptyValuesAreTheirOwnCanonicalText() {
        assertThat(CanonicalJson.of("  \"x\" ")).isEqualTo("\"x\"");
        assertThat(CanonicalJson.of("true")).isEqualTo("true");
        assertThat(CanonicalJson.of("null")).isEqualTo("null");
        assertThat(CanonicalJson.of("{ }")).isEqualTo("{}");
        assertThat(CanonicalJson.of("[ ]")).isEqualTo("[]");
    }

    @Test
    void theCanonicalTextIsItsOwnCanonicalText() {
        String canonical = CanonicalJson.of("{\"z\": [1.0, {\"y\": 2e1, \"x\": \"\\n\"}], \"A\": null}");
        assertThat(canonical).isEqualTo("{\"A\":null,\"z\":[1.0,{\"x\":\"\\n\",\"y\":20}]}");
        assertThat(CanonicalJson.of(canonical)).isEqualTo(canonical);
    }

    @Test
    void aValueIsWrittenAsTheCanonicalTextOfItsJson() {
        assertThat(CanonicalJson.ofValue(new Sample("z", new BigDecimal("2.50"), List.of("b", "a"), null)))
                .isEqualTo("{\"amount\":2.50,\"missing\":null,\"tags\":[\"b\",\"a\"],\"zeta\":\"z\"}");
        assertThat(CanonicalJson.ofValue(Map.of("b", 1, "a", List.of(true, "x")))).isEqualTo("{\"a\":[true,\"x\"],\"b\":1}");
    }

    @Test
    void theTreeKeepsDecimalsExactly() {
        JsonNode tree = CanonicalJson.tree("{\"price\": 1.50, \"count\": 3}");
        assertThat(tree.get("price").isBigDecimal()).isTrue();
        assertThat(tree.get("price").decimalValue()).isEqualTo(new BigDecimal("1.50"));
        assertThat(tree.get("count").intValue()).isEqualTo(3);
    }

    @Test
    void textThatIsNotJsonIsRefused() {
        assertThatThrownBy(() -> CanonicalJson.of("{broken"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("not JSON: ")
                .hasCauseInstanceOf(JsonProcessingException.class);
        assertThatThrownBy(() -> CanonicalJson.tree("{broken"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("not JSON: ")
                .hasCauseInstanceOf(JsonProcessingException.class);
    }
}
