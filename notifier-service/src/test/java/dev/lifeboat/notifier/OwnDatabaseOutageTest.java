package dev.lifeboat.notifier;

import dev.lifeboat.events.Topics;
import dev.lifeboat.events.backup.BackupFailed;
import dev.lifeboat.events.backup.BackupTrigger;
import dev.lifeboat.events.envelope.CloudEvent;
import dev.lifeboat.events.envelope.EncodedEvent;
import dev.lifeboat.events.envelope.EventCodec;
import dev.lifeboat.realservers.RealServers;
import dev.lifeboat.realservers.kafka.KafkaProbe;
import dev.lifeboat.realservers.postgres.OutageUnderRequests;
import dev.lifeboat.realservers.quarkus.InjectRealServers;
import dev.lifeboat.service.messaging.ConsumerRetry;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.UUID;

import static dev.lifeboat.notifier.NotifierTestChannels.SLACK_PATH;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Issue 50: after about 11 s of its own database being down the notifier dead-lettered the events that came meanwhile,
 * and on-call never heard of those failures. Now its consumer waits the outage out: held down 60 s with a failure
 * reported every 12 s ({@link OutageUnderRequests}), each reaches Slack once after.
 */
@QuarkusTest
class OwnDatabaseOutageTest {

    @InjectRealServers
    RealServers servers;

    @Inject
    ConsumerRetry retry;

    @Test
    void failuresReportedWhileTheNotifiersDatabaseIsDown60SecondsReachSlackOnceItIsBackAndNoneIsDeadLettered() throws Exception {
        KafkaProbe kafka = new KafkaProbe(servers.kafka().orElseThrow().bootstrapServers());
        EventCodec codec = new EventCodec();
        HttpReceiver receiver = NotifierTestChannels.receiver();
        int deadLettersBefore = kafka.allRecords(Topics.DEAD_LETTER, record -> true).size();

        List<String> databases = OutageUnderRequests.hold(servers.postgres().orElseThrow(), () -> {
            String db = "outage-" + UUID.randomUUID().toString().substring(0, 8);
            EncodedEvent encoded = codec.encode(CloudEvent.of("/backup-service", "corr-" + db, new BackupFailed("r-" + db, null, db,
                    BackupTrigger.SCHEDULE, "CONNECTION_FAILED", "pg_dump: connection to server failed", 1, true)));
            kafka.send(encoded.topic(), encoded.key(), encoded.headers(), encoded.value());
            return db;
        }, () -> retry.waiting() > 0, () -> kafka.allRecords(Topics.DEAD_LETTER, record -> true).size());

        // each posted once, and not again for 3 s after (a false look starts the 3 s again)
        await("each posted once").during(Duration.ofSeconds(3)).atMost(Duration.ofMinutes(2)).until(() -> databases.stream()
                .allMatch(db -> receiver.requests(SLACK_PATH, body -> body.contains(db)).size() == 1));
        assertThat(kafka.allRecords(Topics.DEAD_LETTER, record -> true)).as("dead letters").hasSize(deadLettersBefore);
    }
}
