package dev.lifeboat.backup;

import dev.lifeboat.events.backup.BackupCompleted;
import dev.lifeboat.events.backup.BackupTrigger;
import dev.lifeboat.events.backup.Compression;
import dev.lifeboat.events.envelope.CloudEvent;
import dev.lifeboat.events.envelope.EventCodec;
import dev.lifeboat.realservers.RealServers;
import dev.lifeboat.realservers.kafka.KafkaProbe;
import dev.lifeboat.realservers.quarkus.InjectRealServers;
import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.containsString;

/**
 * A crash between "backup committed" and "event sent" loses nothing: the event was committed in the outbox
 * with the catalog entry, and the relay publishes what it finds there, also what an earlier process left.
 */
@QuarkusTest
class OutboxTest {

    @InjectRealServers
    RealServers servers;

    @Test
    void anEventLeftUnsentByACrashedProcessIsPublishedAndMarkedSent() throws Exception {
        String requestId = "crashed-" + UUID.randomUUID();
        CloudEvent<BackupCompleted> event = CloudEvent.of("/lifeboat/backup-service", requestId, new BackupCompleted(requestId,
                "b-" + requestId, "orders-db", BackupTrigger.MANUAL, "backups/orders-db/k", "backups/orders-db/m", 10, "0".repeat(64),
                Compression.ZSTD, false, null, 5, Map.of("public.t", 3L), "15.19", Instant.now().minusSeconds(5), Instant.now()));
        // Exactly the row a process writes in the backup's final transaction, left as if it died before publishing.
        try (Connection connection = servers.postgres().orElseThrow().connect("lifeboat");
             PreparedStatement insert = connection.prepareStatement("INSERT INTO backup.outbox_event "
                     + "(event_id, topic, record_key, type, payload, created_at) VALUES (?, ?, ?, ?, ?, now())")) {
            insert.setString(1, event.id());
            insert.setString(2, "lifeboat.backup.events");
            insert.setString(3, "orders-db");
            insert.setString(4, event.type());
            insert.setString(5, new String(new EventCodec().encodeStructured(event), StandardCharsets.UTF_8));
            insert.executeUpdate();
        }

        BackupEvents events = new BackupEvents(new KafkaProbe(servers.kafka().orElseThrow().bootstrapServers()));
        CloudEvent<BackupCompleted> published = events.await(BackupCompleted.class, requestId, Duration.ofSeconds(30));
        assertThat(published.id()).isEqualTo(event.id());
        assertThat(published.data()).isEqualTo(event.data());
        await().atMost(Duration.ofSeconds(10)).until(() -> sentAt(event.id()) != null);
    }

    @Test
    void backupMetricsAreExported() {
        ProtectedDatabases.create(servers.postgres().orElseThrow());
        ProtectedDatabases.registerOnTestServer(servers.postgres().orElseThrow(), "tiny", "tiny", "");
        String requestId = "metrics-" + UUID.randomUUID();
        BackupEvents events = new BackupEvents(new KafkaProbe(servers.kafka().orElseThrow().bootstrapServers()));
        events.request(requestId, "tiny");
        events.await(BackupCompleted.class, requestId, Duration.ofSeconds(60));
        events.request("metrics-unknown-" + UUID.randomUUID(), "no-such-db-for-metrics");
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> given().when().get("/q/metrics").then().statusCode(200)
                .body(containsString("lifeboat_backup_duration_seconds_bucket{database=\"tiny\""))
                .body(containsString("lifeboat_backup_size_bytes{database=\"tiny\"}"))
                .body(containsString("lifeboat_backup_last_success_timestamp_seconds{database=\"tiny\"}"))
                .body(containsString("lifeboat_backup_throughput_bytes_per_second_count{database=\"tiny\"}"))
                .body(containsString("lifeboat_backup_failures_total{code=\"UNKNOWN_DATABASE\",database=\"no-such-db-for-metrics\"}")));
    }

    private Object sentAt(String eventId) throws Exception {
        try (Connection connection = servers.postgres().orElseThrow().connect("lifeboat");
             PreparedStatement query = connection.prepareStatement("SELECT sent_at FROM backup.outbox_event WHERE event_id = ?")) {
            query.setString(1, eventId);
            try (ResultSet row = query.executeQuery()) {
                return row.next() ? row.getObject(1) : null;
            }
        }
    }
}
