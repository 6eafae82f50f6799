package dev.lifeboat.cli.command;

import dev.lifeboat.cli.output.Output;
import picocli.CommandLine.Option;

/** {@code --json}: one JSON document on standard output instead of lines for a person. */
public final class JsonOption {

    @Option(names = "--json", description = "print one JSON document (the services' own fields) instead of text")
    boolean json;

    public Output output(Context root) {
        return new Output(root.out(), json);
    }
}
