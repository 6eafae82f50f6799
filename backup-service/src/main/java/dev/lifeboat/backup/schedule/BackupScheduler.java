package dev.lifeboat.backup.schedule;

import dev.lifeboat.backup.intake.BackupRequestIntake;
import dev.lifeboat.backup.job.BackupWorker;
import dev.lifeboat.outbox.EventSource;
import dev.lifeboat.outbox.Outbox;
import dev.lifeboat.runtime.schedule.CronSchedule;
import dev.lifeboat.backup.registry.DatabaseRegistry;
import dev.lifeboat.backup.registry.RegisteredDatabase;
import dev.lifeboat.events.backup.BackupRequested;
import dev.lifeboat.events.backup.BackupTrigger;
import dev.lifeboat.events.envelope.CloudEvent;
import dev.lifeboat.service.stopping.EndsBeforeStop;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.scheduler.Scheduled;
import io.quarkus.vertx.VertxContextSupport;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import org.hibernate.exception.ConstraintViolationException;
import org.jboss.logging.Logger;

import java.time.Clock;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;

/**
 * Fires each database's cron schedule. A slot is claimed by inserting its row (database, time); only
 * the replica whose insert succeeds records the request in the queue and publishes its {@code BackupRequested} (through
 * the outbox), in the same transaction, so a slot fires once however many replicas run, and its backup waits for no round
 * trip through Kafka. A slot missed while no replica ran fires
 * once when one starts; slots before a database was registered never fire.
 */
@ApplicationScoped
public class BackupScheduler {

    private static final Logger LOG = Logger.getLogger(BackupScheduler.class);
    public static final String REQUESTED_BY = "lifeboat-scheduler";

    private final DatabaseRegistry registry;
    private final Outbox outbox;
    private final EventSource events;
    private final Clock clock;

    private final BackupRequestIntake intake;
    private final BackupWorker worker;

    public BackupScheduler(DatabaseRegistry registry, Outbox outbox, EventSource events, Clock clock, BackupRequestIntake intake,
                           BackupWorker worker) {
        this.registry = registry;
        this.intake = intake;
        this.worker = worker;
        this.outbox = outbox;
        this.events = events;
        this.clock = clock;
    }

    @EndsBeforeStop
    @Scheduled(every = "${lifeboat.tasks.schedule-tick}", concurrentExecution = Scheduled.ConcurrentExecution.SKIP,
            skipExecutionIf = Scheduled.ApplicationNotRunning.class)
    void tick() throws Throwable {
        Instant now = clock.instant();
        for (RegisteredDatabase database : VertxContextSupport.subscribeAndAwait(registry::all)) {
            fireDue(database, now);
        }
    }

    /** @return the request id published for the due slot, when this call fired it */
    public Optional<String> fireDue(RegisteredDatabase database, Instant now) throws Throwable {
        Optional<Instant> slot = CronSchedule.parse(database.schedule).lastSlotAtOrBefore(now);
        if (slot.isEmpty() || slot.get().isBefore(database.createdAt)) {
            return Optional.empty();
        }
        Instant fireAt = slot.get();
        String requestId = "schedule-" + database.id + "-" + fireAt.getEpochSecond();
        try {
            boolean fired = VertxContextSupport.subscribeAndAwait(() -> Panache.withTransaction(() ->
                    ScheduleFiring.<ScheduleFiring>find("databaseId = ?1 and fireAt = ?2", database.id, fireAt).firstResult()
                            .flatMap(existing -> existing != null ? Uni.createFrom().item(false) : claim(database, fireAt, requestId))));
            if (fired) {
                worker.wakeUp();
                LOG.infof("Schedule '%s' of %s fired for %s (request %s)", database.schedule, database.id, fireAt, requestId);
                return Optional.of(requestId);
            }
        } catch (Throwable e) {
            if (!isDuplicateKey(e)) {
                throw e;
            }
            LOG.debugf("Another replica fired %s of %s", fireAt, database.id);
        }
        return Optional.empty();
    }

    /** Two replicas inserting one slot: the second meets the primary key (SQLSTATE 23505), however the driver wraps it. */
    private static boolean isDuplicateKey(Throwable e) {
        for (Throwable cause = e; cause != null; cause = cause.getCause()) {
            if (cause instanceof ConstraintViolationException
                    || String.valueOf(cause.getMessage()).contains("23505")
                    || String.valueOf(cause.getMessage()).contains("duplicate key")) {
                return true;
            }
        }
        return false;
    }

    private Uni<Boolean> claim(RegisteredDatabase database, Instant fireAt, String requestId) {
        ScheduleFiring firing = new ScheduleFiring();
        firing.databaseId = database.id;
        firing.fireAt = fireAt;
        firing.requestId = requestId;
        BackupRequested request = new BackupRequested(requestId, database.id, BackupTrigger.SCHEDULE, REQUESTED_BY,
                Map.of("schedule", database.schedule, "slot", fireAt.toString()));
        CloudEvent<BackupRequested> event = CloudEvent.of(events.source(), requestId, request);
        return firing.persist().call(() -> Panache.getSession().flatMap(session -> session.flush()))
                .chain(() -> intake.record(event))
                .chain(() -> outbox.add(event))
                .replaceWith(true);
    }
}
