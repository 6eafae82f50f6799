package dev.lifeboat.audit.replay;

import com.fasterxml.jackson.core.JsonProcessingException;
import dev.lifeboat.audit.entry.AuditEntry;
import dev.lifeboat.audit.entry.Outcome;
import dev.lifeboat.events.EventType;
import dev.lifeboat.events.data.EventData;
import dev.lifeboat.events.data.Request;
import dev.lifeboat.events.envelope.CloudEvent;
import dev.lifeboat.events.envelope.EventCodec;
import dev.lifeboat.events.envelope.InvalidEventException;
import dev.lifeboat.outbox.Outbox;
import dev.lifeboat.service.reactive.ReactiveSessions;
import io.quarkus.hibernate.reactive.panache.Panache;
import jakarta.enterprise.context.ApplicationScoped;
import org.jboss.logging.Logger;

import java.util.Optional;

/**
 * Publishes a dead-lettered event again, once its cause is mended (the consumer's database, a registration, a bug): the
 * event the audit log read off {@code lifeboat.dead-letter} goes back through the outbox to its type's topic, with its
 * own id, source, subject, time and correlation id, so every consumer that took it already ignores it by its id and the
 * one that dead-lettered it takes it now. A request is sent as the admin's: its {@code requestedBy} becomes the admin who
 * replays it, and the services' signature vouches for that (its token was never kept), so the consumer applies the
 * admin's rights and the audit log names the admin.
 */
@ApplicationScoped
public class DeadLetterReplay {

    private static final Logger LOG = Logger.getLogger(DeadLetterReplay.class);

    private final EventCodec codec = new EventCodec();
    private final Outbox outbox;

    public DeadLetterReplay(Outbox outbox) {
        this.outbox = outbox;
    }

    /** What was published again. */
    public record Replayed(long seq, String eventId, String type, String topic, String requestedBy) {
    }

    /**
     * Blocking: call on a worker thread. When this returns the event is committed to the outbox and published once
     * Kafka takes it.
     *
     * @param seq   the audit log's row of the dead letter
     * @param admin who replays it (the token's user)
     * @throws ReplayRefused when the row is not there, is no dead letter, or holds no event that could be sent again
     */
    public Replayed replay(long seq, String admin) {
        AuditEntry entry = ReactiveSessions.await(() -> Panache.withSession(() -> AuditEntry.<AuditEntry>findById(seq)));
        if (entry == null) {
            throw new ReplayRefused(404, "NOT_FOUND", "the audit log has no row " + seq);
        }
        if (entry.outcome != Outcome.DEAD_LETTERED) {
            throw new ReplayRefused(409, "NOT_A_DEAD_LETTER", "row " + seq + " is no dead letter (its outcome is " + entry.outcome + ")");
        }
        CloudEvent<?> event = event(entry, admin);
        outbox.commit(event);
        String requestedBy = event.data() instanceof Request ? admin : null;
        LOG.infof("%s replayed dead letter %d: %s %s to %s", admin, seq, event.type(), event.id(), event.eventType().topic());
        return new Replayed(seq, event.id(), event.type(), event.eventType().topic(), requestedBy);
    }

    private CloudEvent<?> event(AuditEntry entry, String admin) {
        Optional<EventType> type = entry.eventId == null ? Optional.empty() : EventType.ofType(entry.type);
        if (type.isEmpty()) {
            throw new ReplayRefused(422, "UNREADABLE", "row " + entry.seq + " holds a message that was never a readable event ("
                    + entry.detail + "): there is nothing to send again; its publisher must send it anew");
        }
        EventData data;
        try {
            data = codec.mapper().readValue(entry.payload, type.get().dataClass());
        } catch (JsonProcessingException e) {
            throw new ReplayRefused(422, "UNREADABLE", "row " + entry.seq + "'s data is no " + type.get().dataClass().getSimpleName()
                    + ": " + e.getOriginalMessage());
        }
        if (data instanceof Request request) {
            data = request.requestedBy(admin);
        }
        CloudEvent<?> event = new CloudEvent<>(entry.eventId, entry.source, entry.type, entry.databaseId, entry.occurredAt,
                entry.correlationId, data);
        try {
            codec.check(event);
        } catch (InvalidEventException e) {
            throw new ReplayRefused(422, "INVALID_EVENT", "row " + entry.seq + " holds an event its consumers refuse: " + e.getMessage());
        }
        return event;
    }
}
