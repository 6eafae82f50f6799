package dev.lifeboat.restore;

import dev.lifeboat.realservers.postgres.PostgresServer;
import dev.lifeboat.restore.intake.RestoreRequestRecord;

import java.sql.Connection;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;

/** Journal rows of restores whose worker stopped answering, as the recovery tests write them, and sessions named as attempts'. */
final class RunningRestores {

    private RunningRestores() {
    }

    /** A restore of {@code databaseId} RUNNING as attempt 1, whose heartbeat is a minute old (not yet persisted). */
    static RestoreRequestRecord row(String restoreId, String databaseId, String targetKind, String target, String staging) {
        RestoreRequestRecord row = new RestoreRequestRecord();
        row.restoreId = restoreId;
        row.databaseId = databaseId;
        row.sourceKind = "LATEST";
        row.targetKind = targetKind;
        row.targetDatabase = target;
        row.stagingDatabase = staging;
        row.tables = targetKind.equals("TABLES") ? new String[]{"public.orders"} : new String[0];
        row.requestedBy = "admin";
        row.correlationId = restoreId;
        row.receivedAt = Instant.now().minus(Duration.ofMinutes(2));
        row.startedAt = row.receivedAt;
        row.heartbeatAt = Instant.now().minus(Duration.ofMinutes(1));
        row.status = "RUNNING";
        row.attempt = 1;
        return row;
    }

    /** A session of Lifeboat's own database under {@code applicationName}. */
    static Connection named(PostgresServer own, String applicationName) throws Exception {
        Connection session = own.connect(PostgresServer.DATABASE);
        try (Statement statement = session.createStatement()) {
            statement.execute("SET application_name = '" + applicationName + "'");
        }
        return session;
    }
}
