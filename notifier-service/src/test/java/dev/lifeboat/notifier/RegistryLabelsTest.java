package dev.lifeboat.notifier;

import dev.lifeboat.events.Topics;
import dev.lifeboat.events.backup.BackupFailed;
import dev.lifeboat.events.backup.BackupTrigger;
import dev.lifeboat.events.data.EventData;
import dev.lifeboat.events.envelope.CloudEvent;
import dev.lifeboat.events.envelope.EncodedEvent;
import dev.lifeboat.events.envelope.EventCodec;
import dev.lifeboat.events.notification.NotificationSent;
import dev.lifeboat.events.registry.DatabaseRegistered;
import dev.lifeboat.events.registry.DatabaseRegistration;
import dev.lifeboat.realservers.RealServers;
import dev.lifeboat.realservers.kafka.KafkaProbe;
import dev.lifeboat.realservers.kafka.TopicEvents;
import dev.lifeboat.realservers.postgres.PostgresServer;
import dev.lifeboat.realservers.quarkus.InjectRealServers;
import dev.lifeboat.realservers.tokens.LocalTokens;
import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.Test;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * What the notifier takes from the registry: a rule that matches on labels routes by the labels given at registration, with
 * none configured here; the quarterly reminder names registered databases never restore-tested.
 */
@QuarkusTest
class RegistryLabelsTest {

    private static final Duration WAIT = Duration.ofSeconds(30);
    private static final EventCodec CODEC = new EventCodec();

    @InjectRealServers
    RealServers servers;

    @Test
    void aFailureOfADatabaseTheRegistryLabelsTeamPaymentsReachesThePaymentsChannelAndAnotherDatabasesDoesNot() throws Exception {
        KafkaProbe kafka = new KafkaProbe(servers.kafka().orElseThrow().bootstrapServers());
        TopicEvents notifications = new TopicEvents(kafka, Topics.NOTIFICATION_EVENTS);
        publish(kafka, new DatabaseRegistered("payments-db", new DatabaseRegistration("db.internal", 5432, "payments", "backup", null, null,
                "0 2 * * *", 86_400, Map.of("team", "payments"), "API", null, null, null, null, null), "alice"));
        await().atMost(WAIT).until(() -> "payments".equals(registeredTeam(servers.postgres().orElseThrow(), "payments-db")));

        CloudEvent<BackupFailed> labelled = publish(kafka, failure("payments-db"));
        CloudEvent<BackupFailed> other = publish(kafka, failure("unlabelled-db"));

        notifications.await(NotificationSent.class,
                event -> event.data().eventId().equals(labelled.id()) && event.data().channel().equals("team-slack"), WAIT).orElseThrow();
        notifications.await(NotificationSent.class, event -> event.data().eventId().equals(other.id()), WAIT).orElseThrow();
        assertThat(notifications.all(NotificationSent.class, event -> event.data().eventId().equals(other.id())
                && event.data().channel().equals("team-slack"))).isEmpty();
    }

    @Test
    void theQuarterlyReminderNamesARegisteredDatabaseNeverRestoreTestedFirst() {
        KafkaProbe kafka = new KafkaProbe(servers.kafka().orElseThrow().bootstrapServers());
        publish(kafka, new DatabaseRegistered("untested-db", new DatabaseRegistration("db.internal", 5432, "untested", "backup", null, null,
                "0 2 * * *", 86_400, Map.of(), "API", null, null, null, null, null), "alice"));
        await().atMost(WAIT).until(() -> registered(servers.postgres().orElseThrow(), "untested-db"));

        given().auth().oauth2(LocalTokens.forTest("operator")).when().post("/api/notifications/reminders").then().statusCode(202);

        await().atMost(WAIT).until(() -> !reminders().isEmpty());
        String reminder = reminders().get(0).body();
        assertThat(reminder).contains("NEVER restore-tested").contains("never restore-tested")
                .contains("{\\\"databaseId\\\":\\\"untested-db\\\"}");
    }

    private static java.util.List<HttpReceiver.Received> reminders() {
        return NotifierTestChannels.receiver().requests(NotifierTestChannels.SLACK_PATH,
                body -> body.contains("Quarterly review") && body.contains("untested-db"));
    }

    private static boolean registered(PostgresServer postgres, String databaseId) throws Exception {
        try (Connection connection = postgres.connect(PostgresServer.DATABASE);
             PreparedStatement query = connection.prepareStatement("SELECT 1 FROM notifier.registered_labels WHERE database_id = ?")) {
            query.setString(1, databaseId);
            try (ResultSet row = query.executeQuery()) {
                return row.next();
            }
        }
    }

    private static BackupFailed failure(String databaseId) {
        return new BackupFailed("r-" + UUID.randomUUID(), null, databaseId, BackupTrigger.SCHEDULE, "CONNECTION_FAILED", "down", 1, true);
    }

    private static <T extends EventData> CloudEvent<T> publish(KafkaProbe kafka, T data) {
        CloudEvent<T> event = CloudEvent.of("/test", "corr-" + UUID.randomUUID(), data);
        EncodedEvent encoded = CODEC.encode(event);
        kafka.send(encoded.topic(), encoded.key(), encoded.headers(), encoded.value());
        return event;
    }

    private static String registeredTeam(PostgresServer postgres, String databaseId) throws Exception {
        try (Connection connection = postgres.connect(PostgresServer.DATABASE);
             PreparedStatement query = connection.prepareStatement("SELECT labels->>'team' FROM notifier.registered_labels WHERE database_id = ?")) {
            query.setString(1, databaseId);
            try (ResultSet row = query.executeQuery()) {
                return row.next() ? row.getString(1) : null;
            }
        }
    }
}
