package dev.lifeboat.audit.messaging;

import dev.lifeboat.service.messaging.ConsumerRetry;
import dev.lifeboat.audit.ingest.MessageReading;
import dev.lifeboat.audit.log.ActivityLog;
import dev.lifeboat.audit.entry.EntryDraft;
import dev.lifeboat.audit.metrics.AuditMetrics;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.jboss.logging.Logger;

import java.util.ArrayList;
import java.util.List;

/**
 * Reads every Lifeboat topic, the dead-letter topic included, as raw bytes, a poll's batch at a time,
 * and appends each message to the log in one transaction; the batch's offsets are committed only after
 * that transaction commits. Nothing is skipped: a message that is not a valid event is logged as refused,
 * and while the database is away the batch is retried (the lag grows; the readiness check says why).
 */
@ApplicationScoped
public class ActivityConsumer {

    private static final Logger LOG = Logger.getLogger(ActivityConsumer.class);

    private final MessageReading reading;
    private final ActivityLog log;
    private final AuditMetrics metrics;
    private final ConsumerRetry retry;

    public ActivityConsumer(MessageReading reading, ActivityLog log, AuditMetrics metrics, ConsumerRetry retry) {
        this.reading = reading;
        this.log = log;
        this.metrics = metrics;
        this.retry = retry;
    }

    @Incoming("lifeboat-topics")
    public Uni<Void> consume(ConsumerRecords<String, byte[]> records) {
        List<EntryDraft> drafts = new ArrayList<>(records.count());
        long oldestTimestamp = Long.MAX_VALUE;
        for (ConsumerRecord<String, byte[]> record : records) {
            drafts.add(reading.read(record));
            oldestTimestamp = Math.min(oldestTimestamp, record.timestamp());
        }
        long oldest = oldestTimestamp;
        return retry.retrying(log.append(drafts)
                .onFailure().invoke(e -> LOG.warnf("Appending %d messages to the audit log failed, retrying: %s", drafts.size(), e.getMessage())))
                .invoke(appended -> metrics.appended(appended, oldest))
                .replaceWithVoid();
    }
}
