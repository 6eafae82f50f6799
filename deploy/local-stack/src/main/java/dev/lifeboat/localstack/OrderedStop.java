package dev.lifeboat.localstack;

import dev.lifeboat.realservers.RealServers;
import dev.lifeboat.realservers.process.ServiceProcess;
import sun.misc.Signal;

import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Stops the stack in order, once: Prometheus, then the services side by side (each finishes its shutdown while Kafka and PostgreSQL
 * still answer, so no scheduler, relay or worker fails on a lost connection), then the servers. Ctrl-C (SIGINT) and
 * SIGTERM run it before the JVM begins to shut down: otherwise every shutdown hook (each child process's, the
 * PostgreSQL library's) would run at once, servers stopping under running services. Any other exit runs it as a shutdown
 * hook. The children run in sessions of their own ({@code OwnSession}), so a terminal's Ctrl-C reaches only this process.
 */
final class OrderedStop {

    private final AtomicBoolean begun = new AtomicBoolean();
    private final CountDownLatch done = new CountDownLatch(1);
    private final Path state;
    private final List<LocalPrometheus> watchers;
    private final List<ServiceProcess> services;
    private final RealServers servers;

    private OrderedStop(Path state, List<LocalPrometheus> watchers, List<ServiceProcess> services, RealServers servers) {
        this.state = state;
        this.watchers = watchers;
        this.services = services;
        this.servers = servers;
    }

    /**
     * Stops these (lists the stack fills as it starts things) on Ctrl-C, SIGTERM or any other exit of this JVM.
     */
    static OrderedStop install(Path state, List<LocalPrometheus> watchers, List<ServiceProcess> services, RealServers servers) {
        OrderedStop stop = new OrderedStop(state, watchers, services, servers);
        Runtime.getRuntime().addShutdownHook(new Thread(stop::run, "lifeboat-stop"));
        for (String name : List.of("INT", "TERM")) {
            Signal.handle(new Signal(name), signal -> {
                stop.run();
                System.exit(0);
            });
        }
        return stop;
    }

    /** Waits until the stack has been stopped. */
    void await() throws InterruptedException {
        done.await();
    }

    private void run() {
        if (!begun.compareAndSet(false, true)) {
            return;
        }
        System.out.println("\nStopping the services, then the servers (their data stays in " + state + ")…");
        watchers.forEach(LocalPrometheus::close);
        // the services side by side (none needs another to stop), all of them before any server
        services.parallelStream().forEach(ServiceProcess::close);
        servers.close();
        done.countDown();
    }
}
