package dev.lifeboat.restore.target;

import dev.lifeboat.restore.config.RestoreConfig;
import dev.lifeboat.restore.registry.KnownDatabase;

import java.util.Optional;

/**
 * Where a database is restored and as whom: from this service's configuration
 * ({@code lifeboat.restore.databases.<id>.*}) when it names the database, else from the registry.
 *
 * @param database            the live database's name on the server
 * @param username            the role restores connect as
 * @param credentialRef       where that role's password lives; empty for trust or peer authentication
 * @param tlsSslmode          the sslmode of every connection to the server; empty: the clients' default
 * @param tlsCaRef            where the certificate of the CA that signed the server's certificate lives
 * @param maintenanceDatabase the database to connect to for CREATE, RENAME and DROP DATABASE
 * @param smokeQuery          SQL run after an IN_PLACE swap; when it fails, the swap is rolled back
 * @param source              where these settings come from, as a reader would look for them
 * @param withoutSafetyBackup whether a restore into the live database may skip its safety backup
 * @param registered          whether they come from a registration, whose credential reference may name only what is
 *                            provisioned for databases (configuration is the operator's own, and may name any secret)
 */
public record TargetSettings(String host, int port, String database, String username, Optional<String> credentialRef,
                             Optional<String> tlsSslmode, Optional<String> tlsCaRef, String maintenanceDatabase, Optional<String> smokeQuery, String source, boolean withoutSafetyBackup,
                             boolean registered) {

    /** The maintenance database of a target the registry names: every PostgreSQL server, managed ones too, has it. */
    public static final String DEFAULT_MAINTENANCE_DATABASE = "postgres";

    static TargetSettings configured(String databaseId, RestoreConfig.TargetDatabase configured) {
        return new TargetSettings(configured.host(), configured.port(), configured.database(), configured.username(),
                configured.credentialRef(), configured.tlsSslmode(), configured.tlsCaRef(), configured.maintenanceDatabase(),
                configured.smokeQuery(),
                "lifeboat.restore.databases." + databaseId, configured.restoreWithoutSafetyBackup(), false);
    }

    /** The registration's restore role when it names one, else its backup role. */
    static TargetSettings registered(KnownDatabase known) {
        boolean restoreRole = known.restoreUsername != null;
        return new TargetSettings(known.host, known.port, known.databaseName, restoreRole ? known.restoreUsername : known.username,
                Optional.ofNullable(restoreRole ? known.restoreCredentialRef : known.credentialRef), Optional.ofNullable(known.tlsMode),
                Optional.ofNullable(known.tlsCaRef), DEFAULT_MAINTENANCE_DATABASE,
                Optional.empty(), restoreRole ? "the registry's restore role" : "the registry (the backup role: no restore role is registered)",
                known.restoreWithoutSafetyBackup, true);
    }
}
