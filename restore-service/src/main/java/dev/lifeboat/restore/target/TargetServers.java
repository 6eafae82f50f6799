package dev.lifeboat.restore.target;

import dev.lifeboat.postgres.connect.PgTls;
import dev.lifeboat.postgres.connect.PgConnection;
import dev.lifeboat.service.api.UnknownDatabase;
import dev.lifeboat.events.registry.DatabaseRegistration;
import dev.lifeboat.events.registry.Engine;
import dev.lifeboat.restore.config.RestoreConfig;
import dev.lifeboat.restore.registry.KnownDatabases;
import dev.lifeboat.restore.step.RestoreFailure;
import dev.lifeboat.restore.step.RestoreStep;
import dev.lifeboat.runtime.secret.DatabaseSecrets;
import dev.lifeboat.runtime.secret.SecretReference;
import dev.lifeboat.runtime.secret.SecretUnavailableException;
import jakarta.enterprise.context.ApplicationScoped;

import java.util.Optional;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * The restore targets, by database id: every database of the registry (as {@code lifeboat.databases} announced it),
 * and any this service's configuration names ({@code lifeboat.restore.databases.<id>.*}), which wins. Blocking: worker
 * threads only.
 */
@ApplicationScoped
public class TargetServers {

    private final RestoreConfig config;
    private final KnownDatabases registry;
    private final DatabaseSecrets secrets;

    public TargetServers(RestoreConfig config, KnownDatabases registry, DatabaseSecrets secrets) {
        this.config = config;
        this.registry = registry;
        this.secrets = secrets;
    }

    public boolean isTarget(String databaseId) {
        return settings(databaseId).isPresent();
    }

    /** The target of a database id, its password read from the reference now. */
    public TargetServer of(String databaseId) throws RestoreFailure {
        TargetSettings settings = settings(databaseId)
                .orElseThrow(() -> new RestoreFailure(RestoreStep.RESOLVE_SOURCE, UnknownDatabase.CODE, notATarget(databaseId)));
        PgConnection server;
        try {
            String reference = settings.credentialRef().orElse(null);
            String sslmode = settings.tlsSslmode().orElse(null);
            String caRef = settings.tlsCaRef().orElse(null);
            server = settings.registered()
                    ? new PgConnection(settings.host(), settings.port(), settings.username(), secrets.passwordOf(reference),
                    PgTls.of(sslmode, caRef, secrets))
                    : new PgConnection(settings.host(), settings.port(), settings.username(), SecretReference.passwordOf(reference),
                    PgTls.configured(sslmode, caRef));
        } catch (IllegalArgumentException | SecretUnavailableException e) {
            throw new RestoreFailure(RestoreStep.RESOLVE_SOURCE, "CREDENTIAL_UNAVAILABLE", settings.source() + ": " + e.getMessage());
        }
        return new TargetServer(databaseId, settings, server);
    }

    /** Every target by database id, in id order. */
    public SortedMap<String, TargetSettings> all() {
        SortedMap<String, TargetSettings> all = new TreeMap<>();
        registry.all().stream().filter(known -> known.engine == Engine.POSTGRESQL)
                .forEach(known -> all.put(known.id, TargetSettings.registered(known)));
        config.databases().forEach((id, configured) -> all.put(id, TargetSettings.configured(id, configured)));
        return all;
    }

    private Optional<TargetSettings> settings(String databaseId) {
        RestoreConfig.TargetDatabase configured = config.databases().get(databaseId);
        if (configured != null) {
            return Optional.of(TargetSettings.configured(databaseId, configured));
        }
        if (databaseId == null || !DatabaseRegistration.ID.matcher(databaseId).matches()) {
            return Optional.empty();
        }
        return registry.find(databaseId).filter(known -> known.engine == Engine.POSTGRESQL).map(TargetSettings::registered);
    }

    /** Why a database id is no restore target: the one answer of every API to an unknown id, with the closest known ones. */
    public String notATarget(String databaseId) {
        return UnknownDatabase.message(databaseId, all().keySet())
                + " (a registration with POST /api/databases on the backup service reaches this service within seconds)";
    }
}
