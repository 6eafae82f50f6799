package dev.lifeboat.realservers.stack;

import dev.lifeboat.realservers.RealServers;
import dev.lifeboat.realservers.kafka.KafkaProbe;
import dev.lifeboat.realservers.postgres.PostgresServer;
import dev.lifeboat.realservers.process.ChildJvm;
import dev.lifeboat.realservers.process.LoopbackPorts;
import dev.lifeboat.realservers.tokens.LocalTokens;
import dev.lifeboat.realservers.tokens.SigningKeys;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The backup benchmark ({@code bench/backup-benchmark}; not a test). Starts Kafka, PostgreSQL 15 and
 * S3Proxy, the built backup-service, generates databases with pgbench and with random text and numbers,
 * backs each up through the API and times request → {@code BackupCompleted} on Kafka, against the anchor
 * {@code pg_dump -Fc -Z0 | zstd -1 -T2 > /dev/null} on the same database (and pgBackRest when installed),
 * sampling the service's resident memory during each backup.
 */
public final class BackupBenchmark {

    private static final Pattern CORRELATION = Pattern.compile("\"requestId\"\\s*:\\s*\"([^\"]+)\"");

    private record Result(String database, long sizeMb, double serviceSeconds, double anchorSeconds, String pgBackRest, long peakRssMb) {
    }

    public static void main(String[] args) throws Exception {
        Path root = Path.of(args.length > 0 ? args[0] : ".").toAbsolutePath().normalize();
        Path state = Files.createDirectories(root.resolve(".lifeboat/bench"));
        SigningKeys keys = SigningKeys.in(state.resolve("keys"));
        int port = LoopbackPorts.free();
        try (RealServers servers = RealServers.start(EnumSet.of(RealServers.Kind.KAFKA, RealServers.Kind.POSTGRES, RealServers.Kind.S3))) {
            Map<String, String> environment = new HashMap<>();
            LocalStack.properties(servers, keys).forEach((key, value) -> environment.put(ServiceProcess.environmentName(key), value));
            environment.put("QUARKUS_HTTP_PORT", String.valueOf(port));
            PostgresServer postgres = servers.postgres().orElseThrow();
            Path password = Files.writeString(state.resolve("superuser.password"), postgres.superuserPassword());
            // Backups are encrypted, as they should be in production.
            byte[] key = new byte[32];
            new java.security.SecureRandom().nextBytes(key);
            Path keyFile = Files.writeString(state.resolve("archive.key"), java.util.Base64.getEncoder().encodeToString(key));
            environment.put("LIFEBOAT_ENCRYPTION_ACTIVE_KEY_ID", "bench");
            environment.put("LIFEBOAT_ENCRYPTION_KEYS_BENCH", "file:" + keyFile);

            List<String[]> databases = List.of(
                    new String[]{"pgbench-100mb", "pgbench:7"},
                    new String[]{"pgbench-1gb", "pgbench:70"},
                    new String[]{"random-1gb", "random:6500000"});
            for (String[] database : databases) {
                generate(postgres, database[0], database[1]);
            }
            Path jar = root.resolve("backup-service/target/quarkus-app/quarkus-run.jar");
            System.out.println("Starting backup-service (-Xmx256m, as ./lifeboat up runs it) on port " + port + "…");
            try (ChildJvm service = ChildJvm.start("backup-service", List.of(jar.toString()), List.of("-Xmx256m"), environment,
                    "io.quarkus.bootstrap.runner.QuarkusEntryPoint", List.of(), state, Duration.ofSeconds(120),
                    () -> ready(port))) {
                String admin = LocalTokens.mint(keys, "bench", "admin", Duration.ofHours(2));
                KafkaProbe kafka = new KafkaProbe(servers.kafka().orElseThrow().bootstrapServers());
                List<Result> results = new ArrayList<>();
                boolean warm = false;
                for (String[] database : databases) {
                    post(port, admin, "/api/databases", "{\"id\":\"" + database[0] + "\",\"host\":\"" + postgres.host() + "\",\"port\":"
                            + postgres.port() + ",\"database\":\"" + database[0].replace('-', '_') + "\",\"username\":\""
                            + postgres.superuser() + "\",\"credentialRef\":\"file:" + password + "\",\"schedule\":\"0 0 1 1 *\"}");
                    if (!warm) {
                        System.out.println("Warm-up backup (not measured: class loading, topic metadata, connection pools)…");
                        measure(port, admin, kafka, postgres, database[0], service.pid());
                        warm = true;
                    }
                    results.add(measure(port, admin, kafka, postgres, database[0], service.pid()));
                }
                print(results);
            }
        }
    }

    private static void generate(PostgresServer postgres, String id, String recipe) throws Exception {
        String name = id.replace('-', '_');
        System.out.println("Generating " + id + " (" + recipe + ")…");
        postgres.execute("DROP DATABASE IF EXISTS " + name);
        postgres.execute("CREATE DATABASE " + name);
        String[] parts = recipe.split(":");
        if (parts[0].equals("pgbench")) {
            run(postgres, "pgbench", "-i", "-q", "-s", parts[1], "-h", postgres.host(), "-p", String.valueOf(postgres.port()),
                    "-U", postgres.superuser(), name);
        } else {
            postgres.execute(name, "CREATE TABLE reading (id bigint PRIMARY KEY, sensor int, value double precision, "
                    + "note text, at timestamptz)");
            postgres.execute(name, "INSERT INTO reading SELECT g, (random() * 10000)::int, random() * 1e6, "
                    + "md5(random()::text) || ' ' || md5(random()::text) || ' ' || (random() * 1e9)::bigint, "
                    + "now() - random() * interval '365 days' FROM generate_series(1, " + parts[1] + ") g");
        }
        postgres.execute(name, "VACUUM ANALYZE");
    }

    private static Result measure(int port, String token, KafkaProbe kafka, PostgresServer postgres, String id, long pid) throws Exception {
        String name = id.replace('-', '_');
        long sizeMb = sizeMb(postgres, name);
        System.out.printf("Backing up %s (%d MB) through the API…%n", id, sizeMb);
        AtomicLong peakKb = new AtomicLong();
        AtomicBoolean sampling = new AtomicBoolean(true);
        Thread sampler = new Thread(() -> {
            while (sampling.get()) {
                peakKb.accumulateAndGet(rssKb(pid), Math::max);
                try {
                    Thread.sleep(50);
                } catch (InterruptedException e) {
                    return;
                }
            }
        });
        sampler.start();
        long start = System.nanoTime();
        String answer = post(port, token, "/api/backups", "{\"databaseId\":\"" + id + "\"}");
        Matcher matcher = CORRELATION.matcher(answer);
        if (!matcher.find()) {
            throw new IllegalStateException("no request id in " + answer);
        }
        String requestId = matcher.group(1);
        kafka.awaitRecord("lifeboat.backup.events", record -> requestId.equals(header(record, "ce_correlationid"))
                        && "dev.lifeboat.backup.completed.v1".equals(header(record, "ce_type")), Duration.ofMinutes(20))
                .orElseThrow(() -> new IllegalStateException("no BackupCompleted for " + id));
        double serviceSeconds = (System.nanoTime() - start) / 1e9;
        sampling.set(false);
        sampler.join();

        System.out.println("Timing the anchor pg_dump -Fc -Z0 | zstd -1 -T2 on " + id + "…");
        long anchorStart = System.nanoTime();
        run(postgres, "bash", "-c", "set -o pipefail; pg_dump -Fc -Z0 -h " + postgres.host() + " -p " + postgres.port() + " -U "
                + postgres.superuser() + " " + name + " | zstd -q -1 -T2 > /dev/null");
        double anchorSeconds = (System.nanoTime() - anchorStart) / 1e9;
        return new Result(id, sizeMb, serviceSeconds, anchorSeconds, pgBackRest(), peakKb.get() / 1024);
    }

    private static String pgBackRest() {
        for (String dir : System.getenv("PATH").split(":")) {
            if (Files.isExecutable(Path.of(dir, "pgbackrest"))) {
                return "installed, not timed: it needs the server's data directory and WAL archiving (see the issue note)";
            }
        }
        return "not installed (apt-get install pgbackrest)";
    }

    private static void print(List<Result> results) {
        System.out.println();
        System.out.printf("%-14s %8s %12s %12s %8s %14s%n", "database", "size MB", "lifeboat s", "anchor s", "ratio", "peak RSS MB");
        for (Result r : results) {
            System.out.printf("%-14s %8d %12.2f %12.2f %8.2f %14d%n", r.database(), r.sizeMb(), r.serviceSeconds(), r.anchorSeconds(),
                    r.serviceSeconds() / r.anchorSeconds(), r.peakRssMb());
        }
        System.out.println("\nlifeboat s: POST /api/backups until BackupCompleted arrives on Kafka (pg_dump, zstd -1, "
                + "AES-256-GCM streaming encryption, SHA-256, S3 multipart upload, manifest, catalog, event).");
        System.out.println("anchor s:   pg_dump -Fc -Z0 | zstd -1 -T2 > /dev/null on the same database.");
        System.out.println("pgBackRest: " + results.get(0).pgBackRest());
    }

    private static long sizeMb(PostgresServer postgres, String name) throws Exception {
        try (var connection = postgres.connect(name);
             var result = connection.createStatement().executeQuery("SELECT pg_database_size(current_database()) / 1048576")) {
            result.next();
            return result.getLong(1);
        }
    }

    private static long rssKb(long pid) {
        try {
            for (String line : Files.readAllLines(Path.of("/proc", String.valueOf(pid), "status"))) {
                if (line.startsWith("VmRSS:")) {
                    return Long.parseLong(line.replaceAll("[^0-9]", ""));
                }
            }
        } catch (IOException | NumberFormatException e) {
            return 0;
        }
        return 0;
    }

    private static String header(org.apache.kafka.clients.consumer.ConsumerRecord<String, byte[]> record, String name) {
        var header = record.headers().lastHeader(name);
        return header == null ? null : new String(header.value(), StandardCharsets.UTF_8);
    }

    private static void run(PostgresServer postgres, String... command) throws Exception {
        ProcessBuilder builder = new ProcessBuilder(command).inheritIO();
        builder.environment().put("PGPASSWORD", postgres.superuserPassword());
        int exit = builder.start().waitFor();
        if (exit != 0) {
            throw new IllegalStateException(String.join(" ", command).replace(postgres.superuserPassword(), "***") + " exited with " + exit);
        }
    }

    private static boolean ready(int port) {
        try {
            return HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/q/health/ready"))
                    .timeout(Duration.ofSeconds(2)).build(), HttpResponse.BodyHandlers.discarding()).statusCode() == 200;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    private static String post(int port, String token, String path, String json) throws Exception {
        HttpResponse<String> response = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                .header("Authorization", "Bearer " + token).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(json)).build(), HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() >= 300) {
            throw new IllegalStateException("POST " + path + " answered " + response.statusCode() + ": " + response.body());
        }
        return response.body();
    }
}
