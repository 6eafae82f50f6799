package dev.lifeboat.audit.replay;

import com.fasterxml.jackson.core.JsonProcessingException;
import dev.lifeboat.audit.entry.AuditEntry;
import dev.lifeboat.audit.entry.Outcome;
import dev.lifeboat.events.EventType;
import dev.lifeboat.events.data.EventData;
import dev.lifeboat.events.envelope.CloudEvent;
import dev.lifeboat.events.envelope.EventCodec;
import dev.lifeboat.events.envelope.InvalidEventException;
import dev.lifeboat.outbox.Outbox;
import dev.lifeboat.outbox.OutboxEntry;
import dev.lifeboat.service.reactive.ReactiveSessions;
import io.quarkus.hibernate.reactive.panache.Panache;
import jakarta.enterprise.context.ApplicationScoped;
import org.jboss.logging.Logger;

import java.util.Optional;
import java.util.Set;

/**
 * Publishes a dead-lettered event again, once its cause is mended (the consumer's database, a bug): the event the audit
 * log read off {@code lifeboat.dead-letter} goes back through the outbox to its type's topic, with its own id, source,
 * subject, time and correlation id, so a consumer that took it already ignores it by its id and the one that
 * dead-lettered it takes it now.
 * <p>
 * Only the types whose repeat cannot undo a newer state are sent again ({@link #REPLAYABLE}): a {@code BackupCompleted} is
 * verified and catalogued once whenever it comes. An older registration, verification result, expiry or deletion sent
 * again would overwrite what came after it, and a request would run without the API's checks of who asks and what, so
 * those are refused: a request is asked for again through the API.
 */
@ApplicationScoped
public class DeadLetterReplay {

    /** The event types sent again. */
    static final Set<EventType> REPLAYABLE = Set.of(EventType.BACKUP_COMPLETED);

    private static final Logger LOG = Logger.getLogger(DeadLetterReplay.class);

    private final EventCodec codec = new EventCodec();
    private final Outbox outbox;

    public DeadLetterReplay(Outbox outbox) {
        this.outbox = outbox;
    }

    /** What was published again. */
    public record Replayed(long seq, String eventId, String type, String topic) {
    }

    /**
     * Blocking: call on a worker thread. When this returns the event is committed to the outbox and published once
     * Kafka takes it.
     *
     * @param seq   the audit log's row of the dead letter
     * @param admin who replays it (the token's user), for the log
     * @throws ReplayRefused when the row is not there, is no dead letter, holds no event that may be sent again, or
     *                       its event was sent again already
     */
    public Replayed replay(long seq, String admin) {
        AuditEntry entry = ReactiveSessions.await(() -> Panache.withSession(() -> AuditEntry.<AuditEntry>findById(seq)));
        if (entry == null) {
            throw new ReplayRefused(404, "NOT_FOUND", "the audit log has no row " + seq);
        }
        if (entry.outcome != Outcome.DEAD_LETTERED) {
            throw new ReplayRefused(409, "NOT_A_DEAD_LETTER", "row " + seq + " is no dead letter (its outcome is " + entry.outcome + ")");
        }
        CloudEvent<?> event = event(entry);
        long sentBefore = ReactiveSessions.await(() -> Panache.withSession(() -> OutboxEntry.count("eventId", event.id())));
        if (sentBefore > 0) {
            throw new ReplayRefused(409, "ALREADY_REPLAYED", "event " + event.id() + " of row " + seq + " was sent again already");
        }
        outbox.commit(event);
        LOG.infof("%s replayed dead letter %d: %s %s to %s", admin, seq, event.type(), event.id(), event.eventType().topic());
        return new Replayed(seq, event.id(), event.type(), event.eventType().topic());
    }

    private CloudEvent<?> event(AuditEntry entry) {
        Optional<EventType> type = entry.eventId == null ? Optional.empty() : EventType.ofType(entry.type);
        if (type.isEmpty()) {
            throw new ReplayRefused(422, "UNREADABLE", "row " + entry.seq + " holds a message that was never a readable event ("
                    + entry.detail + "): there is nothing to send again; its publisher must send it anew");
        }
        if (!REPLAYABLE.contains(type.get())) {
            throw new ReplayRefused(422, "NOT_REPLAYABLE", "row " + entry.seq + " holds a " + entry.type + ", which is not sent again:"
                    + " only " + REPLAYABLE.stream().map(EventType::type).sorted().toList() + " are, whose repeat cannot undo a newer"
                    + " state; ask for a request again through the API");
        }
        EventData data;
        try {
            data = codec.mapper().readValue(entry.payload, type.get().dataClass());
        } catch (JsonProcessingException e) {
            throw new ReplayRefused(422, "UNREADABLE", "row " + entry.seq + "'s data is no " + type.get().dataClass().getSimpleName()
                    + ": " + e.getOriginalMessage());
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
