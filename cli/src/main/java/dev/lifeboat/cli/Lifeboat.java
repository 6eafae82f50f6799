package dev.lifeboat.cli;

import dev.lifeboat.cli.api.ApiFailure;
import dev.lifeboat.cli.api.HttpLifeboatApi;
import dev.lifeboat.cli.api.LifeboatApi;
import dev.lifeboat.cli.audit.AuditCommand;
import dev.lifeboat.cli.deadletters.DeadLettersCommand;
import dev.lifeboat.cli.command.Context;
import dev.lifeboat.cli.command.ExitCodes;
import dev.lifeboat.cli.backup.BackupCommand;
import dev.lifeboat.cli.backup.BackupsCommand;
import dev.lifeboat.cli.backup.PurgeCommand;
import dev.lifeboat.cli.backup.UndeleteCommand;
import dev.lifeboat.cli.keys.KeysCommand;
import dev.lifeboat.cli.pointintime.ChangesCommand;
import dev.lifeboat.cli.pointintime.WindowCommand;
import dev.lifeboat.cli.restore.RestoreCommand;
import dev.lifeboat.cli.status.StatusCommand;
import dev.lifeboat.cli.verify.RestoreTestCommand;
import picocli.CommandLine;
import picocli.CommandLine.Command;

import java.io.PrintWriter;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.Callable;

/** {@code lifeboat}: the operator's command line. It talks to the services' REST APIs only. */
@Command(name = "lifeboat", mixinStandardHelpOptions = true, version = "lifeboat 0.1.0",
        description = "Backups, restores and restore tests of PostgreSQL, through the Lifeboat services' REST APIs.",
        subcommands = {StatusCommand.class, BackupCommand.class, BackupsCommand.class, UndeleteCommand.class, PurgeCommand.class, WindowCommand.class, ChangesCommand.class, RestoreCommand.class,
                RestoreTestCommand.class, AuditCommand.class, DeadLettersCommand.class, KeysCommand.class, CommandLine.HelpCommand.class},
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {"0:done (status: every database protected)", "1:the work failed (status: a database is at risk)",
                "2:a wrong command line", "3:a service refused the call or could not be reached",
                "4:the command line itself failed (an answer it could not read)"},
        footerHeading = "%nEnvironment:%n",
        footer = {"LIFEBOAT_TOKEN        the bearer token (./lifeboat mints one for the local stack)",
                "LIFEBOAT_<SERVICE>_URL where BACKUP, RESTORE, VERIFIER and AUDIT answer (default: the local stack, 127.0.0.1:8081-8085)"})
public final class Lifeboat implements Callable<Integer> {

    private final Context context;

    public Lifeboat(LifeboatApi api, PrintWriter out, Clock clock, Duration pollInterval) {
        this.context = new Context(api, out, clock, pollInterval);
    }

    public static void main(String[] args) {
        PrintWriter out = new PrintWriter(System.out, true);
        Lifeboat lifeboat = new Lifeboat(new HttpLifeboatApi(System.getenv()), out, Clock.systemUTC(), Duration.ofSeconds(1));
        System.exit(lifeboat.commandLine(new PrintWriter(System.err, true)).execute(args));
    }

    /**
     * The command line with its subcommands: a refused or unreachable service exits {@link ExitCodes#API} with one line, and
     * anything else that goes wrong {@link ExitCodes#FAILED}, never 1, which says the work failed or a database is at risk.
     */
    public CommandLine commandLine(PrintWriter err) {
        CommandLine line = new CommandLine(this, new WithContext());
        line.setOut(context.out());
        line.setErr(err);
        line.setExecutionExceptionHandler((e, commandLine, parsed) -> {
            if (e instanceof ApiFailure failure) {
                err.println("lifeboat: " + failure.getMessage());
                err.flush();
                return ExitCodes.API;
            }
            err.println("lifeboat: failed unexpectedly (" + e.getClass().getSimpleName() + ": " + e.getMessage() + ")");
            err.flush();
            return ExitCodes.FAILED;
        });
        return line;
    }

    /** {@code lifeboat} alone: the usage, and a usage error's exit status (a script that forgot its command fails). */
    @Override
    public Integer call() {
        new CommandLine(this, new WithContext()).usage(context.out());
        return ExitCodes.USAGE;
    }

    /** Makes each command with the {@link Context} (its constructor's one argument); anything else as picocli would. */
    private final class WithContext implements CommandLine.IFactory {
        @Override
        public <K> K create(Class<K> type) throws Exception {
            try {
                return type.getDeclaredConstructor(Context.class).newInstance(context);
            } catch (NoSuchMethodException notACommand) {
                return CommandLine.defaultFactory().create(type);
            }
        }
    }
}
