package dev.lifeboat.audit;

import dev.lifeboat.events.backup.BackupRequested;
import dev.lifeboat.events.backup.BackupTrigger;
import dev.lifeboat.events.envelope.CloudEvent;
import dev.lifeboat.realservers.RealServers;
import dev.lifeboat.realservers.quarkus.InjectRealServers;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.vertx.VertxContextSupport;
import io.restassured.path.json.JsonPath;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Nobody edits the record quietly: the service's own role cannot update or delete, a trigger refuses
 * updates even to the owner, and a row a superuser changes (with triggers off) or removes is named by
 * {@code /api/audit/verify}. Each test puts the row back, so the chain is intact for the tests after it.
 */
@QuarkusTest
class ChainTamperTest {

    @InjectRealServers
    RealServers servers;

    private AuditTrail trail;
    private long seq;
    private String messageKey;

    @BeforeEach
    void logOneRequest() {
        trail = AuditTrail.on(servers);
        String flow = "tamper-" + UUID.randomUUID();
        CloudEvent<BackupRequested> event = AuditTrail.event(flow, Instant.now(),
                new BackupRequested("req-tamper", "tamper-db", BackupTrigger.MANUAL, "grace", Map.of()));
        trail.publish(event);
        JsonPath logged = AuditTrail.awaitLogged(flow, event.id());
        seq = logged.getLong("entries[0].seq");
        messageKey = logged.getString("entries[0].topic") + "/" + event.id();
        assertThat(AuditTrail.verify().getBoolean("intact")).isTrue();
    }

    @Test
    void theServicesOwnRoleMayReadAndAppendButNotUpdateOrDelete() throws Throwable {
        assertThat(throughTheServicesPool("select cast(current_user as text)")).isEqualTo("lifeboat_audit_writer");
        assertThatThrownBy(() -> throughTheServicesPool("update audit.audit_entry set actor = 'mallory' where seq = " + seq))
                .hasMessageContaining("permission denied");
        assertThatThrownBy(() -> throughTheServicesPool("delete from audit.audit_entry where seq = " + seq))
                .hasMessageContaining("permission denied");
        assertThatThrownBy(() -> throughTheServicesPool("update audit.chain_anchor set hash = 'x'"))
                .hasMessageContaining("permission denied");
        assertThat(AuditTrail.verify().getBoolean("intact")).isTrue();
    }

    private static Object throughTheServicesPool(String sql) throws Throwable {
        return VertxContextSupport.subscribeAndAwait(() -> Panache.withTransaction(() -> Panache.getSession()
                .chain(session -> sql.startsWith("select")
                        ? session.createNativeQuery(sql, String.class).getSingleResult()
                        : session.createNativeQuery(sql).executeUpdate())));
    }

    @Test
    void aTriggerRefusesUpdatesAndDeletesEvenToTheOwner() throws SQLException {
        try (Connection connection = superuser(); Statement sql = connection.createStatement()) {
            assertThatThrownBy(() -> sql.execute("UPDATE audit.audit_entry SET actor = 'mallory' WHERE seq = " + seq))
                    .hasMessageContaining("the audit log is append-only: UPDATE on audit.audit_entry is refused");
            assertThatThrownBy(() -> sql.execute("DELETE FROM audit.audit_entry WHERE seq = " + seq))
                    .hasMessageContaining("append-only: DELETE");
            assertThatThrownBy(() -> sql.execute("TRUNCATE audit.audit_entry"))
                    .hasMessageContaining("append-only: TRUNCATE");
        }
        assertThat(AuditTrail.verify().getBoolean("intact")).isTrue();
    }

    @Test
    void aRowChangedByASuperuserWithTriggersOffIsNamedByVerify() throws SQLException {
        try (Connection connection = superuser(); Statement sql = connection.createStatement()) {
            sql.execute("SET session_replication_role = replica");
            sql.execute("UPDATE audit.audit_entry SET actor = 'mallory' WHERE seq = " + seq);
            try {
                JsonPath report = AuditTrail.verify();
                assertThat(report.getBoolean("intact")).isFalse();
                assertThat(report.getLong("brokenAt")).isEqualTo(seq);
                assertThat(report.getString("messageKey")).isEqualTo(messageKey);
                assertThat(report.getString("problem")).contains("content does not match its hash");
                assertThat(report.getString("summary")).startsWith("broken at row " + seq);
            } finally {
                sql.execute("UPDATE audit.audit_entry SET actor = 'grace' WHERE seq = " + seq);
            }
            sql.execute("UPDATE audit.audit_entry SET payload = jsonb_set(payload, '{requestedBy}', '\"mallory\"') WHERE seq = " + seq);
            try {
                assertThat(AuditTrail.verify().getLong("brokenAt")).isEqualTo(seq);
            } finally {
                sql.execute("UPDATE audit.audit_entry SET payload = jsonb_set(payload, '{requestedBy}', '\"grace\"') WHERE seq = " + seq);
            }
        }
        JsonPath report = AuditTrail.verify();
        assertThat(report.getBoolean("intact")).isTrue();
        assertThat(report.getString("summary")).startsWith("intact, ").contains(" rows, head hash ");
    }

    @Test
    void aRowRemovedByASuperuserIsNamedByVerify() throws SQLException {
        String later = "tamper-later-" + UUID.randomUUID();
        CloudEvent<BackupRequested> next = AuditTrail.event(later, Instant.now(),
                new BackupRequested("req-later", "tamper-db", BackupTrigger.MANUAL, "grace", Map.of()));
        trail.publish(next);
        AuditTrail.awaitLogged(later, next.id());
        try (Connection connection = superuser(); Statement sql = connection.createStatement()) {
            sql.execute("CREATE TEMP TABLE removed AS SELECT * FROM audit.audit_entry WHERE seq = " + seq);
            sql.execute("SET session_replication_role = replica");
            sql.execute("DELETE FROM audit.audit_entry WHERE seq = " + seq);
            try {
                JsonPath report = AuditTrail.verify();
                assertThat(report.getBoolean("intact")).isFalse();
                assertThat(report.getLong("brokenAt")).isEqualTo(seq);
                assertThat(report.getString("problem")).isEqualTo("row " + seq + " is missing (the next row is " + (seq + 1) + ")");
            } finally {
                sql.execute("INSERT INTO audit.audit_entry SELECT * FROM removed");
            }
        }
        assertThat(AuditTrail.verify().getBoolean("intact")).isTrue();
    }

    private Connection superuser() throws SQLException {
        return servers.postgres().orElseThrow().connect("lifeboat");
    }
}
