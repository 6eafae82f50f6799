package dev.lifeboat.backup.capture;

import io.quarkus.hibernate.reactive.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import java.time.Instant;

/**
 * A database whose changes are captured: the replica that runs its capture holds the row until {@code until} and renews
 * it while it runs; another replica takes it over once it runs out. The row keeps where the source's slot is, so it is
 * dropped even after the registration is gone, and whether capture is stopped, so any replica can say so.
 */
@Entity
@Table(name = "capture_lease")
public class CaptureLease extends PanacheEntityBase {

    @Id
    @Column(name = "database_id")
    public String databaseId;

    @Column(nullable = false)
    public String holder;

    @Column(nullable = false)
    public Instant until;

    @Column(nullable = false)
    public String host;

    @Column(nullable = false)
    public int port;

    @Column(name = "database_name", nullable = false)
    public String databaseName;

    @Column(nullable = false)
    public String username;

    /** Where the password lives ({@code env:NAME}, {@code file:/path}); never the secret. */
    @Column(name = "credential_ref")
    public String credentialRef;

    /** The TLS settings the capture connects with, as the registration had them ({@code tls_mode}, {@code tls_ca_ref}). */
    @Column(name = "tls_mode")
    public String tlsMode;

    @Column(name = "tls_ca_ref")
    public String tlsCaRef;

    /** Since when capture is stopped; null while it runs. */

    @Column(name = "stopped_at")
    public Instant stoppedAt;

    @Column(name = "stop_code")
    public String stopCode;

    @Column(name = "stop_message")
    public String stopMessage;

    /** How schema changes reach a restore ({@code SchemaChangeMode}'s mode), as the capture's setup decided it. */
    @Column(name = "schema_changes")
    public String schemaChanges;

    @Column(name = "schema_changes_why")
    public String schemaChangesWhy;

    /** WAL the source keeps for the slot, as the capture last measured it (with each heartbeat). */
    @Column(name = "retained_wal_bytes")
    public Long retainedWalBytes;
}
