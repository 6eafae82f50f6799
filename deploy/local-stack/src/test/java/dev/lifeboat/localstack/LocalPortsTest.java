package dev.lifeboat.localstack;

import dev.lifeboat.realservers.RealServers;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class LocalPortsTest {

    private static final Pattern SUGGESTION = Pattern.compile("\\(e\\.g\\. LIFEBOAT_PORT_([A-Z_]+)=(\\d+), free now\\)$");

    @Test
    void withoutAnyOverrideEveryPortIsItsDefault() {
        LocalPorts ports = LocalPorts.of(Map.of());

        assertThat(LocalPorts.DEFAULTS).hasSize(13);
        LocalPorts.DEFAULTS.forEach((name, port) -> assertThat(ports.get(name)).as(name).isEqualTo(port));
        assertThat(ports.get("BACKUP")).isEqualTo(8081);
        assertThat(ports.get("POSTGRES")).isEqualTo(15432);
        assertThat(ports.get("PROMETHEUS")).isEqualTo(19090);
    }

    @Test
    void anOverrideReplacesOnlyThePortItNames() {
        LocalPorts ports = LocalPorts.of(Map.of("LIFEBOAT_PORT_POSTGRES", "25432"));

        assertThat(ports.get("POSTGRES")).isEqualTo(25432);
        assertThat(ports.get("S3")).isEqualTo(19000);
        assertThat(ports.get("BACKUP")).isEqualTo(8081);
    }

    @Test
    void anOverrideIsReadWithSurroundingSpacesStripped() {
        assertThat(LocalPorts.of(Map.of("LIFEBOAT_PORT_S3", " 29000 ")).get("S3")).isEqualTo(29000);
    }

    @Test
    void theLowestAndHighestPortNumbersAreAccepted() {
        LocalPorts ports = LocalPorts.of(Map.of("LIFEBOAT_PORT_SMTP", "1", "LIFEBOAT_PORT_IMAP", "65535"));

        assertThat(ports.get("SMTP")).isEqualTo(1);
        assertThat(ports.get("IMAP")).isEqualTo(65535);
    }

    @Test
    void aValueThatIsNotANumberIsRefusedNamingTheVariableAndTheValue() {
        assertThatThrownBy(() -> LocalPorts.of(Map.of("LIFEBOAT_PORT_POSTGRES", "abc")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("LIFEBOAT_PORT_POSTGRES must be a port number (1-65535), not 'abc'");
    }

    @Test
    void zeroIsRefusedAsAPort() {
        assertThatThrownBy(() -> LocalPorts.of(Map.of("LIFEBOAT_PORT_KAFKA", "0")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("LIFEBOAT_PORT_KAFKA must be a port number (1-65535), not '0'");
    }

    @Test
    void aPortAbove65535IsRefused() {
        assertThatThrownBy(() -> LocalPorts.of(Map.of("LIFEBOAT_PORT_AUDIT", "65536")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("LIFEBOAT_PORT_AUDIT must be a port number (1-65535), not '65536'");
    }

    @Test
    void aNegativePortIsRefused() {
        assertThatThrownBy(() -> LocalPorts.of(Map.of("LIFEBOAT_PORT_MAIL_API", "-1")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("LIFEBOAT_PORT_MAIL_API must be a port number (1-65535), not '-1'");
    }

    @Test
    void anEmptyValueIsRefusedRatherThanTakenAsTheDefault() {
        assertThatThrownBy(() -> LocalPorts.of(Map.of("LIFEBOAT_PORT_BACKUP", "")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("LIFEBOAT_PORT_BACKUP must be a port number (1-65535), not ''");
    }

    @Test
    void aVariableForAPortTheStackDoesNotHaveIsIgnored() {
        LocalPorts ports = LocalPorts.of(Map.of("LIFEBOAT_PORT_REDIS", "not a port"));

        LocalPorts.DEFAULTS.forEach((name, port) -> assertThat(ports.get(name)).as(name).isEqualTo(port));
    }

    @Test
    void eachServerKindGetsItsPortsInTheOrderItsHomeNamesThem() {
        LocalPorts ports = LocalPorts.of(Map.of());

        Map<RealServers.Kind, int[]> servers = ports.servers();

        assertThat(servers).containsOnlyKeys(RealServers.Kind.values());
        assertThat(servers.get(RealServers.Kind.KAFKA)).containsExactly(19092, 19093);
        assertThat(servers.get(RealServers.Kind.POSTGRES)).containsExactly(15432);
        assertThat(servers.get(RealServers.Kind.S3)).containsExactly(19000);
        assertThat(servers.get(RealServers.Kind.MAIL)).containsExactly(13025, 13143, 18025);
    }

    @Test
    void serversFollowOverriddenPorts() {
        LocalPorts ports = LocalPorts.of(Map.of("LIFEBOAT_PORT_KAFKA_CONTROLLER", "29093", "LIFEBOAT_PORT_IMAP", "23143"));

        assertThat(ports.servers().get(RealServers.Kind.KAFKA)).containsExactly(19092, 29093);
        assertThat(ports.servers().get(RealServers.Kind.MAIL)).containsExactly(13025, 23143, 18025);
    }

    @Test
    void whenEveryPortIsFreeNothingIsTakenAndNothingIsRefused() throws IOException {
        LocalPorts ports = LocalPorts.of(environmentOfFreePorts(Map.of()));

        assertThat(ports.taken(Set.of())).isEmpty();
        assertThat(ports.refusal(true)).isEmpty();
        assertThat(ports.refusal(false)).isEmpty();
    }

    @Test
    void aPortSomethingListensOnIsNamedAsTaken() throws IOException {
        try (ServerSocket held = listenOnLoopback()) {
            LocalPorts ports = LocalPorts.of(environmentOfFreePorts(Map.of("POSTGRES", held.getLocalPort())));

            assertThat(ports.taken(Set.of())).containsExactly("POSTGRES (" + held.getLocalPort() + ")");
        }
    }

    @Test
    void aTakenPortNamedUnusedIsNotReported() throws IOException {
        try (ServerSocket held = listenOnLoopback()) {
            LocalPorts ports = LocalPorts.of(environmentOfFreePorts(Map.of("POSTGRES", held.getLocalPort())));

            assertThat(ports.taken(Set.of("POSTGRES"))).isEmpty();
        }
    }

    @Test
    void theRefusalNamesTheTakenPortAndSuggestsAFreeOneOutsideTheStack() throws IOException {
        try (ServerSocket held = listenOnLoopback()) {
            int port = held.getLocalPort();
            Map<String, String> environment = environmentOfFreePorts(Map.of("POSTGRES", port));
            LocalPorts ports = LocalPorts.of(environment);

            Optional<String> refusal = ports.refusal(true);

            assertThat(refusal).isPresent();
            String message = refusal.get();
            assertThat(message).startsWith("Lifeboat did not start: something already listens on POSTGRES (" + port + ")."
                    + " Stop what holds it, or give Lifeboat other ports: LIFEBOAT_PORT_<NAME>=<port> ./lifeboat up");
            Matcher suggestion = SUGGESTION.matcher(message);
            assertThat(suggestion.find()).as(message).isTrue();
            assertThat(suggestion.group(1)).isEqualTo("POSTGRES");
            int suggested = Integer.parseInt(suggestion.group(2));
            assertThat(suggested).isBetween(1, 65535);
            assertThat(stackPorts(ports)).doesNotContain(suggested);
        }
    }

    @Test
    void twoTakenPortsAreListedInNameOrderAndTheHintIsForTheFirst() throws IOException {
        try (ServerSocket kafka = listenOnLoopback(); ServerSocket s3 = listenOnLoopback()) {
            LocalPorts ports = LocalPorts.of(environmentOfFreePorts(
                    Map.of("KAFKA", kafka.getLocalPort(), "S3", s3.getLocalPort())));

            assertThat(ports.taken(Set.of()))
                    .containsExactly("KAFKA (" + kafka.getLocalPort() + ")", "S3 (" + s3.getLocalPort() + ")");
            String message = ports.refusal(true).orElseThrow();
            assertThat(message).startsWith("Lifeboat did not start: something already listens on KAFKA (" + kafka.getLocalPort()
                    + "), S3 (" + s3.getLocalPort() + "). Stop what holds them, or give Lifeboat other ports");
            Matcher suggestion = SUGGESTION.matcher(message);
            assertThat(suggestion.find()).as(message).isTrue();
            assertThat(suggestion.group(1)).isEqualTo("KAFKA");
            assertThat(stackPorts(ports)).doesNotContain(Integer.parseInt(suggestion.group(2)));
        }
    }

    @Test
    void aTakenPrometheusPortCountsOnlyWhenPrometheusWillRun() throws IOException {
        try (ServerSocket held = listenOnLoopback()) {
            int port = held.getLocalPort();
            LocalPorts ports = LocalPorts.of(environmentOfFreePorts(Map.of("PROMETHEUS", port)));

            assertThat(ports.refusal(false)).isEmpty();
            assertThat(ports.refusal(true)).hasValueSatisfying(message -> assertThat(message)
                    .startsWith("Lifeboat did not start: something already listens on PROMETHEUS (" + port + ")."));
        }
    }

    /** A socket listening on loopback on a port the system picked; the caller closes it. */
    private static ServerSocket listenOnLoopback() throws IOException {
        return new ServerSocket(0, 50, InetAddress.getByName("127.0.0.1"));
    }

    /**
     * An environment that sets every port of the stack: the given ones as given, each other one to a port that was
     * free a moment ago (all picked at once, so they differ from each other and from the given ones).
     */
    private static Map<String, String> environmentOfFreePorts(Map<String, Integer> given) throws IOException {
        Map<String, String> environment = new HashMap<>();
        List<ServerSocket> picked = new ArrayList<>();
        try {
            for (String name : LocalPorts.DEFAULTS.keySet()) {
                Integer port = given.get(name);
                if (port == null) {
                    ServerSocket socket = new ServerSocket(0);
                    picked.add(socket);
                    port = socket.getLocalPort();
                }
                environment.put("LIFEBOAT_PORT_" + name, String.valueOf(port));
            }
        } finally {
            for (ServerSocket socket : picked) {
                socket.close();
            }
        }
        return environment;
    }

    private static Set<Integer> stackPorts(LocalPorts ports) {
        Set<Integer> all = new HashSet<>();
        LocalPorts.DEFAULTS.keySet().forEach(name -> all.add(ports.get(name)));
        return all;
    }
}
