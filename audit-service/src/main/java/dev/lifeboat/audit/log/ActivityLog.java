package dev.lifeboat.audit.log;

import com.fasterxml.jackson.core.type.TypeReference;
import dev.lifeboat.events.envelope.CloudEvent;
import dev.lifeboat.events.envelope.EventCodec;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;

import java.time.Instant;
import java.util.List;
import java.util.Map;

/** The activity log: every message appended once, read newest first. */
@ApplicationScoped
public class ActivityLog {

    private static final TypeReference<Map<String, Object>> AS_MAP = new TypeReference<>() {
    };

    private final EventCodec codec = new EventCodec();

    public Uni<Void> append(String topic, CloudEvent<?> event) {
        return Panache.withTransaction(() -> AuditEntry.<AuditEntry>findById(event.id())
                .onItem().ifNull().switchTo(() -> {
                    AuditEntry entry = new AuditEntry();
                    entry.eventId = event.id();
                    entry.topic = topic;
                    entry.type = event.type();
                    entry.source = event.source();
                    entry.databaseId = event.subject();
                    entry.correlationId = event.correlationId();
                    entry.data = codec.mapper().convertValue(event.data(), AS_MAP);
                    entry.actor = actorOf(entry.data);
                    entry.occurredAt = event.time();
                    entry.receivedAt = Instant.now();
                    return entry.persist();
                })
                .replaceWithVoid());
    }

    private static String actorOf(Map<String, Object> data) {
        Object actor = data.getOrDefault("requestedBy", data.get("deletedBy"));
        return actor == null ? null : actor.toString();
    }

    public Uni<List<AuditEntry>> newest(String databaseId, int limit) {
        return Panache.withSession(() -> (databaseId == null
                ? AuditEntry.<AuditEntry>find("order by receivedAt desc")
                : AuditEntry.<AuditEntry>find("databaseId = ?1 order by receivedAt desc", databaseId))
                .page(0, limit).list());
    }

    /** When the newest entry arrived, or null before the first: how fresh the log is. */
    public Uni<Instant> newestReceivedAt() {
        return Panache.withSession(() -> AuditEntry.<AuditEntry>find("order by receivedAt desc").firstResult())
                .map(entry -> entry == null ? null : entry.receivedAt);
    }
}
