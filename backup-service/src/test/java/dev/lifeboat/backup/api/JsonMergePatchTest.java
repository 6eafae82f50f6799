package dev.lifeboat.backup.api;

import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class JsonMergePatchTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void aMemberReplacesNullRemovesAndObjectsMergeMemberByMember() throws Exception {
        var target = JSON.readTree("{\"host\":\"a\",\"schedule\":\"0 2 * * *\",\"labels\":{\"team\":\"x\",\"tier\":\"1\"},\"restore\":{\"username\":\"r\"}}");
        var patch = JSON.readTree("{\"schedule\":\"0 * * * *\",\"labels\":{\"tier\":null,\"env\":\"prod\"},\"restore\":null}");

        assertThat(JsonMergePatch.apply(target, patch)).isEqualTo(
                JSON.readTree("{\"host\":\"a\",\"schedule\":\"0 * * * *\",\"labels\":{\"team\":\"x\",\"env\":\"prod\"}}"));
    }

    @Test
    void aPatchThatIsNotAnObjectReplacesTheWholeTarget() throws Exception {
        assertThat(JsonMergePatch.apply(JSON.readTree("{\"a\":1}"), JSON.readTree("[1]"))).isEqualTo(JSON.readTree("[1]"));
    }
}
