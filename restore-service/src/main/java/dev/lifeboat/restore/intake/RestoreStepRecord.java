package dev.lifeboat.restore.intake;

import io.quarkus.hibernate.reactive.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import java.time.Instant;

/** One step of a restore, with its timing and outcome. */
@Entity
@Table(name = "restore_step")
public class RestoreStepRecord extends PanacheEntityBase {

    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    @Column(name = "id")
    public Long id;

    @Column(name = "restore_id", nullable = false)
    public String restoreId;

    @Column(name = "step", nullable = false)
    public String step;

    @Column(name = "started_at", nullable = false)
    public Instant startedAt;

    @Column(name = "finished_at", nullable = false)
    public Instant finishedAt;

    /** OK or FAILED. */
    @Column(name = "outcome", nullable = false)
    public String outcome;

    @Column(name = "details")
    public String details;
}
