package dev.lifeboat.realservers.process;


import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * One built Lifeboat service ({@code <module>/target/quarkus-app/quarkus-run.jar}) as a child JVM, its
 * configuration given as environment variables (so no secret shows in a process list), ready when
 * {@code /q/health/ready} answers 200. The local stack runs all five this way; a service's tests run
 * another service this way (the restore tests run the real backup service).
 */
public final class ServiceProcess implements AutoCloseable {

    private final ChildJvm jvm;
    private final int port;

    private ServiceProcess(ChildJvm jvm, int port) {
        this.jvm = jvm;
        this.port = port;
    }

    /**
     * @param root       the repository root
     * @param properties configuration keys ({@code kafka.bootstrap.servers}, …), turned into environment variables
     */
    public static ServiceProcess start(Path root, String module, int port, Map<String, String> properties, Path logs) {
        return start(root, module, port, properties, logs, List.of());
    }

    /**
     * As {@link #start(Path, String, int, Map, Path)}, with JVM options added (a crash test's debug port:
     * {@link ServiceDebugger#jvmOption}).
     */
    public static ServiceProcess start(Path root, String module, int port, Map<String, String> properties, Path logs,
                                       List<String> jvmOptions) {
        Path jar = root.resolve(module).resolve("target/quarkus-app/quarkus-run.jar");
        if (!Files.exists(jar)) {
            throw new IllegalStateException(jar + " is missing: build " + module + " first (./mvnw package, or ./lifeboat up)");
        }
        Map<String, String> environment = new HashMap<>();
        properties.forEach((key, value) -> environment.put(environmentName(key), value));
        environment.put("QUARKUS_HTTP_PORT", String.valueOf(port));
        // loopback only: a service started here is for this machine
        environment.put("QUARKUS_HTTP_HOST", LoopbackPorts.HOST);
        List<String> options = new java.util.ArrayList<>(List.of("-Xmx256m", "-XX:+UseSerialGC"));
        options.addAll(jvmOptions);
        ChildJvm jvm = ChildJvm.start(module, List.of(jar.toString()), options, environment,
                "io.quarkus.bootstrap.runner.QuarkusEntryPoint", List.of(), logs, Duration.ofSeconds(120), () -> isReady(port));
        return new ServiceProcess(jvm, port);
    }

    /** MicroProfile Config reads {@code QUARKUS_DATASOURCE_PASSWORD} for {@code quarkus.datasource.password}, and so on. */
    static String environmentName(String key) {
        return key.toUpperCase(Locale.ROOT).replaceAll("[^A-Z0-9]", "_");
    }

    public String url() {
        return "http://127.0.0.1:" + port;
    }

    /** The child JVM's process id (the benchmarks sample its resident memory). */
    public long pid() {
        return jvm.pid();
    }

    public String logTail() {
        return jvm.logTail();
    }

    private static boolean isReady(int port) {
        try {
            HttpResponse<Void> response = HttpClient.newHttpClient().send(
                    HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/q/health/ready")).timeout(Duration.ofSeconds(2)).build(),
                    HttpResponse.BodyHandlers.discarding());
            return response.statusCode() == 200;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    /**
     * Sends the service a signal by its pid: {@code STOP} freezes it as a long pause or a suspended VM would, its sockets
     * open; {@code CONT} lets it run on.
     */
    public void signal(String signal) {
        try {
            Process kill = new ProcessBuilder("kill", "-" + signal, String.valueOf(pid())).inheritIO().start();
            if (kill.waitFor() != 0) {
                throw new IllegalStateException("kill -" + signal + " " + pid() + " failed");
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while sending " + signal, e);
        }
    }

    /** Kills the service at once (SIGKILL), as a crash would, and waits until it is gone. */
    public void kill() {
        jvm.kill();
    }

    @Override
    public void close() {
        jvm.close();
    }
}
