package dev.lifeboat.audit.metrics;

import dev.lifeboat.audit.chain.ChainLink;
import dev.lifeboat.audit.chain.ChainReport;
import dev.lifeboat.audit.entry.AuditEntry;
import dev.lifeboat.audit.entry.Outcome;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import jakarta.enterprise.context.ApplicationScoped;

import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Collectors;

/**
 * What Grafana and an outside watcher read: rows logged per type and outcome, how far behind the log is,
 * the chain's head (its hash as a tag, so a rewrite of history shows as a hash that changed without new
 * rows), and the result of the last chain verification.
 */
@ApplicationScoped
public class AuditMetrics {

    private final MeterRegistry registry;
    private final Clock clock;
    private final Timer ingestLag;
    private final AtomicReference<Double> lastLagSeconds = new AtomicReference<>(0.0);
    private final AtomicReference<Double> intact = new AtomicReference<>(Double.NaN);
    private final AtomicReference<Double> verifiedRows = new AtomicReference<>(Double.NaN);
    private final AtomicReference<ChainLink> head = new AtomicReference<>();
    private final Counter deadLetters;
    private Gauge headGauge;

    public AuditMetrics(MeterRegistry registry, Clock clock) {
        this.registry = registry;
        this.clock = clock;
        this.ingestLag = Timer.builder("lifeboat.audit.ingest.lag")
                .description("From a message's Kafka timestamp to its row's commit, per polled batch (its oldest message)")
                .publishPercentileHistogram().register(registry);
        Gauge.builder("lifeboat.audit.ingest.lag.last", lastLagSeconds, AtomicReference::get).baseUnit("seconds")
                .description("The ingest lag of the last batch").register(registry);
        Gauge.builder("lifeboat.audit.chain.intact", intact, AtomicReference::get)
                .description("1 when the last verification found the chain intact, 0 when it found a break; NaN before the first")
                .register(registry);
        Gauge.builder("lifeboat.audit.chain.verified.rows", verifiedRows, AtomicReference::get)
                .description("Rows the last verification walked").register(registry);
        this.deadLetters = Counter.builder("lifeboat.audit.dead.letters")
                .description("Messages a consumer sent to the dead-letter topic, as the audit log received them (there at zero from the start)")
                .register(registry);
    }

    public void appended(List<AuditEntry> entries, long oldestKafkaTimestampMillis) {
        entries.stream().collect(Collectors.groupingBy(entry -> List.of(entry.type, entry.outcome.name()), Collectors.counting()))
                .forEach((typeAndOutcome, rows) -> Counter.builder("lifeboat.audit.entries").description("Rows appended to the audit log")
                        .tag("type", typeAndOutcome.get(0)).tag("outcome", typeAndOutcome.get(1)).register(registry).increment(rows));
        deadLetters.increment(entries.stream().filter(entry -> entry.outcome == Outcome.DEAD_LETTERED).count());
        if (oldestKafkaTimestampMillis != Long.MAX_VALUE) {
            Duration lag = Duration.ofMillis(Math.max(0, clock.millis() - oldestKafkaTimestampMillis));
            ingestLag.record(lag);
            lastLagSeconds.set(lag.toMillis() / 1000.0);
        }
        if (!entries.isEmpty()) {
            head(ChainLink.of(entries.get(entries.size() - 1)));
        }
    }

    public void verified(ChainReport report) {
        intact.set(report.intact() ? 1.0 : 0.0);
        verifiedRows.set((double) report.rows());
        Counter.builder("lifeboat.audit.chain.verifications").description("Chain verifications, by result")
                .tag("result", report.intact() ? "intact" : "broken").register(registry).increment();
        if (report.intact()) {
            head(new ChainLink(report.headSeq(), report.headHash()));
        }
    }

    /** The head as a gauge of its position, tagged with its hash; the previous head's series is removed. */
    public synchronized void head(ChainLink link) {
        ChainLink previous = head.get();
        if (previous != null && previous.seq() > link.seq()) {
            return;
        }
        head.set(link);
        if (headGauge != null) {
            registry.remove(headGauge);
        }
        headGauge = Gauge.builder("lifeboat.audit.chain.head", head, value -> value.get().seq())
                .description("The position of the chain's newest row; its hash is the 'hash' tag")
                .tag("hash", link.hash()).register(registry);
    }
}
