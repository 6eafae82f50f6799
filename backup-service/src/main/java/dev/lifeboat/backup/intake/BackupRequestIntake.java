package dev.lifeboat.backup.intake;

import dev.lifeboat.events.backup.BackupRequested;
import dev.lifeboat.events.envelope.CloudEvent;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.panache.common.Page;
import io.quarkus.panache.common.Parameters;
import io.quarkus.panache.common.Sort;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import org.jboss.logging.Logger;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/** Records each backup request once: a request id seen before is acknowledged and otherwise ignored. */
@ApplicationScoped
public class BackupRequestIntake {

    private static final Logger LOG = Logger.getLogger(BackupRequestIntake.class);

    /** @return true when the request was new, false when its id had been recorded already */
    public Uni<Boolean> record(CloudEvent<BackupRequested> event) {
        BackupRequested request = event.data();
        return Panache.withTransaction(() -> BackupRequestRecord.<BackupRequestRecord>findById(request.requestId())
                .onItem().transformToUni(existing -> {
                    if (existing != null) {
                        LOG.debugf("Backup request %s already recorded; ignoring the repeat", request.requestId());
                        return Uni.createFrom().item(false);
                    }
                    BackupRequestRecord row = new BackupRequestRecord();
                    row.requestId = request.requestId();
                    row.databaseId = request.databaseId();
                    row.trigger = request.trigger().name();
                    row.requestedBy = request.requestedBy();
                    row.labels = request.labels();
                    row.eventId = event.id();
                    row.correlationId = event.correlationId();
                    row.source = event.source();
                    row.receivedAt = Instant.now();
                    row.status = BackupRequestRecord.Status.RECEIVED;
                    row.nextAttemptAt = row.receivedAt;
                    LOG.infof("Backup request %s for %s received (%s, by %s)", request.requestId(), request.databaseId(),
                            request.trigger(), request.requestedBy());
                    return row.persist().replaceWith(true);
                }));
    }

    public Uni<BackupRequestRecord> find(String requestId) {
        return Panache.withSession(() -> BackupRequestRecord.findById(requestId));
    }

    /** One page of requests, newest first, and how many match in all. */
    public record Listing(List<BackupRequestRecord> requests, long total) {
    }

    /** @param databaseId or null for every database; @param status or null for every status */
    public Uni<Listing> list(String databaseId, BackupRequestRecord.Status status, int page, int size) {
        List<String> conditions = new ArrayList<>();
        Parameters parameters = new Parameters();
        if (databaseId != null) {
            conditions.add("databaseId = :databaseId");
            parameters.and("databaseId", databaseId);
        }
        if (status != null) {
            conditions.add("status = :status");
            parameters.and("status", status);
        }
        return Panache.withSession(() -> {
            var found = BackupRequestRecord.<BackupRequestRecord>find(String.join(" and ", conditions),
                    Sort.descending("receivedAt").and("requestId", Sort.Direction.Descending), parameters);
            return found.page(Page.of(page, size)).list().flatMap(rows -> found.count().map(total -> new Listing(rows, total)));
        });
    }

    /** When the newest request arrived, or null before the first; reading it proves the schema is there. */
    public Uni<Instant> lastReceivedAt() {
        return Panache.withSession(() -> BackupRequestRecord.<BackupRequestRecord>find("order by receivedAt desc").firstResult())
                .map(row -> row == null ? null : row.receivedAt);
    }
}
