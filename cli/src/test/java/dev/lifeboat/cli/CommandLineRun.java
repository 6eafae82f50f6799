package dev.lifeboat.cli;

import dev.lifeboat.cli.api.LifeboatApi;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;

/** The command line run in a test: over canned answers, at a fixed moment, its output and errors kept. */
public final class CommandLineRun {

    public final StringWriter out = new StringWriter();
    public final StringWriter err = new StringWriter();
    private final LifeboatApi api;
    private final Instant now;

    public CommandLineRun(LifeboatApi api, Instant now) {
        this.api = api;
        this.now = now;
    }

    /** Runs {@code lifeboat args...}; its exit status. */
    public int run(String... args) {
        Lifeboat lifeboat = new Lifeboat(api, new PrintWriter(out, true), Clock.fixed(now, ZoneOffset.UTC), Duration.ZERO);
        return lifeboat.commandLine(new PrintWriter(err, true)).execute(args);
    }
}
