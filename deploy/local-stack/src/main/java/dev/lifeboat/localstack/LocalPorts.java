package dev.lifeboat.localstack;

import dev.lifeboat.realservers.RealServers;
import dev.lifeboat.realservers.process.LoopbackPorts;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The local stack's ports: the same on every start, so what a user saved (a URL, a client's settings) keeps working,
 * each one changeable with an environment variable {@code LIFEBOAT_PORT_<NAME>} (e.g. {@code LIFEBOAT_PORT_POSTGRES=25432}).
 */
final class LocalPorts {

    /** Each port's name, with its default. */
    static final Map<String, Integer> DEFAULTS = defaults();

    private final Map<String, Integer> ports;

    private LocalPorts(Map<String, Integer> ports) {
        this.ports = ports;
    }

    private static Map<String, Integer> defaults() {
        Map<String, Integer> ports = new LinkedHashMap<>();
        ports.put("BACKUP", 8081);
        ports.put("RESTORE", 8082);
        ports.put("VERIFIER", 8083);
        ports.put("NOTIFIER", 8084);
        ports.put("AUDIT", 8085);
        ports.put("KAFKA", 19092);
        ports.put("KAFKA_CONTROLLER", 19093);
        ports.put("POSTGRES", 15432);
        ports.put("S3", 19000);
        ports.put("SMTP", 13025);
        ports.put("IMAP", 13143);
        ports.put("MAIL_API", 18025);
        ports.put("PROMETHEUS", 19090);
        return Map.copyOf(ports);
    }

    /** The defaults, each replaced by its {@code LIFEBOAT_PORT_<NAME>} when set. */
    static LocalPorts of(Map<String, String> environment) {
        Map<String, Integer> ports = new LinkedHashMap<>();
        for (String name : defaults().keySet().stream().sorted().toList()) {
            String set = environment.get("LIFEBOAT_PORT_" + name);
            try {
                int port = set == null ? DEFAULTS.get(name) : Integer.parseInt(set.strip());
                if (port < 1 || port > 65535) {
                    throw new NumberFormatException();
                }
                ports.put(name, port);
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("LIFEBOAT_PORT_" + name + " must be a port number (1-65535), not '" + set + "'");
            }
        }
        return new LocalPorts(ports);
    }

    int get(String name) {
        return ports.get(name);
    }

    /** Each server's ports, in the order its home names them. */
    Map<RealServers.Kind, int[]> servers() {
        Map<RealServers.Kind, int[]> servers = new EnumMap<>(RealServers.Kind.class);
        servers.put(RealServers.Kind.KAFKA, new int[]{get("KAFKA"), get("KAFKA_CONTROLLER")});
        servers.put(RealServers.Kind.POSTGRES, new int[]{get("POSTGRES")});
        servers.put(RealServers.Kind.S3, new int[]{get("S3")});
        servers.put(RealServers.Kind.MAIL, new int[]{get("SMTP"), get("IMAP"), get("MAIL_API")});
        return servers;
    }

    /**
     * The ports something already listens on (or that cannot be bound on loopback), each as {@code NAME (port)}.
     *
     * @param unused names of ports nothing will listen on this time (Prometheus, when it is not installed)
     */
    List<String> taken(java.util.Set<String> unused) {
        return ports.entrySet().stream().filter(port -> !unused.contains(port.getKey()) && !free(port.getValue()))
                .map(port -> port.getKey() + " (" + port.getValue() + ")").toList();
    }

    /**
     * Why the stack cannot start on these ports, if it cannot: something already listens on one. The hint names a port
     * that is free now for the first one taken.
     *
     * @param prometheus whether Prometheus will run (installed), so its port counts
     */
    java.util.Optional<String> refusal(boolean prometheus) {
        List<String> taken = taken(prometheus ? java.util.Set.of() : java.util.Set.of("PROMETHEUS"));
        if (taken.isEmpty()) {
            return java.util.Optional.empty();
        }
        String first = taken.get(0).split(" ")[0];
        return java.util.Optional.of("Lifeboat did not start: something already listens on " + String.join(", ", taken) + ". Stop what holds "
                + (taken.size() == 1 ? "it" : "them") + ", or give Lifeboat other ports: LIFEBOAT_PORT_<NAME>=<port> ./lifeboat up"
                + " (e.g. LIFEBOAT_PORT_" + first + "=" + freeNear(20000 + get(first) % 10000) + ", free now)");
    }

    /** The first port from {@code preferred} on that is free now and none of the stack's. */
    private int freeNear(int preferred) {
        for (int port = preferred; port < preferred + 1000 && port < 65536; port++) {
            if (!ports.containsValue(port) && free(port)) {
                return port;
            }
        }
        return LoopbackPorts.free();
    }

    /**
     * Checks the ports before {@code ./lifeboat up} builds anything (so a clash is found in a second, not after the
     * build): exit 0 when all are free, else 3 with why; 2 for a {@code LIFEBOAT_PORT_<NAME>} that is not a port.
     */
    public static void main(String[] args) {
        try {
            java.util.Optional<String> refused = of(System.getenv()).refusal(LocalPrometheus.installed().isPresent());
            refused.ifPresent(System.err::println);
            System.exit(refused.isPresent() ? 3 : 0);
        } catch (IllegalArgumentException e) {
            System.err.println(e.getMessage());
            System.exit(2);
        }
    }

    private static boolean free(int port) {
        try (ServerSocket socket = new ServerSocket(port, 1, InetAddress.getByName(LoopbackPorts.HOST))) {
            return true;
        } catch (IOException e) {
            return false;
        }
    }
}
