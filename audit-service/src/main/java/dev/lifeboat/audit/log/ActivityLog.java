package dev.lifeboat.audit.log;

import dev.lifeboat.audit.entry.EntryDraft;
import dev.lifeboat.audit.entry.AuditEntry;
import dev.lifeboat.audit.chain.ChainAnchor;
import dev.lifeboat.audit.chain.ChainLink;
import dev.lifeboat.audit.chain.EntryDigest;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;

import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Appends to the hash chain. Appends are serialized by a transaction-scoped advisory lock, so replicas
 * never fork the chain; a message whose key is already logged is skipped, so redelivery is a no-op.
 */
@ApplicationScoped
public class ActivityLog {

    /** The advisory lock every append takes: one writer at a time across replicas. */
    static final long APPEND_LOCK = 0x4c_69_66_65_41_75_64L;

    private final Clock clock;

    public ActivityLog(Clock clock) {
        this.clock = clock;
    }

    /** Appends the drafts not yet logged, in order, in one transaction. @return the rows appended */
    public Uni<List<AuditEntry>> append(List<EntryDraft> drafts) {
        if (drafts.isEmpty()) {
            return Uni.createFrom().item(List.of());
        }
        return Panache.withTransaction(() -> lockAppends()
                .chain(ignored -> head())
                .chain(head -> alreadyLogged(drafts).chain(logged -> {
                    List<EntryDraft> fresh = unlogged(drafts, logged);
                    if (fresh.isEmpty()) {
                        return Uni.createFrom().item(List.<AuditEntry>of());
                    }
                    return flowActors(fresh).chain(actors -> {
                        List<AuditEntry> entries = chain(head, fresh, actors);
                        return AuditEntry.persist(entries).replaceWith(entries);
                    });
                })));
    }

    /** The row the next append links to. Call inside a session. */
    public static Uni<ChainLink> head() {
        return AuditEntry.<AuditEntry>find("order by seq desc").firstResult().chain(newest -> newest != null
                ? Uni.createFrom().item(ChainLink.of(newest))
                : ChainAnchor.newest().map(ChainLink::of));
    }

    /** Holds the append lock until the transaction ends. Call inside a transaction. */
    public static Uni<Void> lockAppends() {
        return Panache.getSession().chain(session -> session
                .createNativeQuery("select count(*) from (select pg_advisory_xact_lock(" + APPEND_LOCK + ")) as locked")
                .getSingleResult()).replaceWithVoid();
    }

    private static Uni<Set<String>> alreadyLogged(List<EntryDraft> drafts) {
        List<String> keys = drafts.stream().map(EntryDraft::messageKey).distinct().toList();
        return Panache.getSession().chain(session -> session
                .createQuery("select e.messageKey from AuditEntry e where e.messageKey in :keys", String.class)
                .setParameter("keys", keys).getResultList()).map(HashSet::new);
    }

    private static List<EntryDraft> unlogged(List<EntryDraft> drafts, Set<String> logged) {
        Set<String> seen = new HashSet<>(logged);
        return drafts.stream().filter(draft -> seen.add(draft.messageKey())).toList();
    }

    /** The actor of each flow (correlation id) a draft without one belongs to: whoever made its request. */
    private static Uni<Map<String, String>> flowActors(List<EntryDraft> drafts) {
        Set<String> flows = drafts.stream().filter(draft -> draft.actor() == null).map(EntryDraft::correlationId)
                .filter(Objects::nonNull).collect(Collectors.toSet());
        if (flows.isEmpty()) {
            return Uni.createFrom().item(Map.of());
        }
        return Panache.getSession().chain(session -> session
                        .createQuery("select e.correlationId, e.actor from AuditEntry e where e.correlationId in :flows"
                                + " and e.actor is not null order by e.seq", Object[].class)
                        .setParameter("flows", flows).getResultList())
                .map(rows -> {
                    Map<String, String> actors = new HashMap<>();
                    rows.forEach(row -> actors.putIfAbsent((String) row[0], (String) row[1]));
                    return actors;
                });
    }

    private List<AuditEntry> chain(ChainLink head, List<EntryDraft> drafts, Map<String, String> flowActors) {
        Map<String, String> actors = new HashMap<>(flowActors);
        Instant now = clock.instant().truncatedTo(ChronoUnit.MICROS);
        List<AuditEntry> entries = new ArrayList<>(drafts.size());
        ChainLink previous = head;
        for (EntryDraft draft : drafts) {
            EntryDraft withActor = draft.actor() == null && draft.correlationId() != null && actors.containsKey(draft.correlationId())
                    ? draft.withActor(actors.get(draft.correlationId())) : draft;
            if (withActor.actor() != null && withActor.correlationId() != null) {
                actors.putIfAbsent(withActor.correlationId(), withActor.actor());
            }
            AuditEntry entry = row(previous, withActor, now);
            entries.add(entry);
            previous = ChainLink.of(entry);
        }
        return entries;
    }

    /** PostgreSQL text cannot hold NUL: a key or header that carries one must not stall the log. */
    private static String text(String value) {
        return value == null || value.indexOf('\0') < 0 ? value : value.replace('\0', '\uFFFD');
    }

    /** The row after {@code previous}, hashed. */
    public static AuditEntry row(ChainLink previous, EntryDraft draft, Instant recordedAt) {
        AuditEntry entry = new AuditEntry();
        entry.seq = previous.seq() + 1;
        entry.messageKey = text(draft.messageKey());
        entry.topic = text(draft.topic());
        entry.kafkaPartition = draft.partition();
        entry.kafkaOffset = draft.offset();
        entry.eventId = text(draft.eventId());
        entry.type = text(draft.type());
        entry.source = text(draft.source());
        entry.databaseId = text(draft.databaseId());
        entry.correlationId = text(draft.correlationId());
        entry.actor = text(draft.actor());
        entry.outcome = draft.outcome();
        entry.detail = text(draft.detail());
        entry.occurredAt = draft.occurredAt().truncatedTo(ChronoUnit.MICROS);
        entry.recordedAt = recordedAt.truncatedTo(ChronoUnit.MICROS);
        entry.payload = draft.payload();
        entry.prevHash = previous.hash();
        entry.hash = EntryDigest.ofNew(entry);
        return entry;
    }
}
