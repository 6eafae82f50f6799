package dev.lifeboat.backup.messaging;

import dev.lifeboat.backup.intake.BackupRequestIntake;
import dev.lifeboat.events.Topics;
import dev.lifeboat.events.backup.BackupRequested;
import dev.lifeboat.events.envelope.CloudEvent;
import dev.lifeboat.events.envelope.EventCodec;
import dev.lifeboat.events.envelope.InvalidEventException;
import io.smallrye.mutiny.Uni;
import io.smallrye.reactive.messaging.kafka.api.IncomingKafkaRecordMetadata;
import jakarta.enterprise.context.ApplicationScoped;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.eclipse.microprofile.reactive.messaging.Message;
import org.jboss.logging.Logger;

import java.time.Duration;

/**
 * Reads {@code lifeboat.backup.requests}: every valid {@code BackupRequested} is recorded once, then
 * acknowledged; anything else is refused (nacked) and so lands on {@code lifeboat.dead-letter}
 * with the reason in the {@code dead-letter-reason} header, while consumption goes on.
 */
@ApplicationScoped
public class BackupRequestConsumer {

    private static final Logger LOG = Logger.getLogger(BackupRequestConsumer.class);

    private final EventCodec codec = new EventCodec();
    private final BackupRequestIntake intake;

    public BackupRequestConsumer(BackupRequestIntake intake) {
        this.intake = intake;
    }

    @Incoming("backup-requests")
    public Uni<Void> consume(Message<byte[]> message) {
        CloudEvent<?> event;
        try {
            event = codec.decode(headers(message), message.getPayload());
            if (!(event.data() instanceof BackupRequested)) {
                throw new InvalidEventException(InvalidEventException.Problem.UNKNOWN_TYPE,
                        Topics.BACKUP_REQUESTS + " carries only dev.lifeboat.backup.requested.v1, not " + event.type());
            }
        } catch (InvalidEventException e) {
            LOG.warnf("Refused a message on %s (%s): %s", Topics.BACKUP_REQUESTS, e.problem(), e.getMessage());
            return Uni.createFrom().completionStage(message.nack(e));
        }
        @SuppressWarnings("unchecked")
        CloudEvent<BackupRequested> request = (CloudEvent<BackupRequested>) event;
        return intake.record(request)
                .onFailure().retry().withBackOff(Duration.ofMillis(200), Duration.ofSeconds(5)).atMost(5)
                .onItem().transformToUni(recorded -> Uni.createFrom().completionStage(message.ack()))
                .onFailure().recoverWithUni(e -> Uni.createFrom().completionStage(message.nack(e)));
    }

    private static Headers headers(Message<byte[]> message) {
        return message.getMetadata(IncomingKafkaRecordMetadata.class)
                .map(metadata -> metadata.getHeaders())
                .orElseGet(RecordHeaders::new);
    }
}
