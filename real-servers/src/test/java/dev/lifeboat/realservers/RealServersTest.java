package dev.lifeboat.realservers;

import dev.lifeboat.realservers.postgres.PostgresServer;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Starts all four servers once, talks to each over its real protocol, and checks that stopping leaves nothing behind. */
class RealServersTest {

    private static RealServers servers;

    @BeforeAll
    static void start() {
        servers = RealServers.startAll();
    }

    @AfterAll
    static void stopIfStillRunning() {
        if (servers != null) {
            servers.close();
        }
    }

    @Test
    void kafkaBrokerCarriesARecord() {
        String bootstrap = servers.kafka().orElseThrow().bootstrapServers();
        try (KafkaProducer<String, String> producer = new KafkaProducer<>(Map.of("bootstrap.servers", bootstrap),
                new StringSerializer(), new StringSerializer())) {
            producer.send(new ProducerRecord<>("real-servers-test", "db-1", "hello")).get();
        } catch (Exception e) {
            throw new AssertionError(e);
        }
        try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(Map.of("bootstrap.servers", bootstrap,
                "group.id", "real-servers-test", "auto.offset.reset", "earliest"), new StringDeserializer(), new StringDeserializer())) {
            consumer.subscribe(List.of("real-servers-test"));
            long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
            String value = null;
            while (value == null && System.nanoTime() < deadline) {
                ConsumerRecords<String, String> records = consumer.poll(Duration.ofMillis(500));
                value = records.isEmpty() ? null : records.iterator().next().value();
            }
            assertThat(value).isEqualTo("hello");
        }
    }

    @Test
    void postgresIsVersion15AndWantsThePassword() throws SQLException {
        PostgresServer postgres = servers.postgres().orElseThrow();
        try (Connection connection = postgres.connect(PostgresServer.DATABASE);
             ResultSet result = connection.createStatement().executeQuery("SHOW server_version_num")) {
            result.next();
            assertThat(result.getInt(1)).isBetween(150000, 159999);
        }
        assertThatThrownBy(() -> DriverManager.getConnection(postgres.jdbcUrl(PostgresServer.DATABASE), PostgresServer.SUPERUSER, "wrong"))
                .isInstanceOf(SQLException.class)
                .hasMessageContaining("password authentication failed");
    }

    @Test
    void s3ProxyRefusesToListTheBucketWithoutCredentialsOrWithAWrongKey() throws Exception {
        String bucketUrl = servers.s3().orElseThrow().endpoint() + "/" + RealServers.BUCKET;
        HttpClient http = HttpClient.newHttpClient();
        HttpResponse<String> anonymous = http.send(HttpRequest.newBuilder(URI.create(bucketUrl)).GET().build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(anonymous.statusCode()).isEqualTo(403);
        assertThat(anonymous.body()).contains("AccessDenied").doesNotContain("<ListBucketResult");
        HttpResponse<String> refused = http.send(HttpRequest.newBuilder(URI.create(bucketUrl))
                        .header("Authorization", "AWS not-the-key:c2lnbmF0dXJl").GET().build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(refused.statusCode()).isEqualTo(403);
        assertThat(refused.body()).contains("AccessDenied");
    }

    @Test
    void greenMailGreetsLikeAnSmtpServer() throws Exception {
        try (Socket socket = new Socket("127.0.0.1", servers.mail().orElseThrow().smtpPort());
             BufferedReader in = new BufferedReader(new InputStreamReader(socket.getInputStream(), StandardCharsets.US_ASCII))) {
            assertThat(in.readLine()).startsWith("220 ");
        }
    }

    @Test
    void closingStopsEveryProcessAndRemovesTheFiles() {
        RealServers own = RealServers.start(java.util.EnumSet.of(RealServers.Kind.S3, RealServers.Kind.MAIL));
        long s3Pid = own.s3().orElseThrow().pid();
        long mailPid = own.mail().orElseThrow().pid();
        Path bucket = own.s3().orElseThrow().bucketDir(RealServers.BUCKET);
        own.close();
        assertThat(ProcessHandle.of(s3Pid).map(ProcessHandle::isAlive)).isNotEqualTo(java.util.Optional.of(true));
        assertThat(ProcessHandle.of(mailPid).map(ProcessHandle::isAlive)).isNotEqualTo(java.util.Optional.of(true));
        assertThat(Files.exists(bucket.getParent().getParent())).isFalse();
    }
}
