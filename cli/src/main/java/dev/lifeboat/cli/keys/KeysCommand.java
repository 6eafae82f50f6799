package dev.lifeboat.cli.keys;

import dev.lifeboat.cli.command.ExitCodes;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Spec;

import java.util.concurrent.Callable;

/** {@code lifeboat keys}: the archive encryption keys; alone, its usage. */
@Command(name = "keys", mixinStandardHelpOptions = true, description = "The encryption keys backups are sealed with.",
        subcommands = KeysCheckCommand.class)
public final class KeysCommand implements Callable<Integer> {

    @Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() {
        spec.commandLine().usage(spec.commandLine().getOut());
        return ExitCodes.USAGE;
    }
}
