package dev.lifeboat.service.secret;

import dev.lifeboat.runtime.secret.DatabaseSecrets;
import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

import java.nio.file.Path;

/**
 * What a registration's credential reference may name ({@link DatabaseSecrets}): set under
 * {@code lifeboat.database-secrets.*}, the same in every service that reads a registered database's password.
 */
@ConfigMapping(prefix = "lifeboat.database-secrets")
public interface DatabaseSecretsSettings {

    /** How the name of every environment variable a registration may name starts: {@code LIFEBOAT_DB_}. */
    @WithDefault(DatabaseSecrets.DEFAULT_VARIABLE_PREFIX)
    String variablePrefix();

    /** The folder every file a registration may name is in: {@code /run/secrets/lifeboat-db}, where an orchestrator mounts them. */
    @WithDefault(DatabaseSecrets.DEFAULT_FOLDER)
    Path folder();
}
