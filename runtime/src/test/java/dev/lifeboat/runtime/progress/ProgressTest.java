package dev.lifeboat.runtime.progress;

import org.junit.jupiter.api.Test;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.time.Duration;
import java.time.Instant;

import static org.assertj.core.api.Assertions.assertThat;

class ProgressTest {

    private static final Instant START = Instant.parse("2026-11-23T12:00:00Z");

    @Test
    void bytesReadThroughTheCountingStreamAreDoneAndTheRateGivesTheTimeLeft() throws IOException {
        Progress progress = new Progress();
        progress.expect(4000, START);
        try (InputStream in = progress.counting(new ByteArrayInputStream(new byte[1000]))) {
            in.read();
            in.readNBytes(new byte[999], 0, 999);
        }
        ProgressReading reading = progress.read(START.plusSeconds(2));

        assertThat(reading).isEqualTo(new ProgressReading(1000, 4000, 500, 25, 6L));
    }

    @Test
    void nothingIsReadBeforeTheExpectedSizeIsKnown() {
        assertThat(new Progress().read(START)).isNull();
    }

    @Test
    void anEstimatePassedIsAHundredPercentWithNothingLeftAndAnUnknownSizeHasNoPercent() {
        assertThat(ProgressReading.of(5000, 4000, Duration.ofSeconds(1))).isEqualTo(new ProgressReading(5000, 4000, 5000, 100, 0L));
        assertThat(ProgressReading.of(5000, -1, Duration.ofSeconds(1))).isEqualTo(new ProgressReading(5000, -1, 5000, null, null));
        assertThat(ProgressReading.of(0, 4000, Duration.ZERO)).isEqualTo(new ProgressReading(0, 4000, 0, 0, null));
    }
}
