package dev.lifeboat.notifier.restoretest;

import io.quarkus.hibernate.reactive.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import java.time.Instant;

/** The newest restore test of one database, from its {@code RestoreTestCompleted}. */
@Entity
@Table(name = "restore_test_seen")
public class RestoreTestSeen extends PanacheEntityBase {

    @Id
    @Column(name = "database_id")
    public String databaseId;

    @Column(name = "test_id", nullable = false)
    public String testId;

    @Column(nullable = false)
    public boolean passed;

    @Column(name = "report_key")
    public String reportKey;

    @Column(name = "restore_duration_ms")
    public Long restoreDurationMs;

    @Column(name = "backup_age_seconds")
    public Long backupAgeSeconds;

    @Column(name = "tested_at", nullable = false)
    public Instant testedAt;
}
