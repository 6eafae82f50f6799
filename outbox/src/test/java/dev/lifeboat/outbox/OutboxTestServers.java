package dev.lifeboat.outbox;

import dev.lifeboat.events.envelope.CloudEventHeaders;
import dev.lifeboat.realservers.RealServers;
import dev.lifeboat.realservers.kafka.KafkaProbe;
import dev.lifeboat.realservers.postgres.PostgresServer;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.AlterConfigOp;
import org.apache.kafka.clients.admin.ConfigEntry;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.KafkaFuture;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.errors.TopicExistsException;
import org.apache.kafka.common.header.Header;

import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import static org.awaitility.Awaitility.await;

/**
 * What the outbox's tests read and set on the real servers, as an operator or another system would: the outbox's rows
 * and its relay's lease (plain JDBC, schema {@value #SCHEMA}), Kafka's topics (the admin client) and their records
 * (real-servers' {@link KafkaProbe}, reading a topic from its beginning).
 */
final class OutboxTestServers {

    /** The schema of the test application (application.properties: quarkus.flyway.schemas). */
    static final String SCHEMA = "outbox_test";

    /** One row of the outbox, as the tests compare it. */
    record Row(String eventId, boolean sent, String rejected) {
    }

    private final PostgresServer postgres;
    private final String bootstrapServers;
    private final KafkaProbe kafka;

    OutboxTestServers(RealServers servers) {
        this.postgres = servers.postgres().orElseThrow();
        this.bootstrapServers = servers.kafka().orElseThrow().bootstrapServers();
        this.kafka = new KafkaProbe(bootstrapServers);
    }

    /**
     * No event in the outbox and the lease held by nobody, so that no test depends on what another left behind. Rows are
     * deleted, never truncated with their sequence restarted: the relay remembers its sends by {@code seq}, which must
     * never name another event later.
     */
    void emptyOutboxAndFreeLease() {
        sql("DELETE FROM " + SCHEMA + ".outbox_event");
        sql("UPDATE " + SCHEMA + ".outbox_relay_lease SET holder = 'nobody', until = 'epoch' WHERE id = 1");
    }

    void sql(String statement) {
        postgres.execute(PostgresServer.DATABASE, statement);
    }

    /** The outbox's rows of one record key, in the order they were committed. */
    List<Row> rows(String key) {
        try (Connection connection = postgres.connect(PostgresServer.DATABASE);
             PreparedStatement query = connection.prepareStatement("SELECT event_id, sent_at IS NOT NULL, rejected FROM "
                     + SCHEMA + ".outbox_event WHERE record_key = ? ORDER BY seq")) {
            query.setString(1, key);
            try (ResultSet result = query.executeQuery()) {
                List<Row> rows = new ArrayList<>();
                while (result.next()) {
                    rows.add(new Row(result.getString(1), result.getBoolean(2), result.getString(3)));
                }
                return rows;
            }
        } catch (SQLException e) {
            throw new IllegalStateException("reading the outbox failed: " + e.getMessage(), e);
        }
    }

    String leaseHolder() {
        try (Connection connection = postgres.connect(PostgresServer.DATABASE);
             PreparedStatement query = connection.prepareStatement("SELECT holder FROM " + SCHEMA + ".outbox_relay_lease WHERE id = 1");
             ResultSet result = query.executeQuery()) {
            return result.next() ? result.getString(1) : null;
        } catch (SQLException e) {
            throw new IllegalStateException("reading the relay's lease failed: " + e.getMessage(), e);
        }
    }

    /** Creates the topic (one partition) with these settings, unless it exists already. */
    void ensureTopic(String topic, Map<String, String> configs) {
        try (Admin admin = admin()) {
            awaitResult(admin.createTopics(List.of(new NewTopic(topic, 1, (short) 1).configs(configs))).all(), "creating " + topic);
        } catch (IllegalStateException e) {
            if (!(e.getCause() instanceof TopicExistsException)) {
                throw e;
            }
        }
    }

    /** Changes one setting of the topic, as an operator would ({@code kafka-configs --alter}). */
    void setTopicConfig(String topic, String name, String value) {
        try (Admin admin = admin()) {
            ConfigResource resource = new ConfigResource(ConfigResource.Type.TOPIC, topic);
            AlterConfigOp set = new AlterConfigOp(new ConfigEntry(name, value), AlterConfigOp.OpType.SET);
            awaitResult(admin.incrementalAlterConfigs(Map.<ConfigResource, Collection<AlterConfigOp>>of(resource, List.of(set))).all(),
                    "setting " + name + " of " + topic);
        }
    }

    /** Every record of the topic with this key so far, in the order the topic holds them (one key: one partition). */
    List<ConsumerRecord<String, byte[]>> published(String topic, String key) {
        return kafka.allRecords(topic, record -> key.equals(record.key()));
    }

    /** The event ids ({@code ce_id}) of {@link #published}: a record no codec could read is counted too. */
    List<String> publishedIds(String topic, String key) {
        return published(topic, key).stream().map(record -> {
            Header id = record.headers().lastHeader(CloudEventHeaders.ID);
            return id == null ? "(a record without " + CloudEventHeaders.ID + ")" : new String(id.value(), StandardCharsets.UTF_8);
        }).toList();
    }

    /** No record of this key reaches the topic, for a while: a send the relay did not await would show up meanwhile. */
    void assertNothingPublished(String topic, String key) {
        await().during(Duration.ofSeconds(2)).atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(500))
                .until(() -> published(topic, key).isEmpty());
    }

    private Admin admin() {
        return Admin.create(Map.<String, Object>of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers));
    }

    private static void awaitResult(KafkaFuture<Void> result, String what) {
        try {
            result.get(30, TimeUnit.SECONDS);
        } catch (ExecutionException e) {
            throw new IllegalStateException(what + " failed: " + e.getCause().getMessage(), e.getCause());
        } catch (TimeoutException e) {
            throw new IllegalStateException(what + " took over 30 s", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(what + " was interrupted", e);
        }
    }
}
