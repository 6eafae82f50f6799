package dev.lifeboat.backup.intake;

import io.quarkus.hibernate.reactive.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import org.hibernate.annotations.JdbcTypeCode;
import org.hibernate.type.SqlTypes;

import java.time.Instant;
import java.util.Map;

/** One backup request as received, whatever asked for it; its id makes a repeated request a no-op. */
@Entity
@Table(name = "backup_request")
public class BackupRequestRecord extends PanacheEntityBase {

    /** What has become of a request: RECEIVED, then RUNNING, then COMPLETED or FAILED (RETRYING between attempts). */
    public enum Status { RECEIVED, RUNNING, RETRYING, COMPLETED, FAILED }

    @Id
    @Column(name = "request_id")
    public String requestId;

    @Column(name = "database_id", nullable = false)
    public String databaseId;

    @Column(name = "trigger", nullable = false)
    public String trigger;

    @Column(name = "requested_by", nullable = false)
    public String requestedBy;

    @JdbcTypeCode(SqlTypes.JSON)
    @Column(name = "labels", nullable = false)
    public Map<String, String> labels;

    @Column(name = "event_id", nullable = false)
    public String eventId;

    @Column(name = "correlation_id", nullable = false)
    public String correlationId;

    @Column(name = "source", nullable = false)
    public String source;

    @Column(name = "received_at", nullable = false)
    public Instant receivedAt;

    @Enumerated(EnumType.STRING)
    @Column(name = "status", nullable = false)
    public Status status;

    /** Attempts started so far. */
    @Column(name = "attempt", nullable = false)
    public int attempt;

    /** When the next attempt may start (RECEIVED or RETRYING). */
    @Column(name = "next_attempt_at")
    public Instant nextAttemptAt;

    /** The last sign of life of a RUNNING attempt. */
    @Column(name = "heartbeat_at")
    public Instant heartbeatAt;

    /** The backup the current or last attempt writes. */
    @Column(name = "backup_id")
    public String backupId;

    @Column(name = "last_error_code")
    public String lastErrorCode;

    @Column(name = "last_error")
    public String lastError;

    @Column(name = "finished_at")
    public Instant finishedAt;

    /** pg_dump's bytes so far, written with the heartbeat while RUNNING (see {@link dev.lifeboat.runtime.progress.Progress}). */
    @Column(name = "progress_bytes")
    public Long progressBytes;

    /** The database's size when the attempt began: what the dump is measured against. */
    @Column(name = "progress_expected_bytes")
    public Long progressExpectedBytes;

    @Column(name = "progress_bytes_per_second")
    public Long progressBytesPerSecond;
}
