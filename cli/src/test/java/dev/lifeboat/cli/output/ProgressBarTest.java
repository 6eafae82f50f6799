package dev.lifeboat.cli.output;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

import java.io.PrintWriter;
import java.io.StringWriter;

import static org.assertj.core.api.Assertions.assertThat;

class ProgressBarTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final StringWriter out = new StringWriter();

    private static JsonNode json(String text) {
        try {
            return JSON.readTree(text);
        } catch (JsonProcessingException e) {
            throw new AssertionError(e);
        }
    }

    @Test
    void aProgressWithAPercentShowsABarOfTwentyWithTheSizesRateAndTimeLeft() {
        assertThat(ProgressBar.render(json("{\"bytesDone\":20000000,\"bytesExpected\":40000000,\"bytesPerSecond\":10000000,"
                + "\"percent\":50,\"estimatedSecondsLeft\":2}")))
                .isEqualTo("  [##########..........]  50%  20.0 MB of 40.0 MB  10.0 MB/s  about 2s left");
    }

    @Test
    void theBarIsEmptyAtNoneAndFullAtAHundredPercent() {
        assertThat(ProgressBar.render(json("{\"bytesDone\":0,\"bytesExpected\":41000000,\"bytesPerSecond\":0,\"percent\":0}")))
                .isEqualTo("  [....................]   0%  0 B of 41.0 MB  0 B/s");
        assertThat(ProgressBar.render(json("{\"bytesDone\":41000000,\"bytesExpected\":41000000,\"bytesPerSecond\":8200000,"
                + "\"percent\":100,\"estimatedSecondsLeft\":0}")))
                .isEqualTo("  [####################] 100%  41.0 MB of 41.0 MB  8.2 MB/s  finishing");
    }

    @Test
    void theBarFillsOnlyWholeTwentiethsSoNinetyNinePercentLeavesOneDot() {
        assertThat(ProgressBar.render(json("{\"bytesDone\":990,\"bytesExpected\":1000,\"bytesPerSecond\":10,\"percent\":99,"
                + "\"estimatedSecondsLeft\":3725}")))
                .isEqualTo("  [###################.]  99%  990 B of 1.0 kB  10 B/s  about 1h 2m left");
        assertThat(ProgressBar.render(json("{\"bytesDone\":4,\"bytesPerSecond\":1,\"percent\":4}")))
                .isEqualTo("  [....................]   4%  4 B  1 B/s");
    }

    @Test
    void withoutAPercentOrAnExpectedSizeOnlyTheBytesSoFarAndTheRateAreShown() {
        assertThat(ProgressBar.render(json("{\"bytesDone\":512,\"bytesPerSecond\":0}"))).isEqualTo("  512 B  0 B/s");
        assertThat(ProgressBar.render(json("{\"bytesDone\":512,\"bytesExpected\":null,\"bytesPerSecond\":0,\"percent\":null,"
                + "\"estimatedSecondsLeft\":null}"))).isEqualTo("  512 B  0 B/s");
    }

    @Test
    void anExpectedSizeOfZeroIsNotShown() {
        assertThat(ProgressBar.render(json("{\"bytesDone\":1500,\"bytesExpected\":0,\"bytesPerSecond\":1500}")))
                .isEqualTo("  1.5 kB  1.5 kB/s");
    }

    @Test
    void noTimeLeftIsShownAsFinishing() {
        assertThat(ProgressBar.render(json("{\"bytesDone\":1,\"bytesPerSecond\":1,\"estimatedSecondsLeft\":0}")))
                .isEqualTo("  1 B  1 B/s  finishing");
    }

    @Test
    void theProgressIsPrintedEachTimeItsBytesMoveAndOnlyThen() {
        ProgressBar bar = new ProgressBar(new Output(new PrintWriter(out), false));

        bar.show(json("{\"status\":\"RUNNING\",\"progress\":{\"bytesDone\":1000,\"bytesPerSecond\":500}}"));
        bar.show(json("{\"status\":\"RUNNING\",\"progress\":{\"bytesDone\":1000,\"bytesPerSecond\":400}}"));
        bar.show(json("{\"status\":\"RUNNING\",\"progress\":{\"bytesDone\":2000,\"bytesPerSecond\":500}}"));

        assertThat(out.toString().lines()).containsExactly("  1.0 kB  500 B/s", "  2.0 kB  500 B/s");
    }

    @Test
    void aFirstProgressAtZeroBytesIsPrinted() {
        ProgressBar bar = new ProgressBar(new Output(new PrintWriter(out), false));

        bar.show(json("{\"progress\":{\"bytesDone\":0,\"bytesPerSecond\":0}}"));

        assertThat(out.toString().lines()).containsExactly("  0 B  0 B/s");
    }

    @Test
    void workWithoutProgressPrintsNothing() {
        ProgressBar bar = new ProgressBar(new Output(new PrintWriter(out), false));

        bar.show(json("{\"status\":\"RUNNING\"}"));
        bar.show(json("{\"status\":\"RUNNING\",\"progress\":null}"));
        bar.show(json("{\"status\":\"RUNNING\",\"progress\":42}"));

        assertThat(out.toString()).isEmpty();
    }

    @Test
    void withJsonOutputTheProgressIsNotPrinted() {
        ProgressBar bar = new ProgressBar(new Output(new PrintWriter(out), true));

        bar.show(json("{\"progress\":{\"bytesDone\":1000,\"bytesPerSecond\":500}}"));

        assertThat(out.toString()).isEmpty();
    }
}
