package dev.lifeboat.restore.registry;

import io.quarkus.hibernate.reactive.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import java.time.Instant;

/** A registered database as this service knows it from {@code lifeboat.databases}. */
@Entity
@Table(name = "known_database")
public class KnownDatabase extends PanacheEntityBase {

    @Id
    public String id;

    @Column(nullable = false)
    public String host;

    @Column(nullable = false)
    public int port;

    @Column(name = "database_name", nullable = false)
    public String databaseName;

    /** The backup role. */
    @Column(nullable = false)
    public String username;

    @Column(name = "credential_ref")
    public String credentialRef;

    /** The restore role; null: restores use the backup role. */
    @Column(name = "restore_username")
    public String restoreUsername;

    @Column(name = "restore_credential_ref")
    public String restoreCredentialRef;

    /** The time of the event that set this state. */
    @Column(name = "updated_at", nullable = false)
    public Instant updatedAt;
}
