package dev.lifeboat.cli.api;

import com.fasterxml.jackson.databind.JsonNode;

import java.time.Duration;
import java.util.function.Consumer;
import java.util.function.Predicate;

/**
 * Follows a piece of work by reading its record until it ends. A request reaches its service through Kafka, so its
 * record may be missing (404) for a moment after the 202: that is waited out, for {@link #ARRIVAL} at most.
 */
public final class Polling {

    static final Duration ARRIVAL = Duration.ofSeconds(60);

    private final LifeboatApi api;
    private final Duration interval;

    public Polling(LifeboatApi api, Duration interval) {
        this.api = api;
        this.interval = interval;
    }

    /**
     * @param seen     told of every reading, to show progress
     * @param finished whether a reading is the work's end
     * @return the last reading: its end, or where it was when {@code timeout} ran out
     */
    public JsonNode follow(Service service, String path, Predicate<JsonNode> finished, Consumer<JsonNode> seen, Duration timeout) {
        long start = System.nanoTime();
        JsonNode last = null;
        while (true) {
            long elapsed = System.nanoTime() - start;
            try {
                last = api.get(service, path);
                seen.accept(last);
                if (finished.test(last)) {
                    return last;
                }
            } catch (ApiFailure failure) {
                if (failure.status() != 404 || elapsed > ARRIVAL.toNanos()) {
                    throw failure;
                }
            }
            if (elapsed > timeout.toNanos()) {
                return last;
            }
            sleep();
        }
    }

    private void sleep() {
        try {
            Thread.sleep(interval.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ApiFailure(0, "interrupted while waiting");
        }
    }
}
