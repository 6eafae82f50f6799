package dev.lifeboat.realservers.kafka;

import dev.lifeboat.realservers.process.RealServer;
import dev.lifeboat.realservers.process.ChildJvm;
import dev.lifeboat.realservers.process.LoopbackPorts;
import dev.lifeboat.realservers.process.ServerClasspath;
import dev.lifeboat.realservers.process.ServerHome;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.security.SecureRandom;
import java.util.Base64;

/** A one-node Kafka KRaft broker (the Kafka jars from Maven) in a child JVM on a free loopback port. */
public final class KafkaBroker implements RealServer {

    private static final String SERVER_MAIN = "kafka.Kafka";
    private static final String STORAGE_TOOL = "kafka.tools.StorageTool";

    private final ServerHome home;
    private final int port;
    private ChildJvm process;

    private KafkaBroker(ServerHome home, ChildJvm process) {
        this.home = home;
        this.port = home.port(0);
        this.process = process;
    }

    public static KafkaBroker start() {
        return start(ServerHome.temporary("lifeboat-kafka-", 2), null);
    }

    /**
     * A broker in {@code home} on its ports (the broker's, then the controller's): its log is formatted on the first
     * start only, so a kept home starts again with every topic, record and committed offset it had.
     */
    public static KafkaBroker start(ServerHome home) {
        return start(home, null);
    }

    /**
     * A broker that lets in only {@code users} (SASL/PLAIN) and lets each do only what an ACL grants it; the super
     * user {@link KafkaUsers#ADMIN} grants them, and creates the topics (auto-creation is off).
     */
    public static KafkaBroker startWithAuthentication(KafkaUsers users) {
        return start(ServerHome.temporary("lifeboat-kafka-", 2), users);
    }

    private static KafkaBroker start(ServerHome home, KafkaUsers users) {
        Path workDir = home.dir();
        try {
            Path properties = writeServerProperties(workDir, home.port(0), home.port(1), users);
            writeLog4j(workDir);
            if (!Files.exists(workDir.resolve("data/meta.properties"))) {
                List<String> jvm = List.of("-Xmx512m", "-Xms128m", "-XX:+UseSerialGC",
                        "-Dlog4j2.configurationFile=file:" + workDir.resolve("log4j2.properties"));
                ChildJvm.run("kafka-storage-format", ServerClasspath.of("kafka-broker"), jvm, STORAGE_TOOL,
                        List.of("format", "-t", randomClusterId(), "-c", properties.toString()), workDir, Duration.ofSeconds(60));
            }
            return new KafkaBroker(home, launch(workDir, home.port(0)));
        } catch (RuntimeException e) {
            home.release();
            throw e;
        }
    }

    private static ChildJvm launch(Path workDir, int port) {
        Path log = workDir.resolve("kafka.log");
        try {
            Files.deleteIfExists(log);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        List<String> jvm = List.of("-Xmx512m", "-Xms128m", "-XX:+UseSerialGC",
                "-Dlog4j2.configurationFile=file:" + workDir.resolve("log4j2.properties"));
        return ChildJvm.start("kafka", ServerClasspath.of("kafka-broker"), jvm, SERVER_MAIN,
                List.of(workDir.resolve("server.properties").toString()), workDir, Duration.ofSeconds(90),
                () -> ChildJvm.logContains(log, "Kafka Server started") && LoopbackPorts.accepts(port));
    }

    /** Kills the broker (kill -9), as a crash would: clients see it gone until {@link #restart()}. */
    public synchronized void kill() {
        process.kill();
    }

    /** Starts the broker again after {@link #kill()}, on the same port and with the same data. */
    public synchronized void restart() {
        process = launch(home.dir(), port);
    }

    /**
     * A cluster id as Kafka's {@code Uuid} spells it: 16 random bytes, URL-safe base64, no padding,
     * and (as Kafka's own generator ensures) not starting with '-', which the tool's argument parser
     * would take for an option.
     */
    static String randomClusterId() {
        SecureRandom random = new SecureRandom();
        byte[] bytes = new byte[16];
        String id;
        do {
            random.nextBytes(bytes);
            id = Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
        } while (id.startsWith("-"));
        return id;
    }

    private static Path writeServerProperties(Path workDir, int port, int controllerPort, KafkaUsers users) {
        List<String> lines = new ArrayList<>(List.of(
                "process.roles=broker,controller",
                "node.id=1",
                "controller.quorum.voters=1@127.0.0.1:" + controllerPort,
                "controller.listener.names=CONTROLLER",
                "listeners=PLAINTEXT://127.0.0.1:" + port + ",CONTROLLER://127.0.0.1:" + controllerPort,
                "advertised.listeners=PLAINTEXT://127.0.0.1:" + port,
                "listener.security.protocol.map=PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT",
                "inter.broker.listener.name=PLAINTEXT",
                "log.dirs=" + workDir.resolve("data"),
                "num.partitions=3",
                "auto.create.topics.enable=true",
                "offsets.topic.replication.factor=1",
                "offsets.topic.num.partitions=3",
                "transaction.state.log.replication.factor=1",
                "transaction.state.log.min.isr=1",
                "share.coordinator.state.topic.replication.factor=1",
                "share.coordinator.state.topic.min.isr=1",
                "group.initial.rebalance.delay.ms=0",
                // one node is broker and controller: after a kill -9 its new registration waits until the killed one's
                // session has expired (9 s by default) before clients can use it again
                "broker.session.timeout.ms=3000",
                "broker.heartbeat.interval.ms=500",
                "log.flush.interval.messages=10000"));
        if (users != null) {
            List<String> secured = users.serverProperties(port, controllerPort);
            lines.removeIf(line -> secured.stream().anyMatch(setting -> setting.startsWith(line.substring(0, line.indexOf('=') + 1))));
            lines.addAll(secured);
        }
        return write(workDir.resolve("server.properties"), String.join("\n", lines) + "\n");
    }

    private static Path writeLog4j(Path workDir) {
        String text = String.join("\n",
                "status = warn",
                "appender.console.type = Console",
                "appender.console.name = STDOUT",
                "appender.console.layout.type = PatternLayout",
                "appender.console.layout.pattern = [%d] %p %m (%c)%n",
                "rootLogger.level = warn",
                "rootLogger.appenderRef.stdout.ref = STDOUT",
                "logger.server.name = kafka.server.KafkaRaftServer",
                "logger.server.level = info",
                "");
        return write(workDir.resolve("log4j2.properties"), text);
    }

    private static Path write(Path file, String text) {
        try {
            return Files.writeString(file, text);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public String bootstrapServers() {
        return LoopbackPorts.HOST + ":" + port;
    }

    public synchronized long pid() {
        return process.pid();
    }

    @Override
    public Map<String, String> settings() {
        return Map.of("kafka.bootstrap.servers", bootstrapServers());
    }

    @Override
    public synchronized void close() {
        process.close();
        home.release();
    }
}
