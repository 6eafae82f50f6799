package dev.lifeboat.service.secret;

import dev.lifeboat.runtime.secret.DatabaseSecrets;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;

/** The one {@link DatabaseSecrets} of a service, from its {@link DatabaseSecretsSettings}. */
@Singleton
public class DatabaseSecretsProducer {

    @Produces
    @Singleton
    DatabaseSecrets databaseSecrets(DatabaseSecretsSettings settings) {
        return new DatabaseSecrets(settings.variablePrefix(), settings.folder());
    }
}
