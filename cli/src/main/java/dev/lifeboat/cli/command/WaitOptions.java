package dev.lifeboat.cli.command;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import dev.lifeboat.cli.api.Service;
import dev.lifeboat.cli.output.Human;
import dev.lifeboat.cli.output.Output;
import picocli.CommandLine.Option;

import java.time.Duration;
import java.util.Optional;
import java.util.Set;
import java.util.function.Consumer;

/** {@code --no-wait} and {@code --timeout}: whether and how long a command follows the work it asked for. */
public final class WaitOptions {

    @Option(names = "--no-wait", description = "return once the request is accepted, with its id")
    boolean noWait;

    @Option(names = "--timeout", defaultValue = "PT6H", description = "how long to wait at most (ISO-8601, default ${DEFAULT-VALUE})")
    Duration timeout;

    /**
     * Follows accepted work at {@code path} until a reading's status is one of {@code ended}, or the timeout; with
     * {@code --no-wait}, prints the acceptance (for {@code --json}) and follows nothing.
     *
     * @param seen told of every reading, to show steps or progress
     * @return the last reading, also printed for {@code --json}; empty with {@code --no-wait}
     */
    public Optional<JsonNode> follow(Context root, Output output, JsonNode accepted, Service service, String path, Set<String> ended,
                                     Consumer<JsonNode> seen) {
        if (noWait) {
            output.document(accepted);
            return Optional.empty();
        }
        JsonNode last = root.polling().follow(service, path, reading -> ended.contains(reading.path("status").asText()), seen, timeout);
        JsonNode reading = last == null ? JsonNodeFactory.instance.objectNode().put("status", "UNKNOWN") : last;
        output.document(reading);
        return Optional.of(reading);
    }

    /** What to say when the wait ran out: the work goes on, and how to follow it. */
    public String stillRunning(String status, String followWith) {
        return "Still " + status + " after " + Human.duration(timeout) + "; it goes on: follow it with " + followWith;
    }
}
