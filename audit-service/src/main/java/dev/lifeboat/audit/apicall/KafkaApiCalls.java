package dev.lifeboat.audit.apicall;

import dev.lifeboat.events.apicall.ApiCallRecorded;
import dev.lifeboat.events.envelope.CloudEvent;
import dev.lifeboat.service.apicall.ApiCallRecorder;
import io.smallrye.reactive.messaging.MutinyEmitter;
import io.smallrye.reactive.messaging.kafka.api.OutgoingKafkaRecordMetadata;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.reactive.messaging.Channel;
import org.eclipse.microprofile.reactive.messaging.Message;
import org.jboss.logging.Logger;

/**
 * The audit service's own refused calls (its API only reads), published to {@code lifeboat.api.calls} and logged from
 * there like every other service's. It has no outbox: a call refused while Kafka is down is logged here, not in the
 * audit log.
 */
@ApplicationScoped
public class KafkaApiCalls implements ApiCallRecorder {

    private static final Logger LOG = Logger.getLogger(KafkaApiCalls.class);
    private static final String SOURCE = "/lifeboat/audit-service";

    private final MutinyEmitter<CloudEvent<ApiCallRecorded>> kafka;

    public KafkaApiCalls(@Channel("api-calls-out") MutinyEmitter<CloudEvent<ApiCallRecorded>> kafka) {
        this.kafka = kafka;
    }

    @Override
    public void record(String correlationId, ApiCallRecorded call) {
        CloudEvent<ApiCallRecorded> event = CloudEvent.of(SOURCE, correlationId, call);
        kafka.sendMessage(Message.of(event).addMetadata(OutgoingKafkaRecordMetadata.<String>builder().withKey(event.subject()).build()))
                .subscribe().with(sent -> { }, failure -> LOG.errorf("The record of %s %s (%d, by %s) was not published: %s",
                        call.method(), call.path(), call.status(), call.actor(), failure.getMessage()));
    }
}
