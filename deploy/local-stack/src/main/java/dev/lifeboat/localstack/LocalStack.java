package dev.lifeboat.localstack;

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
import java.util.concurrent.CountDownLatch;

/**
 * The whole of Lifeboat on this machine, without Docker: the real servers, then the five services
 * as separate processes, each given its connection settings through environment variables (so no
 * secret shows in a process list). Runs until Ctrl-C, then stops the services and the servers.
 * Usage: {@code LocalStack <repository root> <state folder>}; {@code ./lifeboat up} calls it.
 */
public final class LocalStack {

    /** The services, in start order, with the port each listens on. */
    private static final List<Service> SERVICES = List.of(
            new Service("backup-service", 8081, "/api/backups"),
            new Service("restore-service", 8082, "/api/restores"),
            new Service("verifier-service", 8083, "/api/verifications"),
            new Service("notifier-service", 8084, "/api/notifications"),
            new Service("audit-service", 8085, "/api/audit"));

    private record Service(String name, int port, String api) {
        String url() {
            return "http://127.0.0.1:" + port;
        }
    }

    private LocalStack() {
    }

    public static void main(String[] args) throws InterruptedException {
        Path root = Path.of(args.length > 0 ? args[0] : ".").toAbsolutePath().normalize();
        Path state = Path.of(args.length > 1 ? args[1] : ".lifeboat").toAbsolutePath().normalize();
        SigningKeys keys = SigningKeys.in(state.resolve("keys"));
        Path logs = createDirectories(state.resolve("logs"));

        System.out.println("Starting Kafka, PostgreSQL 15, S3Proxy and GreenMail on loopback…");
        RealServers servers = RealServers.startAll();
        List<ServiceProcess> services = new ArrayList<>();
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            System.out.println("\nStopping the services and the servers…");
            services.forEach(ServiceProcess::close);
            servers.close();
            stopped.countDown();
        }, "lifeboat-stop"));

        Map<String, String> properties = properties(servers, keys);
        properties.putAll(scratchServer(servers.postgres().orElseThrow(), state));
        properties.putAll(mailRecipients());
        for (Service service : SERVICES) {
            System.out.printf("Starting %s on port %d…%n", service.name(), service.port());
            services.add(ServiceProcess.start(root, service.name(), service.port(), properties, logs));
        }
        printWhereEverythingListens(servers, keys, logs);
        stopped.await();
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
        try {
            Path password = state.resolve("superuser.password");
            Files.writeString(password, postgres.superuserPassword());
            return Map.of("lifeboat.verifier.scratch.host", postgres.host(), "lifeboat.verifier.scratch.port", String.valueOf(postgres.port()),
                    "lifeboat.verifier.scratch.username", postgres.superuser(), "lifeboat.verifier.scratch.credential-ref", "file:" + password);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void printWhereEverythingListens(RealServers servers, SigningKeys keys, Path logs) {
        StringBuilder text = new StringBuilder("\nLifeboat is up. Ctrl-C stops everything.\n\n");
        text.append(String.format("  %-17s %-24s %s%n", "service", "url", "try"));
        for (Service service : SERVICES) {
            text.append(String.format("  %-17s %-24s %s/q/swagger-ui  (API %s)%n", service.name(), service.url(), service.url(), service.api()));
        }
        text.append("\n  Kafka             ").append(servers.kafka().orElseThrow().bootstrapServers()).append('\n');
        text.append("  PostgreSQL 15     ").append(servers.postgres().orElseThrow().jdbcUrl("lifeboat")).append('\n');
        text.append("  S3 (S3Proxy)      ").append(servers.s3().orElseThrow().endpoint()).append("  bucket ").append(RealServers.BUCKET).append('\n');
        text.append("  SMTP (GreenMail)  127.0.0.1:").append(servers.mail().orElseThrow().smtpPort())
                .append("  mail API ").append(servers.mail().orElseThrow().apiUrl()).append('\n');
        text.append("\n  Logs:  ").append(logs).append('\n');
        text.append("  Token: ./lifeboat token admin      (roles: viewer, operator, admin; key ").append(keys.publicKeyFile()).append(")\n");
        text.append("  e.g.   curl -H \"Authorization: Bearer $(./lifeboat token operator)\" -H 'Content-Type: application/json' \\\n")
                .append("           -d '{\"databaseId\":\"orders-db\"}' http://127.0.0.1:8081/api/backups\n");
        System.out.println(text);
    }

    private static Path createDirectories(Path dir) {
        try {
            return Files.createDirectories(dir);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
