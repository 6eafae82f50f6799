package dev.lifeboat.realservers.process;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

/**
 * A server running in a child JVM: started with its own classpath, its output in a log file,
 * stopped on {@link #close()} or when this JVM exits (a shutdown hook), and by itself when this
 * JVM dies ({@link ExitWhenParentDies}).
 */
public final class ChildJvm implements AutoCloseable {

    private final String name;
    private final Process process;
    private final Path log;
    private final Thread shutdownHook;

    private ChildJvm(String name, Process process, Path log) {
        this.name = name;
        this.process = process;
        this.log = log;
        this.shutdownHook = new Thread(this::stop, "stop-" + name);
        Runtime.getRuntime().addShutdownHook(shutdownHook);
    }

    /**
     * Starts {@code mainClass} with the given classpath and waits until {@code ready} holds.
     *
     * @throws IllegalStateException when the process exits or is not ready in time; the log's
     *                               tail is in the message
     */
    public static ChildJvm start(String name, List<String> classpath, List<String> jvmOptions, String mainClass,
            List<String> args, Path workDir, Duration timeout, BooleanSupplier ready) {
        return start(name, classpath, jvmOptions, Map.of(), mainClass, args, workDir, timeout, ready);
    }

    /** As {@link #start(String, List, List, String, List, Path, Duration, BooleanSupplier)}, with extra environment variables. */
    public static ChildJvm start(String name, List<String> classpath, List<String> jvmOptions, Map<String, String> environment,
            String mainClass, List<String> args, Path workDir, Duration timeout, BooleanSupplier ready) {
        Path log = workDir.resolve(name + ".log");
        ChildJvm child = new ChildJvm(name, launch(log, classpath, jvmOptions, environment, mainClass, args, workDir), log);
        child.awaitReady(timeout, ready);
        return child;
    }

    /**
     * Runs a command-line tool's {@code mainClass} to its end.
     *
     * @throws IllegalStateException when it fails or takes longer than {@code timeout}
     */
    public static void run(String name, List<String> classpath, List<String> jvmOptions, String mainClass,
            List<String> args, Path workDir, Duration timeout) {
        Path log = workDir.resolve(name + ".log");
        try (ChildJvm child = new ChildJvm(name, launch(log, classpath, jvmOptions, Map.of(), mainClass, args, workDir), log)) {
            boolean ended = child.process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS);
            if (!ended || child.process.exitValue() != 0) {
                throw new IllegalStateException(name + (ended ? " failed with code " + child.process.exitValue() : " timed out")
                        + "; log tail:\n" + child.logTail());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while running " + name, e);
        }
    }

    private static Process launch(Path log, List<String> classpath, List<String> jvmOptions, Map<String, String> environment,
            String mainClass, List<String> args, Path workDir) {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.addAll(jvmOptions);
        command.add("-Djava.io.tmpdir=" + workDir);
        command.add("-cp");
        List<String> fullClasspath = new ArrayList<>(classpath);
        fullClasspath.add(ownLocation());
        command.add(String.join(File.pathSeparator, fullClasspath));
        command.add(ExitWhenParentDies.class.getName());
        command.add(mainClass);
        command.addAll(args);
        try {
            ProcessBuilder builder = new ProcessBuilder(OwnSession.command(command));
            builder.environment().putAll(environment);
            return builder
                    .directory(workDir.toFile())
                    .redirectErrorStream(true)
                    .redirectOutput(log.toFile())
                    .start();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start " + mainClass, e);
        }
    }

    private void awaitReady(Duration timeout, BooleanSupplier ready) {
        Instant deadline = Instant.now().plus(timeout);
        while (!ready.getAsBoolean()) {
            if (!process.isAlive()) {
                close();
                throw new IllegalStateException(name + " exited with code " + process.exitValue() + "; log tail:\n" + logTail());
            }
            if (Instant.now().isAfter(deadline)) {
                close();
                throw new IllegalStateException(name + " not ready after " + timeout + "; log tail:\n" + logTail());
            }
            try {
                Thread.sleep(50);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                close();
                throw new IllegalStateException("interrupted while starting " + name, e);
            }
        }
    }

    /** Whether the log contains the given text (servers that announce readiness in their log). */
    public static boolean logContains(Path log, String text) {
        try {
            return Files.exists(log) && Files.readString(log).contains(text);
        } catch (IOException e) {
            return false;
        }
    }

    public String logTail() {
        try {
            List<String> lines = Files.readAllLines(log);
            return String.join("\n", lines.subList(Math.max(0, lines.size() - 30), lines.size()));
        } catch (IOException e) {
            return "(no log: " + e.getMessage() + ")";
        }
    }

    public long pid() {
        return process.pid();
    }

    public boolean isAlive() {
        return process.isAlive();
    }

    /** Kills the process at once (SIGKILL), as a crash or {@code kill -9} would, and waits until it is gone. */
    public void kill() {
        try {
            process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        close();
    }

    /** Asks the server to stop (SIGTERM), then kills it if it has not stopped within 15 s. */
    private void stop() {
        if (!process.isAlive()) {
            return;
        }
        process.destroy();
        try {
            if (!process.waitFor(15, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public void close() {
        stop();
        try {
            Runtime.getRuntime().removeShutdownHook(shutdownHook);
        } catch (IllegalStateException alreadyShuttingDown) {
            // the hook is running or has run
        }
    }

    private static String ownLocation() {
        try {
            return Path.of(ExitWhenParentDies.class.getProtectionDomain().getCodeSource().getLocation().toURI()).toString();
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public String toString() {
        return name + " (pid " + process.pid() + ")";
    }
}
