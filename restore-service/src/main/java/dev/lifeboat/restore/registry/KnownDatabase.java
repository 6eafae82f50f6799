package dev.lifeboat.restore.registry;

import io.quarkus.hibernate.reactive.panache.PanacheEntityBase;
import dev.lifeboat.events.registry.DatabaseRegistration;
import dev.lifeboat.events.registry.Engine;
import jakarta.persistence.Column;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
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

    /** Which engine restores this database. */
    @Enumerated(EnumType.STRING)
    @Column(nullable = false)
    public Engine engine = Engine.POSTGRESQL;

    /** The PostgreSQL server's host; null for D1. */
    public String host;

    /** Its port; null for D1. */
    public Integer port;

    @Column(name = "database_name", nullable = false)
    public String databaseName;

    /** The backup role; null for D1. */
    public String username;

    /** D1: the account's id; null for a local D1 and for PostgreSQL. */
    @Column(name = "d1_account_id")
    public String d1AccountId;

    /** D1: the database's id; null for a local D1 (derived from its name) and for PostgreSQL. */
    @Column(name = "d1_database_id")
    public String d1DatabaseId;

    /** D1: the local folder; null for a remote D1 and for PostgreSQL. */
    @Column(name = "d1_local_folder")
    public String d1LocalFolder;

    @Column(name = "credential_ref")
    public String credentialRef;

    /** The restore role; null: restores use the backup role. */
    @Column(name = "restore_username")
    public String restoreUsername;

    @Column(name = "restore_credential_ref")
    public String restoreCredentialRef;

    /** The registration's sslmode for every connection to the server; null: the clients' default. */
    @Column(name = "tls_mode")
    public String tlsMode;

    /** Where the certificate of the CA that signed the server's certificate lives; never the certificate. */
    @Column(name = "tls_ca_ref")
    public String tlsCaRef;

    /** Whether a restore into the live database may skip its safety backup (the registration's restoreWithoutSafetyBackup). */
    @Column(name = "restore_without_safety_backup")
    public boolean restoreWithoutSafetyBackup;

    /** Where a D1 database is; null for PostgreSQL. */
    public DatabaseRegistration.D1Database d1() {
        return engine == Engine.D1 ? new DatabaseRegistration.D1Database(d1AccountId, d1DatabaseId, d1LocalFolder) : null;
    }

    /** The time of the event that set this state. */
    @Column(name = "updated_at", nullable = false)
    public Instant updatedAt;
}
