package dev.lifeboat.audit.retention;

import dev.lifeboat.audit.chain.CanonicalJson;
import dev.lifeboat.audit.chain.ChainAnchor;
import dev.lifeboat.audit.config.AuditConfig;
import dev.lifeboat.audit.log.ActivityLog;
import dev.lifeboat.audit.entry.AuditEntry;
import dev.lifeboat.audit.entry.EntryDraft;
import dev.lifeboat.audit.entry.Outcome;
import dev.lifeboat.audit.metrics.AuditMetrics;
import dev.lifeboat.service.stopping.EndsBeforeStop;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.scheduler.Scheduled;
import io.quarkus.vertx.VertxContextSupport;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import org.jboss.logging.Logger;

import java.time.Clock;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * Removes the rows recorded longer ago than {@code lifeboat.audit.retention}, oldest first, through the
 * database function {@code prune_through} (the only way rows are ever deleted). The hash of the last
 * removed row becomes the chain's anchor, so what remains still verifies, and the prune itself is
 * appended to the chain as a {@value #PRUNED_TYPE} row saying who pruned what, in the same transaction.
 */
@ApplicationScoped
public class AuditRetention {

    public static final String PRUNED_TYPE = "dev.lifeboat.audit.pruned.v1";
    /** The topic column of the log's own rows, which come from no Kafka topic. */
    public static final String OWN_TOPIC = "audit-service";

    private static final Logger LOG = Logger.getLogger(AuditRetention.class);

    private final AuditConfig config;
    private final Clock clock;
    private final AuditMetrics metrics;

    public AuditRetention(AuditConfig config, Clock clock, AuditMetrics metrics) {
        this.config = config;
        this.clock = clock;
        this.metrics = metrics;
    }

    @EndsBeforeStop
    @Scheduled(cron = "${lifeboat.audit.prune-cron}", concurrentExecution = Scheduled.ConcurrentExecution.SKIP,
            skipExecutionIf = Scheduled.ApplicationNotRunning.class)
    void scheduled() {
        try {
            PruneResult result = VertxContextSupport.subscribeAndAwait(() -> prune("retention schedule"));
            if (result.prunedRows() > 0) {
                LOG.infof("Pruned %d audit rows recorded before %s; the chain is anchored at row %d", result.prunedRows(),
                        result.cutoff(), result.throughSeq());
            }
        } catch (Throwable e) {
            LOG.warnf("Audit retention could not run: %s", e.getMessage());
        }
    }

    /** Prunes what retention allows now, on behalf of {@code actor}. */
    public Uni<PruneResult> prune(String actor) {
        Instant cutoff = clock.instant().minus(config.retention());
        return Panache.withTransaction(() -> ActivityLog.lockAppends()
                .chain(locked -> Panache.getSession().chain(session -> session
                        .createQuery("select max(e.seq) from AuditEntry e where e.recordedAt < :cutoff", Long.class)
                        .setParameter("cutoff", cutoff).getSingleResultOrNull()))
                .chain(last -> last == null ? Uni.createFrom().item(PruneResult.nothingBefore(cutoff)) : pruneThrough(last, cutoff, actor)));
    }

    private Uni<PruneResult> pruneThrough(long last, Instant cutoff, String actor) {
        return Panache.getSession()
                .chain(session -> session.createNativeQuery("select audit.prune_through(:last)", Long.class)
                        .setParameter("last", last).getSingleResult())
                .chain(pruned -> ChainAnchor.<ChainAnchor>findById(last).chain(anchor -> ActivityLog.head().chain(head -> {
                    AuditEntry entry = ActivityLog.row(head, draft(pruned, anchor, cutoff, actor), clock.instant());
                    return entry.persist().replaceWith(new PruneResult(pruned, last, anchor.hash, cutoff, entry.seq))
                            .invoke(() -> metrics.appended(List.of(entry), Long.MAX_VALUE));
                })));
    }

    private EntryDraft draft(long pruned, ChainAnchor anchor, Instant cutoff, String actor) {
        Map<String, Object> payload = new LinkedHashMap<>();
        payload.put("prunedRows", pruned);
        payload.put("throughSeq", anchor.throughSeq);
        payload.put("anchorHash", anchor.hash);
        payload.put("recordedBefore", cutoff.toString());
        payload.put("retention", config.retention().toString());
        String id = UUID.randomUUID().toString();
        return new EntryDraft(OWN_TOPIC + "/" + id, OWN_TOPIC, null, null, id, PRUNED_TYPE, "/audit-service",
                null, null, actor, Outcome.PRUNED,
                "pruned " + pruned + " rows recorded before " + cutoff + " (retention " + config.retention() + ")",
                clock.instant(), CanonicalJson.ofValue(payload));
    }
}
