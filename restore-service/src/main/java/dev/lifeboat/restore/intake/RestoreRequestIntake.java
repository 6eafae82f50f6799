package dev.lifeboat.restore.intake;

import dev.lifeboat.events.envelope.CloudEvent;
import dev.lifeboat.events.restore.RestoreRequested;
import dev.lifeboat.events.restore.RestoreTarget;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import org.jboss.logging.Logger;

import java.time.Instant;

/** Records each restore request once: a restore id seen before is acknowledged and otherwise ignored. */
@ApplicationScoped
public class RestoreRequestIntake {

    private static final Logger LOG = Logger.getLogger(RestoreRequestIntake.class);

    /** @return true when the request was new */
    public Uni<Boolean> record(CloudEvent<RestoreRequested> event) {
        RestoreRequested request = event.data();
        return Panache.withTransaction(() -> RestoreRequestRecord.<RestoreRequestRecord>findById(request.restoreId())
                .onItem().ifNotNull().transform(existing -> false)
                .onItem().ifNull().switchTo(() -> {
                    RestoreRequestRecord row = new RestoreRequestRecord();
                    row.restoreId = request.restoreId();
                    row.databaseId = request.databaseId();
                    row.sourceKind = request.source().kind().name();
                    row.backupId = request.source().backupId();
                    row.pointInTime = request.source().pointInTime();
                    row.beforeTransaction = request.source().beforeTransaction();
                    row.includeSafetyBackups = request.source().safetyBackupsIncluded();
                    row.targetKind = request.target().kind().name();
                    row.targetDatabase = request.target().databaseName();
                    row.tables = request.target().tables().toArray(String[]::new);
                    row.includeDependents = Boolean.TRUE.equals(request.target().includeDependents());
                    // a restore into a new database never takes one; whether TABLES go into the live database is known once resolved
                    row.safetyBackup = request.safetyBackup() && request.target().kind() != RestoreTarget.Kind.NEW_DATABASE;
                    row.requestedBy = request.requestedBy();
                    row.correlationId = event.correlationId();
                    row.receivedAt = Instant.now();
                    row.status = "RECEIVED";
                    LOG.infof("Restore request %s for %s received (%s from %s, by %s)", request.restoreId(),
                            request.databaseId(), request.target().kind(), request.source().kind(), request.requestedBy());
                    return row.persist().replaceWith(true);
                }));
    }

    /** How many restore requests wait for the restore pipeline; counting them proves the schema is there. */
    public Uni<Long> waiting() {
        return Panache.withSession(() -> RestoreRequestRecord.count("status", "RECEIVED"));
    }
}
