package dev.lifeboat.verifier;

import dev.lifeboat.events.Topics;
import dev.lifeboat.events.backup.BackupCompleted;
import dev.lifeboat.events.envelope.CloudEvent;
import dev.lifeboat.events.verification.VerificationCheck;
import dev.lifeboat.events.verification.VerificationPassed;
import dev.lifeboat.realservers.RealServers;
import dev.lifeboat.realservers.kafka.KafkaProbe;
import dev.lifeboat.realservers.kafka.TopicEvents;
import dev.lifeboat.realservers.postgres.OutageUnderRequests;
import dev.lifeboat.realservers.quarkus.InjectRealServers;
import dev.lifeboat.service.messaging.ConsumerRetry;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Issue 50: after about 11 s of its own database being down the verifier dead-lettered the {@code BackupCompleted}s
 * that came meanwhile, and those backups were never verified. Now its consumer waits the outage out: held down 60 s
 * with a backup announced every 12 s ({@link OutageUnderRequests}), each is verified once after.
 */
@QuarkusTest
class OwnDatabaseOutageTest {

    private static final Duration WAIT = Duration.ofMinutes(2);

    @InjectRealServers
    RealServers servers;

    @Inject
    ConsumerRetry retry;

    @Test
    void backupsAnnouncedWhileTheVerifiersDatabaseIsDown60SecondsAreVerifiedOnceItIsBackAndNoneIsDeadLettered() throws Exception {
        KafkaProbe kafka = new KafkaProbe(servers.kafka().orElseThrow().bootstrapServers());
        TopicEvents backupEvents = new TopicEvents(kafka, Topics.BACKUP_EVENTS);
        TopicEvents verificationEvents = new TopicEvents(kafka, Topics.VERIFICATION_EVENTS);
        BackupCompleted stored = VerifierTestStack.backupService().backUp("shop", WAIT);
        int deadLettersBefore = kafka.allRecords(Topics.DEAD_LETTER, record -> true).size();

        List<String> announced = OutageUnderRequests.hold(servers.postgres().orElseThrow(), () -> {
            String backupId = UUID.randomUUID().toString();
            backupEvents.publish(CloudEvent.of("/backup-service", "outage-" + backupId, sameArchiveAs(stored, backupId)));
            return backupId;
        }, () -> retry.waiting() > 0, () -> kafka.allRecords(Topics.DEAD_LETTER, record -> true).size());

        // each verified once, and not again for 3 s after (a false look starts the 3 s again)
        await("each verified once").during(Duration.ofSeconds(3)).atMost(WAIT)
                .until(() -> announced.stream().allMatch(backupId -> verified(verificationEvents, backupId) == 1));
        assertThat(kafka.allRecords(Topics.DEAD_LETTER, record -> true)).as("dead letters").hasSize(deadLettersBefore);
    }

    /** How often the backup was announced verified (its copy to the second bucket is announced apart, as SECOND_COPY). */
    private static int verified(TopicEvents verificationEvents, String backupId) {
        return verificationEvents.all(VerificationPassed.class, event -> backupId.equals(event.data().backupId())
                && event.data().check() != VerificationCheck.SECOND_COPY).size();
    }

    /** The stored backup announced again under another id, as a second announcement of the same archive. */
    private static BackupCompleted sameArchiveAs(BackupCompleted backup, String backupId) {
        return new BackupCompleted(backup.requestId(), backupId, backup.databaseId(), backup.trigger(), backup.objectKey(),
                backup.manifestKey(), backup.sizeBytes(), backup.sha256(), backup.compression(), backup.encrypted(), backup.keyId(),
                backup.durationMs(), backup.tableRowCounts(), backup.serverVersion(), backup.startedAt(), backup.completedAt());
    }
}
