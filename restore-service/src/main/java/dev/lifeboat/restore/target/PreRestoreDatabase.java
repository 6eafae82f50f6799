package dev.lifeboat.restore.target;

import io.quarkus.hibernate.reactive.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import java.time.Instant;

/** A live database an IN_PLACE restore renamed aside; dropped after {@code lifeboat.restore.keep-pre-restore}. */
@Entity
@Table(name = "pre_restore_database")
public class PreRestoreDatabase extends PanacheEntityBase {

    @Id
    @Column(name = "database_name")
    public String databaseName;

    @Column(name = "database_id", nullable = false)
    public String databaseId;

    @Column(name = "restore_id", nullable = false)
    public String restoreId;

    @Column(name = "created_at", nullable = false)
    public Instant createdAt;

    @Column(name = "drop_after", nullable = false)
    public Instant dropAfter;

    @Column(name = "dropped_at")
    public Instant droppedAt;
}
