package dev.lifeboat.backup.registry;

import io.quarkus.hibernate.reactive.panache.PanacheEntityBase;
import dev.lifeboat.events.registry.DatabaseRegistration;
import dev.lifeboat.events.registry.Engine;
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

/**
 * A database Lifeboat protects: its engine, how to reach it, when to back it up, how long to keep backups. A D1 database's
 * {@code host} and {@code port} name what it shares limits with (its account, or the local state), never a server to dial.
 */
@Entity
@Table(name = "registered_database")
public class RegisteredDatabase extends PanacheEntityBase {

    /** Where a registration comes from: the API, or configuration (which the API may not change). */
    public enum DeclaredIn { API, CONFIG }

    @Id
    public String id;

    @Column(nullable = false)
    public String host;

    @Column(nullable = false)
    public int port;

    @Column(name = "database_name", nullable = false)
    public String databaseName;

    /** The role backups connect as; null for an engine without roles (D1). */
    public String username;

    /** Which engine backs this database up, restores and checks it. */
    @Enumerated(EnumType.STRING)
    @Column(nullable = false)
    public Engine engine = Engine.POSTGRESQL;

    /** D1: the Cloudflare account's id; null for a local D1 and for PostgreSQL. */
    @Column(name = "d1_account_id")
    public String d1AccountId;

    /** D1: the database's id; null for a local D1 and for PostgreSQL. */
    @Column(name = "d1_database_id")
    public String d1DatabaseId;

    /** D1: the local state folder ({@code wrangler --local --persist-to}); null for a remote D1 and for PostgreSQL. */
    @Column(name = "d1_local_folder")
    public String d1LocalFolder;

    /** {@code env:NAME} or {@code file:/path}; never the secret. */
    @Column(name = "credential_ref")
    public String credentialRef;

    /** The role restores connect as; null: the backup role ({@code username}). */
    @Column(name = "restore_username")
    public String restoreUsername;

    /** Where the restore role's password lives; never the secret. */
    @Column(name = "restore_credential_ref")
    public String restoreCredentialRef;

    /** The sslmode of every connection to the server ({@code require}, {@code verify-ca}, {@code verify-full}); null: the clients' default. */
    @Column(name = "tls_mode")
    public String tlsMode;

    /** Where the certificate of the CA that signed the server's certificate lives; never the certificate itself. */
    @Column(name = "tls_ca_ref")
    public String tlsCaRef;

    /** Whether a restore into the live database may skip its safety backup; false: such a restore is refused. */
    @Column(name = "restore_without_safety_backup")
    public boolean restoreWithoutSafetyBackup;

    @Column(nullable = false)
    public String schedule;

    @Column(name = "rpo_minutes", nullable = false)
    public int rpoMinutes;

    @Column(name = "retention_max_age_days")
    public Integer maxAgeDays;

    @Column(name = "retention_keep_last")
    public Integer keepLast;

    @Column(name = "retention_daily")
    public Integer daily;

    @Column(name = "retention_weekly")
    public Integer weekly;

    @Column(name = "retention_monthly")
    public Integer monthly;

    @Column(name = "pinned_backups", nullable = false)
    public String[] pinnedBackups = new String[0];

    @JdbcTypeCode(SqlTypes.JSON)
    @Column(nullable = false)
    public Map<String, String> labels = Map.of();

    /** Table ({@code schema.table}) to its freshness column, whose newest value each backup records. */
    @JdbcTypeCode(SqlTypes.JSON)
    @Column(name = "freshness_columns", nullable = false)
    public Map<String, String> freshnessColumns = Map.of();

    /** Point-in-time restore: how far back every second stays restorable; null: not captured, backups only. */
    @Column(name = "point_in_time_window_seconds")
    public Long pointInTimeWindowSeconds;

    /** Point-in-time restore's replay budget: the longest a restore to any second should replay; null: not captured. */
    @Column(name = "point_in_time_max_replay_seconds")
    public Long pointInTimeMaxReplaySeconds;

    /** Backups at once against this database's server (host and port), counting every database registered there. */
    @Column(name = "max_concurrent_per_server", nullable = false)
    public int maxConcurrentPerServer = DatabaseSettings.DEFAULT_MAX_CONCURRENT_PER_SERVER;

    @Enumerated(EnumType.STRING)
    @Column(name = "declared_in", nullable = false)
    public DeclaredIn declaredIn;

    @Column(name = "created_at", nullable = false)
    public Instant createdAt;

    @Column(name = "updated_at", nullable = false)
    public Instant updatedAt;

    /** The PostgreSQL server's host as registered; null for D1 (whose {@code host} only names what it shares limits with). */
    public String serverHost() {
        return engine == Engine.POSTGRESQL ? host : null;
    }

    /** The PostgreSQL server's port as registered; null for D1. */
    public Integer serverPort() {
        return engine == Engine.POSTGRESQL ? port : null;
    }

    /** Where a D1 database is; null for PostgreSQL. */
    public DatabaseRegistration.D1Database d1() {
        return engine == Engine.D1 ? new DatabaseRegistration.D1Database(d1AccountId, d1DatabaseId, d1LocalFolder) : null;
    }

    /** How connections to the server use TLS; null: the clients' default. */
    public DatabaseRegistration.Tls tls() {
        return tlsMode == null ? null : new DatabaseRegistration.Tls(tlsMode, tlsCaRef);
    }

    /** When the registration was last published on {@code lifeboat.databases}; null: not yet. */
    @Column(name = "announced_at")
    public Instant announcedAt;
}
