package dev.lifeboat.bench;

import dev.lifeboat.realservers.RealServers;
import dev.lifeboat.realservers.kafka.KafkaProbe;
import dev.lifeboat.realservers.postgres.PostgresServer;
import dev.lifeboat.realservers.process.LoopbackPorts;
import dev.lifeboat.localstack.LocalStack;
import dev.lifeboat.realservers.process.ServiceProcess;
import dev.lifeboat.realservers.tokens.LocalTokens;
import dev.lifeboat.realservers.tokens.SigningKeys;

import dev.lifeboat.archive.bucket.BucketObjects;
import dev.lifeboat.archive.bucket.BucketSettings;
import dev.lifeboat.archive.bucket.S3Clients;
import dev.lifeboat.realservers.s3.S3Server;
import software.amazon.awssdk.services.s3.S3Client;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.Base64;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * What every benchmark runs on: Kafka, PostgreSQL 15 and S3Proxy on loopback, the built services as child
 * JVMs configured as {@code ./lifeboat up} configures them, backups encrypted under a fresh key (as they
 * should be in production), and an admin token. State lives under {@code .lifeboat/bench}.
 */
final class BenchStack implements AutoCloseable {

    /** The archive key id the services are given. */
    private static final String KEY_ID = "bench";

    private final Path root;
    private final Path state;
    private final RealServers servers;
    private final Map<String, String> properties;
    private final Path superuserPassword;
    private final String adminToken;
    private final List<PostgresServer> others = new java.util.concurrent.CopyOnWriteArrayList<>();
    private final java.util.Set<String> registered = java.util.concurrent.ConcurrentHashMap.newKeySet();

    private BenchStack(Path root, Path state, RealServers servers, Map<String, String> properties, Path superuserPassword,
                       String adminToken) {
        this.root = root;
        this.state = state;
        this.servers = servers;
        this.properties = properties;
        this.superuserPassword = superuserPassword;
        this.adminToken = adminToken;
    }

    static BenchStack start(Path root) throws IOException {
        Path state = Files.createDirectories(root.resolve(".lifeboat/bench"));
        SigningKeys keys = SigningKeys.in(state.resolve("keys"));
        RealServers servers = RealServers.start(EnumSet.of(RealServers.Kind.KAFKA, RealServers.Kind.POSTGRES, RealServers.Kind.S3));
        Map<String, String> properties = new HashMap<>(LocalStack.properties(servers, keys));
        byte[] key = new byte[32];
        new SecureRandom().nextBytes(key);
        Path keyFile = Files.writeString(state.resolve("archive.key"), Base64.getEncoder().encodeToString(key));
        properties.put("lifeboat.encryption.active-key-id", KEY_ID);
        properties.put("lifeboat.encryption.keys." + KEY_ID, "file:" + keyFile);
        // registrations may name only the passwords in this folder (lifeboat.database-secrets.folder), as in the local stack
        Path databaseSecrets = Files.createDirectories(state.resolve("db-secrets"));
        properties.put("lifeboat.database-secrets.folder", databaseSecrets.toString());
        Path password = Files.writeString(databaseSecrets.resolve("superuser.password"), servers.postgres().orElseThrow().superuserPassword());
        return new BenchStack(root, state, servers, properties, password, LocalTokens.mint(keys, "bench", "admin", Duration.ofHours(4)));
    }

    PostgresServer postgres() {
        return servers.postgres().orElseThrow();
    }

    String kafkaBootstrapServers() {
        return servers.kafka().orElseThrow().bootstrapServers();
    }

    KafkaProbe kafka() {
        return new KafkaProbe(servers.kafka().orElseThrow().bootstrapServers());
    }

    /** Starts a built service (-Xmx256m, as {@code ./lifeboat up} runs it) with the stack's settings and the extra ones given. */
    ServiceApi startService(String module, Map<String, String> extra) {
        int port = LoopbackPorts.free();
        System.out.printf("Starting %s (-Xmx256m, as ./lifeboat up runs it) on port %d (log in .lifeboat/bench/logs/%s-%d)…%n",
                module, port, module, port);
        Map<String, String> settings = new HashMap<>(properties);
        settings.putAll(extra);
        try {
            // a log folder per process: replicas of one service do not write over each other's log
            Path logs = Files.createDirectories(state.resolve("logs").resolve(module + "-" + port));
            return new ServiceApi(ServiceProcess.start(root, module, port, settings, logs), adminToken);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Registers a generated database in backup-service's registry (its schedule is once a year, so only the benchmark backs it up). */
    void register(ServiceApi backupService, String database) throws IOException, InterruptedException {
        register(backupService, database, database);
    }

    /** Registers a generated database under another id (one database restored with several settings). */
    void register(ServiceApi backupService, String id, String database) throws IOException, InterruptedException {
        register(backupService, postgres(), id, database, "0 0 1 1 *");
    }

    /** Registers a database of the given server (the stack's, or {@link #startPostgres() another}) with the given schedule. */
    void register(ServiceApi backupService, PostgresServer postgres, String id, String database, String schedule)
            throws IOException, InterruptedException {
        if (!registered.add(id)) {
            return; // an earlier benchmark of this run registered it (the registry is the stack's, whichever service runs)
        }
        backupService.post("/api/databases", "{\"id\":\"" + id + "\",\"host\":\"" + postgres.host() + "\",\"port\":"
                + postgres.port() + ",\"database\":\"" + database + "\",\"username\":\"" + postgres.superuser()
                + "\",\"credentialRef\":\"file:" + passwordFile(postgres) + "\",\"schedule\":\"" + schedule + "\"}");
    }

    /** Another PostgreSQL 15 server on loopback, stopped with the stack. */
    PostgresServer startPostgres() {
        PostgresServer another = PostgresServer.start();
        others.add(another);
        return another;
    }

    private Path passwordFile(PostgresServer postgres) throws IOException {
        if (postgres == postgres()) {
            return superuserPassword;
        }
        return Files.writeString(superuserPassword.resolveSibling("superuser-" + postgres.port() + ".password"), postgres.superuserPassword());
    }

    /** restore-service's configuration of generated databases as restore targets. */
    Map<String, String> restoreTargets(List<String> databases) {
        Map<String, String> byId = new HashMap<>();
        databases.forEach(database -> byId.put(database, database));
        return restoreTargets(byId);
    }

    /** As {@link #restoreTargets(List)}, of a database per id. */
    Map<String, String> restoreTargets(Map<String, String> databaseById) {
        PostgresServer postgres = postgres();
        Map<String, String> targets = new HashMap<>();
        for (Map.Entry<String, String> target : databaseById.entrySet()) {
            String prefix = "lifeboat.restore.databases." + target.getKey() + ".";
            targets.put(prefix + "host", postgres.host());
            targets.put(prefix + "port", String.valueOf(postgres.port()));
            targets.put(prefix + "database", target.getValue());
            targets.put(prefix + "username", postgres.superuser());
            targets.put(prefix + "credential-ref", "file:" + superuserPassword);
        }
        return targets;
    }

    /** The stack's bucket, as a program of the user's would reach it with the AWS SDK. */
    BucketObjects bucket() {
        return new BucketObjects(s3Client(), bucketSettings());
    }

    /** An AWS SDK client of the stack's S3 server. */
    S3Client s3Client() {
        return S3Clients.create(bucketSettings());
    }

    private BucketSettings bucketSettings() {
        S3Server s3 = servers.s3().orElseThrow();
        return BucketSettings.pathStyle(s3.endpoint(), S3Server.REGION, s3.bucket(), s3.accessKey(), s3.secretKey());
    }

    @Override
    public void close() {
        others.forEach(PostgresServer::close);
        servers.close();
    }

    static void requireTools(String... tools) {
        for (String tool : tools) {
            if (!onPath(tool)) {
                throw new UncheckedIOException(new IOException("the benchmark needs " + tool + " on the PATH "
                        + "(apt-get install postgresql-client postgresql-contrib zstd)"));
            }
        }
    }

    static boolean onPath(String tool) {
        for (String dir : System.getenv("PATH").split(":")) {
            if (Files.isExecutable(Path.of(dir, tool))) {
                return true;
            }
        }
        return false;
    }
}
