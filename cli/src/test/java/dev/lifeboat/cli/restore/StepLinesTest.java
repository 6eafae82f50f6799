package dev.lifeboat.cli.restore;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.lifeboat.cli.output.Output;
import org.junit.jupiter.api.Test;

import java.io.PrintWriter;
import java.io.StringWriter;

import static org.assertj.core.api.Assertions.assertThat;

class StepLinesTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String RESOLVE = "{\"step\":\"RESOLVE_SOURCE\",\"outcome\":\"OK\",\"durationMs\":120,\"details\":\"done\"}";
    private static final String PREPARE = "{\"step\":\"PREPARE_TARGET\",\"outcome\":\"OK\",\"durationMs\":4200,\"details\":\"created\"}";

    private final StringWriter out = new StringWriter();
    private final StepLines lines = new StepLines(new Output(new PrintWriter(out), false));

    private static JsonNode restore(String progress, String... steps) {
        try {
            return JSON.readTree("{\"status\":\"RUNNING\",\"steps\":[" + String.join(",", steps) + "]"
                    + (progress == null ? "" : ",\"progress\":" + progress) + "}");
        } catch (JsonProcessingException e) {
            throw new AssertionError(e);
        }
    }

    @Test
    void aStepIsOneLineOfItsOutcomeNameDurationAndDetailsInColumns() {
        lines.show(restore(null, RESOLVE));

        assertThat(out.toString()).isEqualTo("  OK     RESOLVE_SOURCE      120 ms  done" + System.lineSeparator());
    }

    @Test
    void eachStepIsShownOnceHoweverOftenTheRestoreIsRead() {
        lines.show(restore(null, RESOLVE));
        lines.show(restore(null, RESOLVE, PREPARE));
        lines.show(restore(null, RESOLVE, PREPARE));

        assertThat(out.toString().lines()).containsExactly(
                "  OK     RESOLVE_SOURCE      120 ms  done",
                "  OK     PREPARE_TARGET       4.2 s  created");
    }

    @Test
    void stepsThatAppearTogetherAreShownInTheirOrder() {
        lines.show(restore(null, PREPARE, RESOLVE));

        assertThat(out.toString().lines()).containsExactly(
                "  OK     PREPARE_TARGET       4.2 s  created",
                "  OK     RESOLVE_SOURCE      120 ms  done");
    }

    @Test
    void aStepWithoutDetailsEndsAfterItsDuration() {
        lines.show(restore(null, "{\"step\":\"PG_RESTORE\",\"outcome\":\"FAILED\",\"durationMs\":4200}"));

        assertThat(out.toString()).isEqualTo("  FAILED PG_RESTORE           4.2 s  " + System.lineSeparator());
    }

    @Test
    void aLongStepNamePushesTheNextColumnsRightAndIsNotCut() {
        lines.show(restore(null, "{\"step\":\"POST_SWAP_CHECK_SMOKE_QUERY\",\"outcome\":\"OK\",\"durationMs\":61000,"
                + "\"details\":\"select 1\"}"));

        assertThat(out.toString().lines()).containsExactly("  OK     POST_SWAP_CHECK_SMOKE_QUERY     1m 1s  select 1");
    }

    @Test
    void aRestoreWithoutStepsOrProgressPrintsNothing() {
        lines.show(restore(null));

        assertThat(out.toString()).isEmpty();
    }

    @Test
    void theArchivesProgressFollowsTheNewStepsAndIsShownAgainOnlyWhenItMoves() {
        String progress = "{\"bytesDone\":20000000,\"bytesExpected\":40000000,\"bytesPerSecond\":10000000,\"percent\":50,"
                + "\"estimatedSecondsLeft\":2}";

        lines.show(restore(progress, RESOLVE));
        lines.show(restore(progress, RESOLVE));

        assertThat(out.toString().lines()).containsExactly(
                "  OK     RESOLVE_SOURCE      120 ms  done",
                "  [##########..........]  50%  20.0 MB of 40.0 MB  10.0 MB/s  about 2s left");
    }
}
