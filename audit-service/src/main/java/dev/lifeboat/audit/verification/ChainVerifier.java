package dev.lifeboat.audit.verification;

import dev.lifeboat.audit.chain.ChainAnchor;
import dev.lifeboat.audit.chain.ChainReport;
import dev.lifeboat.audit.chain.EntryDigest;
import dev.lifeboat.audit.chain.ChainLink;
import dev.lifeboat.audit.entry.AuditEntry;
import dev.lifeboat.audit.metrics.AuditMetrics;
import dev.lifeboat.service.stopping.EndsBeforeStop;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.scheduler.Scheduled;
import io.quarkus.vertx.VertxContextSupport;
import jakarta.enterprise.context.ApplicationScoped;
import org.jboss.logging.Logger;

import java.util.List;

/**
 * Walks the chain from its anchor to its head, a page at a time (memory does not grow with the log),
 * recomputing every row's hash: the first row whose content changed, whose link to the row before is
 * wrong, or that follows a missing row is named. Runs on a worker thread: on demand, and on a schedule
 * so the {@code lifeboat.audit.chain.intact} metric stays current.
 */
@ApplicationScoped
public class ChainVerifier {

    private static final Logger LOG = Logger.getLogger(ChainVerifier.class);
    static final int PAGE = 1000;

    private final AuditMetrics metrics;

    public ChainVerifier(AuditMetrics metrics) {
        this.metrics = metrics;
    }

    @EndsBeforeStop
    @Scheduled(every = "${lifeboat.audit.verify-every}", delayed = "10s", concurrentExecution = Scheduled.ConcurrentExecution.SKIP,
            skipExecutionIf = Scheduled.ApplicationNotRunning.class)
    void scheduled() {
        try {
            ChainReport report = verify();
            if (!report.intact()) {
                LOG.errorf("The audit chain is broken: %s", report.summary());
            }
        } catch (Throwable e) {
            LOG.warnf("Scheduled chain verification could not run: %s", e.getMessage());
        }
    }

    /** Blocking: call on a worker thread. */
    public ChainReport verify() throws Throwable {
        ChainLink anchor = ChainLink.of(VertxContextSupport.subscribeAndAwait(() -> Panache.withSession(ChainAnchor::newest)));
        ChainLink previous = anchor;
        long rows = 0;
        while (true) {
            long after = previous.seq();
            List<AuditEntry> page = VertxContextSupport.subscribeAndAwait(() -> Panache.withSession(() ->
                    AuditEntry.<AuditEntry>find("seq > ?1 order by seq", after).range(0, PAGE - 1).list()));
            for (AuditEntry entry : page) {
                String problem = problem(previous, entry);
                if (problem != null) {
                    return report(ChainReport.broken(rows, anchor, Math.min(entry.seq, previous.seq() + 1),
                            entry.seq == previous.seq() + 1 ? entry.messageKey : null, problem));
                }
                rows++;
                previous = ChainLink.of(entry);
            }
            if (page.size() < PAGE) {
                return report(ChainReport.intact(rows, anchor, previous));
            }
        }
    }

    private static String problem(ChainLink previous, AuditEntry entry) {
        if (entry.seq != previous.seq() + 1) {
            return "row " + (previous.seq() + 1) + " is missing (the next row is " + entry.seq + ")";
        }
        if (!previous.hash().equals(entry.prevHash)) {
            return "its previous hash does not match row " + previous.seq() + (previous.seq() == 0 ? " (the start)" : "");
        }
        if (!EntryDigest.of(entry).equals(entry.hash)) {
            return "its content does not match its hash: the row was changed after it was written";
        }
        return null;
    }

    private ChainReport report(ChainReport report) {
        metrics.verified(report);
        return report;
    }
}
