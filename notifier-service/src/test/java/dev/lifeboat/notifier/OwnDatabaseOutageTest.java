package dev.lifeboat.notifier;

import dev.lifeboat.events.Topics;
import dev.lifeboat.events.backup.BackupFailed;
import dev.lifeboat.events.backup.BackupTrigger;
import dev.lifeboat.events.envelope.CloudEvent;
import dev.lifeboat.events.envelope.EncodedEvent;
import dev.lifeboat.events.envelope.EventCodec;
import dev.lifeboat.realservers.RealServers;
import dev.lifeboat.realservers.kafka.KafkaProbe;
import dev.lifeboat.realservers.quarkus.InjectRealServers;
import dev.lifeboat.service.messaging.ConsumerRetry;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import static dev.lifeboat.notifier.NotifierTestChannels.SLACK_PATH;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Issue 50: after about 11 s of its own database being down the notifier dead-lettered the events that came meanwhile,
 * and on-call never heard of those failures. Now its consumer waits the outage out.
 */
@QuarkusTest
class OwnDatabaseOutageTest {

    @InjectRealServers
    RealServers servers;

    @Inject
    ConsumerRetry retry;

    @Test
    void failuresReportedWhileTheNotifiersDatabaseIsDown20SecondsReachSlackOnceItIsBackAndNoneIsDeadLettered() throws Exception {
        KafkaProbe kafka = new KafkaProbe(servers.kafka().orElseThrow().bootstrapServers());
        EventCodec codec = new EventCodec();
        HttpReceiver receiver = NotifierTestChannels.receiver();
        int deadLettersBefore = kafka.allRecords(Topics.DEAD_LETTER, record -> true).size();

        List<String> databases = new ArrayList<>();
        try (AutoCloseable outage = servers.postgres().orElseThrow().outage()) {
            for (int i = 0; i < 3; i++) {
                String db = "outage-" + UUID.randomUUID().toString().substring(0, 8);
                EncodedEvent encoded = codec.encode(CloudEvent.of("/backup-service", "corr-" + db, new BackupFailed("r-" + db, null, db,
                        BackupTrigger.SCHEDULE, "CONNECTION_FAILED", "pg_dump: connection to server failed", 1, true)));
                kafka.send(encoded.topic(), encoded.key(), encoded.headers(), encoded.value());
                databases.add(db);
            }
            // the records wait on the outage (not dead-lettered at the old 11 s): held down 20 s, checked throughout
            await().atMost(Duration.ofSeconds(15)).until(() -> retry.waiting() > 0);
            await().during(Duration.ofSeconds(20)).atMost(Duration.ofSeconds(25)).pollInterval(Duration.ofSeconds(2))
                    .until(() -> retry.waiting() > 0 && kafka.allRecords(Topics.DEAD_LETTER, record -> true).size() == deadLettersBefore);
        }

        for (String db : databases) {
            await().atMost(Duration.ofMinutes(2)).until(() -> receiver.requests(SLACK_PATH, body -> body.contains(db)).size() == 1);
        }
        assertThat(kafka.allRecords(Topics.DEAD_LETTER, record -> true)).as("dead letters").hasSize(deadLettersBefore);
    }
}
