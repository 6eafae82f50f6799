package dev.lifeboat.localstack;

import dev.lifeboat.realservers.wrangler.InstalledWrangler;
import dev.lifeboat.realservers.process.ServiceProcess;

import dev.lifeboat.realservers.RealServers;
import dev.lifeboat.realservers.postgres.PostgresServer;
import dev.lifeboat.realservers.tokens.LocalTokens;
import dev.lifeboat.realservers.tokens.SigningKeys;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * The whole of Lifeboat on this machine, without Docker: the real servers, then the five services
 * as separate processes, each given its connection settings through environment variables (so no
 * secret shows in a process list). Runs until Ctrl-C, then stops the services and the servers.
 * Everything the servers hold stays in the state folder ({@code .lifeboat/}: PostgreSQL's data directory, the bucket,
 * Kafka's log, the keys), and every port is fixed ({@link LocalPorts}), so a restart finds what the last run left;
 * a port something else holds stops it before anything starts.
 * Usage: {@code LocalStack <repository root> <state folder>}; {@code ./lifeboat up} calls it.
 */
public final class LocalStack {

    /** The services, in start order, with the name of the port each listens on ({@link LocalPorts}). */
    private static final List<Service> SERVICES = List.of(
            new Service("backup-service", "BACKUP", "/api/backups"),
            new Service("restore-service", "RESTORE", "/api/restores"),
            new Service("verifier-service", "VERIFIER", "/api/verifications"),
            new Service("notifier-service", "NOTIFIER", "/api/notifications"),
            new Service("audit-service", "AUDIT", "/api/audit"));

    private record Service(String name, String port, String api) {
    }

    private LocalStack() {
    }

    public static void main(String[] args) throws InterruptedException {
        Path root = Path.of(args.length > 0 ? args[0] : ".").toAbsolutePath().normalize();
        Path state = Path.of(args.length > 1 ? args[1] : ".lifeboat").toAbsolutePath().normalize();
        LocalPorts ports;
        try {
            ports = LocalPorts.of(System.getenv());
        } catch (IllegalArgumentException e) {
            System.err.println(e.getMessage());
            System.exit(2);
            return;
        }
        Optional<Path> prometheusInstalled = LocalPrometheus.installed();
        Optional<String> refused = ports.refusal(prometheusInstalled.isPresent());
        if (refused.isPresent()) {
            System.err.println(refused.get());
            System.exit(1);
            return;
        }
        boolean earlier = Files.exists(state.resolve("postgres/data"));
        SigningKeys keys = SigningKeys.in(state.resolve("keys"));
        Path logs = RunLogs.newRun(state.resolve("logs"));

        System.out.println((earlier ? "Starting again with the state of the last run (" + state + "): " : "Starting ")
                + "Kafka, PostgreSQL 15, S3Proxy and GreenMail on loopback…");
        RealServers servers = RealServers.startKept(state, ports.servers());
        List<ServiceProcess> services = new CopyOnWriteArrayList<>(); // read by a Ctrl-C during the start
        List<LocalPrometheus> watchers = new CopyOnWriteArrayList<>();
        OrderedStop stop = OrderedStop.install(state, watchers, services, servers);
        try {
            LocalTopics.ensure(servers.kafka().orElseThrow().bootstrapServers(), root.resolve("deploy/kafka/topics.txt"));
        } catch (IOException e) {
            System.err.println("Lifeboat did not start: " + e.getMessage());
            System.exit(1);
        }

        Map<String, String> properties = properties(servers, keys);
        properties.putAll(scratchServer(servers.postgres().orElseThrow(), state));
        properties.putAll(mailRecipients());
        properties.putAll(ArchiveKey.properties(state));
        Path databaseSecrets = state.resolve("db-secrets");
        properties.put("lifeboat.database-secrets.folder", databaseSecrets.toAbsolutePath().toString());
        String wrangler = InstalledWrangler.executable();
        properties.put("lifeboat.d1.wrangler", wrangler);
        // the local stack serves each API's description and Swagger UI (deployments do not, by default)
        properties.put("lifeboat.api.docs", "true");
        boolean demoCreated = DemoDatabase.createIfMissing(servers.postgres().orElseThrow());
        boolean d1DemoCreated = DemoD1Database.createIfMissing(wrangler, state);
        for (Service service : SERVICES) {
            System.out.printf("Starting %s on port %d…%n", service.name(), ports.get(service.port()));
            services.add(ServiceProcess.start(root, service.name(), ports.get(service.port()), properties, logs));
        }
        if (prometheusInstalled.isPresent()) {
            System.out.printf("Starting Prometheus on port %d…%n", ports.get("PROMETHEUS"));
            LocalPrometheus prometheus = LocalPrometheus.start(prometheusInstalled.get(), root, state, ports.get("PROMETHEUS"),
                    SERVICES.stream().map(service -> ports.get(service.port())).toList());
            watchers.add(prometheus);
        }
        registerOnce(state.resolve("demo.registered"), demoCreated, DemoDatabase.ID, ports.get("BACKUP"),
                DemoDatabase.registration(servers.postgres().orElseThrow().port(),
                        secretFile(databaseSecrets, servers.postgres().orElseThrow().superuserPassword())), keys);
        registerOnce(state.resolve("portal.registered"), d1DemoCreated, DemoD1Database.ID, ports.get("BACKUP"),
                DemoD1Database.registration(state), keys);
        printWhereEverythingListens(servers, keys, logs, ports, state, watchers);
        stop.await();
    }

    /** A demo database registered once: on the start that made it, or on the next if that start was stopped before it got this far. */
    private static void registerOnce(Path registered, boolean created, String id, int backupPort, String body, SigningKeys keys) {
        if (created || !Files.exists(registered)) {
            System.out.println("Registering the demo database " + id + "…");
            DemoDatabase.register(backupPort, id, body, keys);
            try {
                Files.writeString(registered, id + "\n");
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }

    /** The configuration every service is given: where the servers are, and the token-verification key. */
    public static Map<String, String> properties(RealServers servers, SigningKeys keys) {
        Map<String, String> properties = new HashMap<>(servers.settings());
        properties.putAll(LocalTokens.verification(keys));
        return properties;
    }

    /** The notifier's email channels, so failures and maintenance notices land in the local GreenMail (see its mail API). */
    private static Map<String, String> mailRecipients() {
        return Map.of("lifeboat.notifier.channels.email.recipients", "oncall@lifeboat.local",
                "lifeboat.notifier.channels.stakeholders.recipients", "team@lifeboat.local");
    }

    /** The verifier's restore tests restore into scratch databases on the local PostgreSQL, as its superuser (password in a file). */
    private static Map<String, String> scratchServer(PostgresServer postgres, Path state) {
        Path password = secretFile(state, postgres.superuserPassword());
        return Map.of("lifeboat.verifier.scratch.host", postgres.host(), "lifeboat.verifier.scratch.port", String.valueOf(postgres.port()),
                "lifeboat.verifier.scratch.username", postgres.superuser(), "lifeboat.verifier.scratch.credential-ref", "file:" + password);
    }

    /**
     * The local superuser's password in {@code folder} (readable by this user only): the verifier's scratch server names
     * the one in the state folder, the demo registration the one in the folder registrations may name.
     */
    private static Path secretFile(Path folder, String password) {
        try {
            Path file = Files.createDirectories(folder).resolve("superuser.password");
            Files.writeString(file, password);
            file.toFile().setReadable(false, false);
            file.toFile().setReadable(true, true);
            return file;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void printWhereEverythingListens(RealServers servers, SigningKeys keys, Path logs, LocalPorts ports, Path state,
                                                    List<LocalPrometheus> watchers) {
        StringBuilder text = new StringBuilder("\nLifeboat is up. Ctrl-C stops everything; its state stays in " + state
                + " for the next ./lifeboat up (./lifeboat reset wipes it).\n\n");
        text.append(String.format("  %-17s %-24s %s%n", "service", "url", "try"));
        for (Service service : SERVICES) {
            String url = "http://127.0.0.1:" + ports.get(service.port());
            text.append(String.format("  %-17s %-24s %s/q/swagger-ui  (API %s)%n", service.name(), url, url, service.api()));
        }
        text.append("\n  Kafka             ").append(servers.kafka().orElseThrow().bootstrapServers()).append('\n');
        text.append("  PostgreSQL 15     ").append(servers.postgres().orElseThrow().jdbcUrl("lifeboat")).append('\n');
        text.append("  S3 (S3Proxy)      ").append(servers.s3().orElseThrow().endpoint()).append("  bucket ").append(RealServers.BUCKET).append('\n');
        text.append("  SMTP (GreenMail)  127.0.0.1:").append(servers.mail().orElseThrow().smtpPort())
                .append("  mail API ").append(servers.mail().orElseThrow().apiUrl()).append('\n');
        watchers.forEach(prometheus -> text.append("  Prometheus        ").append(prometheus.url())
                .append("  (alerts: ").append(prometheus.url()).append("/alerts)\n"));
        if (watchers.isEmpty()) {
            text.append("  Prometheus        not installed (apt-get install prometheus): ./lifeboat up starts it with the alert rules when it is\n");
        }
        text.append("\n  Demo:  ").append(DemoDatabase.ID).append(" (database ").append(DemoDatabase.NAME)
                .append(" on the PostgreSQL above) and ").append(DemoD1Database.ID).append(" (a local D1 database ")
                .append(DemoD1Database.NAME).append(" in ").append(DemoD1Database.folder(state)).append("), backed up daily;\n")
                .append("         backups are encrypted with the key in ").append(state.resolve("keys")).append('\n');
        text.append("  Logs:  ").append(logs).append('\n');
        text.append("  Token: ./lifeboat token admin      (roles: viewer, operator, admin; key ").append(keys.publicKeyFile()).append(")\n");
        text.append("  e.g.   curl -H \"Authorization: Bearer $(./lifeboat token operator)\" -H 'Content-Type: application/json' \\\n")
                .append("           -d '{\"databaseId\":\"orders-db\"}' http://127.0.0.1:" + ports.get("BACKUP") + "/api/backups\n");
        System.out.println(text);
    }
}
