package dev.lifeboat.localstack;

import dev.lifeboat.realservers.process.OwnSession;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * Prometheus beside the local stack, when it is installed (Debian: {@code apt-get install prometheus}): it scrapes the
 * five services every 5 s as job {@code lifeboat} and loads the shipped alert rules ({@code deploy/prometheus}), so a
 * user sees the alerts, and the dashboards' queries can be tried, against the stack's real metrics. Its data stays in
 * {@code .lifeboat/prometheus}; it is stopped with the stack (by its process, never by name).
 */
final class LocalPrometheus implements AutoCloseable {

    private final Process process;
    private final int port;

    private LocalPrometheus(Process process, int port) {
        this.process = process;
        this.port = port;
    }

    /** The {@code prometheus} on the PATH, if there is one. */
    static Optional<Path> installed() {
        String path = System.getenv().getOrDefault("PATH", "");
        for (String dir : path.split(File.pathSeparator)) {
            Path candidate = Path.of(dir.isEmpty() ? "." : dir, "prometheus");
            if (Files.isExecutable(candidate)) {
                return Optional.of(candidate);
            }
        }
        return Optional.empty();
    }

    /** Starts it on 127.0.0.1:{@code port}, scraping the services on {@code servicePorts}; waits until it answers. */
    static LocalPrometheus start(Path executable, Path root, Path state, int port, List<Integer> servicePorts) {
        Path home = state.resolve("prometheus");
        try {
            Files.createDirectories(home.resolve("data"));
            String targets = String.join(", ", servicePorts.stream().map(p -> "'127.0.0.1:" + p + "'").toList());
            Files.writeString(home.resolve("prometheus.yml"), String.join("\n",
                    "# Written by ./lifeboat up on each start: the local stack's services, and the shipped alert rules.",
                    "global:",
                    "  scrape_interval: 5s",
                    "  evaluation_interval: 5s",
                    "rule_files:",
                    "  - " + root.resolve("deploy/prometheus/lifeboat-alerts.yml"),
                    "scrape_configs:",
                    "  - job_name: lifeboat",
                    "    metrics_path: /q/metrics",
                    "    static_configs:",
                    "      - targets: [" + targets + "]",
                    ""));
            Process process = new ProcessBuilder(OwnSession.command(List.of(executable.toString(), "--config.file=" + home.resolve("prometheus.yml"),
                    "--storage.tsdb.path=" + home.resolve("data"), "--web.listen-address=127.0.0.1:" + port,
                    "--storage.tsdb.retention.time=7d")))
                    .redirectErrorStream(true).redirectOutput(home.resolve("prometheus.log").toFile()).start();
            LocalPrometheus prometheus = new LocalPrometheus(process, port);
            prometheus.awaitReady(home);
            return prometheus;
        } catch (IOException e) {
            throw new UncheckedIOException("Prometheus did not start", e);
        }
    }

    private void awaitReady(Path home) throws IOException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new IllegalStateException("Prometheus exited: " + Files.readString(home.resolve("prometheus.log")));
            }
            if (dev.lifeboat.realservers.process.LoopbackPorts.accepts(port)) {
                return;
            }
            try {
                Thread.sleep(200);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted waiting for Prometheus", e);
            }
        }
        throw new IllegalStateException("Prometheus did not listen on port " + port + " within 60 s");
    }

    String url() {
        return "http://127.0.0.1:" + port;
    }

    @Override
    public void close() {
        process.destroy();
        try {
            if (!process.waitFor(20, TimeUnit.SECONDS)) {
                process.destroyForcibly();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            process.destroyForcibly();
        }
    }
}
