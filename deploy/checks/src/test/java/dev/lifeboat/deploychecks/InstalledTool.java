package dev.lifeboat.deploychecks;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A command-line tool the checks run (promtool, kubectl, docker-compose), found on the PATH. A missing tool is a
 * failure that says which Debian package has it ({@code .ci/run} installs them), never a skipped check.
 */
record InstalledTool(String command, String debianPackage) {

    static final InstalledTool PROMTOOL = new InstalledTool("promtool", "prometheus");

    /** @param output what the tool printed, standard output then standard error */
    record Run(int exitCode, String stdout, String stderr) {
        String output() {
            return stdout + stderr;
        }
    }

    private Path temporaryFile() {
        try {
            return Files.createTempFile(command, ".stderr");
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    Run run(Path workingDirectory, String... arguments) {
        List<String> commandLine = new ArrayList<>();
        commandLine.add(command);
        commandLine.addAll(List.of(arguments));
        Path errors = temporaryFile();
        try {
            try {
                Process process = new ProcessBuilder(commandLine).directory(workingDirectory.toFile())
                        .redirectError(ProcessBuilder.Redirect.to(errors.toFile())).start();
                process.getOutputStream().close();
                String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
                if (!process.waitFor(2, TimeUnit.MINUTES)) {
                    process.destroyForcibly();
                    throw new AssertionError(String.join(" ", commandLine) + " did not end within 2 minutes");
                }
                return new Run(process.exitValue(), output, Files.readString(errors));
            } finally {
                Files.deleteIfExists(errors);
            }
        } catch (IOException e) {
            throw new AssertionError(command + " is not installed: it comes with Debian's " + debianPackage
                    + " package (apt-get install " + debianPackage + "; .ci/run installs it)", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted while " + command + " ran", e);
        }
    }
}
