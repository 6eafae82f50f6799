package dev.lifeboat.notifier.reminder;

import dev.lifeboat.notifier.restoretest.RestoreTestSeen;
import dev.lifeboat.events.envelope.CloudEvent;
import dev.lifeboat.runtime.schedule.CronSchedule;
import dev.lifeboat.notifier.channel.Channels;
import dev.lifeboat.notifier.config.NotifierConfig;
import dev.lifeboat.notifier.delivery.DeliveryPlanner;
import dev.lifeboat.notifier.message.Message;
import dev.lifeboat.notifier.routing.RegisteredLabels;
import dev.lifeboat.notifier.routing.Route;
import dev.lifeboat.notifier.message.Severity;
import dev.lifeboat.service.stopping.EndsBeforeStop;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.scheduler.Scheduled;
import io.quarkus.vertx.VertxContextSupport;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import org.jboss.logging.Logger;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * On the reminder schedule (quarterly by default), with each database's newest restore test
 * ({@link dev.lifeboat.notifier.restoretest.NewestRestoreTests}), asks the configured channels to review the restore-test reports: one line per database with its last
 * test's verdict, date, RTO and RPO, and a link to the report when the verifier's URL is configured; registered
 * databases never restore-tested come first (the registry, {@code lifeboat.databases}, knows them all). A
 * slot fires once; a slot missed by less than a day (the service was down) fires late.
 */
@ApplicationScoped
public class RestoreTestReminders {

    private static final Logger LOG = Logger.getLogger(RestoreTestReminders.class);
    private static final Duration LATE_FIRING = Duration.ofDays(1);

    private final NotifierConfig config;
    private final Channels channels;
    private final Clock clock;
    private final CronSchedule schedule;

    public RestoreTestReminders(NotifierConfig config, Channels channels, Clock clock) {
        this.config = config;
        this.channels = channels;
        this.clock = clock;
        this.schedule = CronSchedule.parse(config.reminder().schedule());
    }

    @EndsBeforeStop
    @Scheduled(every = "${lifeboat.tasks.reminder-tick}", concurrentExecution = Scheduled.ConcurrentExecution.SKIP,
            skipExecutionIf = Scheduled.ApplicationNotRunning.class)
    void tick() throws Throwable {
        Instant now = clock.instant();
        Optional<Instant> slot = schedule.lastSlotAtOrBefore(now);
        if (slot.isEmpty() || slot.get().isBefore(now.minus(LATE_FIRING))) {
            return;
        }
        fire(slot.get(), now);
    }

    /** Plans the reminder of {@code slot} to every reminded channel, unless that slot fired already. */
    public void fire(Instant slot, Instant now) throws Throwable {
        List<Route> routes = config.reminder().channels().stream().filter(channels::enabled)
                .map(channel -> new Route(channel, channels.recipients(channel, List.of()), "reminder")).toList();
        boolean fired = VertxContextSupport.subscribeAndAwait(() -> Panache.withTransaction(() ->
                ReminderSlot.<ReminderSlot>findById(slot).chain(done -> {
                    if (done != null) {
                        return Uni.createFrom().item(false);
                    }
                    ReminderSlot firing = new ReminderSlot();
                    firing.slot = slot;
                    firing.firedAt = now;
                    return firing.persist().chain(() -> RestoreTestSeen.<RestoreTestSeen>list("order by databaseId"))
                            .chain(tests -> RegisteredLabels.<RegisteredLabels>list("order by databaseId").map(registered -> {
                                Set<String> tested = tests.stream().map(test -> test.databaseId).collect(Collectors.toSet());
                                return message(registered.stream().map(row -> row.databaseId).filter(id -> !tested.contains(id)).toList(),
                                        tests, slot);
                            }))
                            .chain(message -> {
                                Uni<Void> chain = Uni.createFrom().voidItem();
                                for (Route route : routes) {
                                    chain = chain.chain(() -> DeliveryPlanner.reminder("reminder-" + slot, route, message, now)
                                            .persist().replaceWithVoid());
                                }
                                return chain.replaceWith(true);
                            });
                })));
        if (fired) {
            LOG.infof("Restore-test reminder of %s planned for %s", slot, routes.stream().map(Route::channel).toList());
        }
    }

    /** @param neverTested registered databases without a restore test: named first, as they are the least proven */
    Message message(List<String> neverTested, List<RestoreTestSeen> tests, Instant slot) {
        Map<String, String> fields = new LinkedHashMap<>();
        if (tests.isEmpty() && neverTested.isEmpty()) {
            fields.put("Restore tests", "none has run yet: start one with POST /api/restore-tests");
        }
        for (String databaseId : neverTested) {
            fields.put(databaseId, "NEVER restore-tested: nothing proves its backups restore; start one with POST /api/restore-tests "
                    + "{\"databaseId\":\"" + databaseId + "\"}");
        }
        for (RestoreTestSeen test : tests) {
            String line = (test.passed ? "PASS" : "FAIL") + " on " + test.testedAt + ", RTO " + test.restoreDurationMs + " ms, RPO "
                    + test.backupAgeSeconds + " s" + config.reminder().reportsUrl()
                    .map(url -> ", report " + url.replaceAll("/+$", "") + "/api/restore-tests/" + test.testId + "/report")
                    .orElse(test.reportKey != null ? ", report s3 key " + test.reportKey : "");
            fields.put(test.databaseId, line);
        }
        String title = "Quarterly review: the last restore test of " + tests.size() + (tests.size() == 1 ? " database" : " databases")
                + (neverTested.isEmpty() ? "" : "; " + neverTested.size() + " never restore-tested");
        return new Message(title, Severity.INFO, "all-databases", "reminder", null, "reminder-" + slot, slot, fields,
                null, null);
    }
}
