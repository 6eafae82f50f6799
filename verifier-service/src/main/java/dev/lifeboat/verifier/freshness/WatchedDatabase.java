package dev.lifeboat.verifier.freshness;

import io.quarkus.hibernate.reactive.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import java.time.Instant;

/** A database the verifier knows from its backups: since when, and whether it is in a freshness breach (and since which backup). */
@Entity
@Table(name = "watched_database")
public class WatchedDatabase extends PanacheEntityBase {

    @Id
    @Column(name = "database_id")
    public String databaseId;

    /** Schedules fire only for their slots after this. */
    @Column(name = "first_seen_at", nullable = false)
    public Instant firstSeenAt;

    /** The registry's RPO for the database; null when the registry has not said. */
    @Column(name = "rpo_seconds")
    public Long rpoSeconds;

    @Column(name = "in_breach", nullable = false)
    public boolean inBreach;

    /** The newest verified backup when the breach began (none: there was no verified backup); only a newer one ends the breach. */
    @Column(name = "breach_backup_id")
    public String breachBackupId;

    @Column(name = "breach_since")
    public Instant breachSince;
}
