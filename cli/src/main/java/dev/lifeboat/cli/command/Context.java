package dev.lifeboat.cli.command;

import dev.lifeboat.cli.api.LifeboatApi;
import dev.lifeboat.cli.api.Polling;

import java.io.PrintWriter;
import java.time.Clock;
import java.time.Duration;

/**
 * What every command works with: the services' APIs, where to print, the clock, and how often to look at running work.
 * Commands get it in their constructor.
 */
public record Context(LifeboatApi api, PrintWriter out, Clock clock, Duration pollInterval) {

    public Polling polling() {
        return new Polling(api, pollInterval);
    }
}
