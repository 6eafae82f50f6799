package dev.lifeboat.verifier.freshness;

import io.quarkus.hibernate.reactive.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import org.hibernate.annotations.DynamicUpdate;

import java.time.Instant;

/**
 * A database the verifier knows from its backups: since when, whether it is in a freshness breach (and since which
 * backup), and how far its change archive (point-in-time) is checked.
 */
@Entity
@Table(name = "watched_database")
@DynamicUpdate // the freshness watch and the change archive check write their own columns of the same row
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

    /** Point-in-time: up to where the change archive's segments were read back whole and continuous (an LSN); null: none yet. */
    @Column(name = "archive_checked_lsn")
    public String archiveCheckedLsn;

    /** The moment up to which the checked change archive holds every commit; null: no archive. */
    @Column(name = "archive_verified_until")
    public Instant archiveVerifiedUntil;

    /** The newest gap of the change archive (seconds not replayable until the next backup): from when, and found when. */
    @Column(name = "archive_gap_from")
    public Instant archiveGapFrom;

    @Column(name = "archive_gap_found_at")
    public Instant archiveGapFoundAt;

    /** The change archive's damage or break, reported once; null while it is whole. */
    @Column(name = "archive_failure")
    public String archiveFailure;
}
