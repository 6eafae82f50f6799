package dev.lifeboat.restore.connect;

import dev.lifeboat.runtime.secret.SecretReference;
import dev.lifeboat.runtime.secret.SecretUnavailableException;
import dev.lifeboat.restore.config.RestoreConfig;
import dev.lifeboat.restore.step.RestoreFailure;
import dev.lifeboat.restore.step.RestoreStep;
import jakarta.enterprise.context.ApplicationScoped;

import java.util.Optional;

/** The configured restore targets ({@code lifeboat.restore.databases.<id>.*}), by database id. */
@ApplicationScoped
public class TargetServers {

    private final RestoreConfig config;

    public TargetServers(RestoreConfig config) {
        this.config = config;
    }

    public boolean isConfigured(String databaseId) {
        return config.databases().containsKey(databaseId);
    }

    /** The target of a database id, its password read from the reference now. */
    public TargetServer of(String databaseId) throws RestoreFailure {
        RestoreConfig.TargetDatabase settings = Optional.ofNullable(config.databases().get(databaseId))
                .orElseThrow(() -> new RestoreFailure(RestoreStep.RESOLVE_SOURCE, "UNKNOWN_DATABASE", notATarget(databaseId)));
        String password = null;
        if (settings.credentialRef().isPresent()) {
            try {
                password = SecretReference.parse(settings.credentialRef().get()).resolve();
            } catch (IllegalArgumentException | SecretUnavailableException e) {
                throw new RestoreFailure(RestoreStep.RESOLVE_SOURCE, "CREDENTIAL_UNAVAILABLE", e.getMessage());
            }
        }
        return new TargetServer(databaseId, settings, password);
    }

    public static String notATarget(String databaseId) {
        return "database '" + databaseId + "' is not a restore target (configure lifeboat.restore.databases." + databaseId + ".*)";
    }
}
