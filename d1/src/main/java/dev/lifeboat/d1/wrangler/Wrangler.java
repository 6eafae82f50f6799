package dev.lifeboat.d1.wrangler;

import dev.lifeboat.d1.D1Location;
import dev.lifeboat.d1.WorkFolder;
import dev.lifeboat.runtime.process.ChildProcess;
import dev.lifeboat.runtime.process.OutputTail;
import dev.lifeboat.runtime.secret.DatabaseSecrets;
import dev.lifeboat.runtime.secret.Redaction;
import dev.lifeboat.runtime.secret.SecretUnavailableException;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * {@code wrangler d1 ...} as a child process, as {@code pg_dump} is PostgreSQL's: against a local database
 * ({@code --local}, in its folder) or a remote one ({@code --remote}, with the API token and account id in the child's
 * environment, never on its command line). What wrangler prints is redacted of the token before anyone sees it.
 */
public final class Wrangler {

    /** The longest answer a command may print (its JSON rows); a longer one is refused, never cut. */
    static final int MOST_ANSWER = 64 * 1024 * 1024;

    private final String executable;
    private final Duration timeout;
    private final DatabaseSecrets secrets;

    /**
     * @param executable the {@code wrangler} to run (the project installs it from {@code d1/wrangler/package-lock.json})
     * @param timeout    the longest one command may take before it is stopped
     * @param secrets    what a remote database's token reference may name
     */
    public Wrangler(String executable, Duration timeout, DatabaseSecrets secrets) {
        this.executable = executable;
        this.timeout = timeout;
        this.secrets = secrets;
    }

    /** A finished command's output, redacted. */
    public record Output(String stdout, String stderr) {
    }

    /** Runs {@code wrangler d1 <arguments> --local|--remote} and waits for it; a non-zero exit is a {@link WranglerFailure}. */
    public Output run(D1Location database, List<String> arguments) throws WranglerFailure {
        try (Started started = start(database, arguments, ProcessBuilder.Redirect.PIPE)) {
            OutputTail stdout = OutputTail.whole(started.process().getInputStream(), "wrangler-stdout", MOST_ANSWER);
            started.awaitExit(timeout);
            String out = started.redact(stdout.text());
            String err = started.stderrText();
            if (started.process().exitValue() != 0) {
                throw started.failure(out + "\n" + err);
            }
            if (stdout.overflowed()) {
                throw new WranglerFailure(WranglerFailure.Reason.FAILED, "wrangler's answer from " + database + " is over "
                        + MOST_ANSWER / (1024 * 1024) + " MiB: ask for less at once");
            }
            return new Output(out, err);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new WranglerFailure(WranglerFailure.Reason.FAILED, "interrupted while waiting for wrangler");
        }
    }

    /** Starts {@code wrangler d1 <arguments> --local|--remote}, its stdout to {@code stdout}. */
    public Started start(D1Location database, List<String> arguments, ProcessBuilder.Redirect stdout) throws WranglerFailure {
        String token = token(database);
        List<String> command = new ArrayList<>(List.of(executable, "d1"));
        command.addAll(arguments);
        command.add(database.local() ? "--local" : "--remote");
        ProcessBuilder builder = new ProcessBuilder(command).redirectOutput(stdout);
        WorkFolder configuration = null;
        try {
            if (database.local()) {
                WranglerConfig.ensureListed(database.localFolder(), database.name(), database.databaseId());
                builder.directory(database.localFolder().toFile());
            } else {
                configuration = WranglerConfig.forOneCommand(database);
                builder.directory(configuration.path().toFile());
            }
        } catch (IOException e) {
            throw new WranglerFailure(WranglerFailure.Reason.FAILED, "cannot write the wrangler configuration for " + database + ": "
                    + e.getMessage());
        }
        Map<String, String> environment = builder.environment();
        environment.keySet().removeIf(name -> name.startsWith("CLOUDFLARE_") || name.startsWith("CF_"));
        environment.put("CI", "true");
        environment.put("WRANGLER_SEND_METRICS", "false");
        environment.put("NO_COLOR", "1");
        environment.put("FORCE_COLOR", "0");
        if (!database.local()) {
            environment.put("CLOUDFLARE_API_TOKEN", token);
            environment.put("CLOUDFLARE_ACCOUNT_ID", database.accountId());
        }
        try {
            Process process = builder.start();
            process.getOutputStream().close();
            return new Started(process, OutputTail.follow(process.getErrorStream(), "wrangler-stderr"), token, database, configuration);
        } catch (IOException e) {
            if (configuration != null) {
                configuration.close();
            }
            throw new WranglerFailure(WranglerFailure.Reason.NOT_INSTALLED, "cannot start " + executable
                    + " (install it with npm ci in d1/wrangler, or set lifeboat.d1.wrangler): " + e.getMessage());
        }
    }

    private String token(D1Location database) throws WranglerFailure {
        if (database.local()) {
            return null;
        }
        try {
            return secrets.passwordOf(database.credentialRef());
        } catch (SecretUnavailableException e) {
            throw new WranglerFailure(WranglerFailure.Reason.AUTHENTICATION_FAILED, "the API token of " + database + " is unavailable: "
                    + e.getMessage());
        }
    }

    /** A running wrangler. */
    public static final class Started implements AutoCloseable {
        private final Process process;
        private final OutputTail stderr;
        private final String token;
        private final D1Location database;
        private final WorkFolder configuration;

        /** @param configuration a remote command's configuration folder, removed with the command; null for a local database */
        Started(Process process, OutputTail stderr, String token, D1Location database, WorkFolder configuration) {
            this.process = process;
            this.stderr = stderr;
            this.token = token;
            this.database = database;
            this.configuration = configuration;
        }

        public Process process() {
            return process;
        }

        /** Waits for the exit; a non-zero exit (or none in time) is a failure whose message is wrangler's reason. */
        public void awaitSuccess(Duration timeout) throws WranglerFailure, InterruptedException {
            awaitExit(timeout);
            if (process.exitValue() != 0) {
                throw failure(stderrText());
            }
        }

        void awaitExit(Duration timeout) throws WranglerFailure, InterruptedException {
            if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                stop();
                throw new WranglerFailure(WranglerFailure.Reason.TIMED_OUT, "wrangler took longer than " + timeout + " with " + database
                        + " and was stopped");
            }
        }

        WranglerFailure failure(String output) {
            return new WranglerFailure(WranglerErrors.reasonOf(output), "wrangler failed with " + database + ": "
                    + WranglerErrors.essence(output));
        }

        String stderrText() throws InterruptedException {
            return redact(stderr.text());
        }

        String redact(String text) {
            return Redaction.redact(text, token);
        }

        public void stop() {
            ChildProcess.stop(process);
        }

        @Override
        public void close() {
            stop();
            if (configuration != null) {
                configuration.close();
            }
        }
    }
}
