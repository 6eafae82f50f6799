package dev.lifeboat.verifier.restoretest;

import io.quarkus.hibernate.reactive.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import java.time.Instant;

/** One restore test: asked for (API) or scheduled, then REQUESTED → RUNNING → PASSED, FAILED or ERROR (it could not run). */
@Entity
@Table(name = "restore_test")
public class RestoreTestRecord extends PanacheEntityBase {

    @Id
    @Column(name = "test_id")
    public String testId;

    @Column(name = "database_id", nullable = false)
    public String databaseId;

    /** MANUAL or SCHEDULE. */
    @Column(name = "trigger", nullable = false)
    public String trigger;

    @Column(name = "requested_by", nullable = false)
    public String requestedBy;

    /** The schedule slot it runs for (one test per slot). */
    @Column(name = "scheduled_for")
    public Instant scheduledFor;

    @Column(name = "status", nullable = false)
    public String status;

    @Column(name = "requested_at", nullable = false)
    public Instant requestedAt;

    @Column(name = "started_at")
    public Instant startedAt;

    @Column(name = "finished_at")
    public Instant finishedAt;

    @Column(name = "backup_id")
    public String backupId;

    @Column(name = "scratch_database")
    public String scratchDatabase;

    /** Measured restore time (RTO): creating the scratch database and pg_restore into it. */
    @Column(name = "restore_ms")
    public Long restoreMs;

    /** The backup's age when the test ran (RPO). */
    @Column(name = "backup_age_seconds")
    public Long backupAgeSeconds;

    @Column(name = "stored_bytes")
    public Long storedBytes;

    @Column(name = "rows_restored")
    public Long rowsRestored;

    @Column(name = "passed")
    public Boolean passed;

    /** The Markdown report's key in the bucket (its JSON twin: same key, {@code .json}). */
    @Column(name = "report_key")
    public String reportKey;

    /** The checks' results, as JSON. */
    @Column(name = "checks")
    public String checks;

    @Column(name = "error")
    public String error;
}
