package dev.lifeboat.cli.output;

import com.fasterxml.jackson.databind.JsonNode;

import java.time.Duration;

/**
 * A running backup's or restore's {@code progress} (bytes so far, bytes expected, rate, time left) as one line, printed
 * each time it changes: {@code [######....] 60%  24.6 MB of 41.0 MB  8.2 MB/s  about 2s left}.
 */
public final class ProgressBar {

    private static final int WIDTH = 20;

    private final Output output;
    private long lastBytes = -1;

    public ProgressBar(Output output) {
        this.output = output;
    }

    /** Prints the work's progress if it has moved since the last one printed; nothing when it has none. */
    public void show(JsonNode work) {
        JsonNode progress = work.path("progress");
        if (!progress.isObject() || progress.path("bytesDone").asLong() == lastBytes) {
            return;
        }
        lastBytes = progress.path("bytesDone").asLong();
        output.line(render(progress));
    }

    static String render(JsonNode progress) {
        long done = progress.path("bytesDone").asLong();
        long expected = progress.path("bytesExpected").asLong(-1);
        StringBuilder line = new StringBuilder("  ");
        if (progress.path("percent").isNumber()) {
            int percent = progress.path("percent").asInt();
            int filled = percent * WIDTH / 100;
            line.append('[').append("#".repeat(filled)).append(".".repeat(WIDTH - filled)).append("] ")
                    .append(String.format("%3d%%", percent)).append("  ");
        }
        line.append(Human.size(done));
        if (expected > 0) {
            line.append(" of ").append(Human.size(expected));
        }
        line.append("  ").append(Human.size(progress.path("bytesPerSecond").asLong())).append("/s");
        if (progress.path("estimatedSecondsLeft").isNumber()) {
            long left = progress.path("estimatedSecondsLeft").asLong();
            line.append(left == 0 ? "  finishing" : "  about " + Human.duration(Duration.ofSeconds(left)) + " left");
        }
        return line.toString();
    }
}
