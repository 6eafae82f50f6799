package dev.lifeboat.cli.command;

import dev.lifeboat.cli.output.Human;
import picocli.CommandLine.Option;

import java.time.Duration;

/** {@code --no-wait} and {@code --timeout}: whether and how long a command follows the work it asked for. */
public final class WaitOptions {

    @Option(names = "--no-wait", description = "return once the request is accepted, with its id")
    boolean noWait;

    @Option(names = "--timeout", defaultValue = "PT6H", description = "how long to wait at most (ISO-8601, default ${DEFAULT-VALUE})")
    Duration timeout;

    public boolean noWait() {
        return noWait;
    }

    public Duration timeout() {
        return timeout;
    }

    /** What to say when the wait ran out: the work goes on, and how to follow it. */
    public String stillRunning(String status, String followWith) {
        return "Still " + status + " after " + Human.duration(timeout) + "; it goes on: follow it with " + followWith;
    }
}
