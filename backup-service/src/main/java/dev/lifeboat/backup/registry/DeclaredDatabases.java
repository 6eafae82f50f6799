package dev.lifeboat.backup.registry;

import dev.lifeboat.backup.config.RegistryConfig;
import dev.lifeboat.events.registry.DatabaseRegistration.D1Database;
import dev.lifeboat.events.registry.DatabaseRegistration.RestoreRole;
import dev.lifeboat.events.registry.DatabaseRegistration.Tls;
import dev.lifeboat.events.registry.Engine;
import dev.lifeboat.runtime.secret.DatabaseSecrets;
import io.quarkus.runtime.StartupEvent;
import io.quarkus.vertx.VertxContextSupport;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import org.jboss.logging.Logger;

import java.util.List;
import java.util.Map;

/**
 * Databases declared in configuration (config as code) are registered, or brought up to date, at start-up; then
 * registrations never published (made by an older version) are published.
 */
@ApplicationScoped
public class DeclaredDatabases {

    private static final Logger LOG = Logger.getLogger(DeclaredDatabases.class);

    private final RegistryConfig config;
    private final DatabaseRegistry registry;
    private final DatabaseSecrets secrets;

    public DeclaredDatabases(RegistryConfig config, DatabaseRegistry registry, DatabaseSecrets secrets) {
        this.config = config;
        this.registry = registry;
        this.secrets = secrets;
    }

    void onStart(@Observes StartupEvent start) throws Throwable {
        for (Map.Entry<String, RegistryConfig.DeclaredDatabase> entry : config.databases().entrySet()) {
            DatabaseSettings settings = settings(entry.getKey(), entry.getValue());
            VertxContextSupport.subscribeAndAwait(() -> registry.declare(settings));
            LOG.infof("Database %s (%s) declared in configuration: %s:%d/%s", settings.id(), settings.engine().wireName(), settings.host(),
                    settings.port(), settings.databaseName());
        }
        int announced = VertxContextSupport.subscribeAndAwait(registry::announceUnannounced);
        if (announced > 0) {
            LOG.infof("Published %d registrations made before the registry was published on lifeboat.databases", announced);
        }
    }

    private DatabaseSettings settings(String id, RegistryConfig.DeclaredDatabase declared) {
        try {
            Engine engine = Engine.of(declared.engine());
            D1Database d1 = engine == Engine.D1 ? new D1Database(declared.d1AccountId().orElse(null),
                    declared.d1DatabaseId().orElse(null), declared.d1LocalFolder().orElse(null)) : null;
            return new DatabaseSettings(id, declared.host().orElse(null), declared.port(), declared.database().orElse(id),
                    declared.username().orElse(null),
                    declared.credentialRef().orElse(null),
                    declared.restoreUsername().map(username -> new RestoreRole(username, declared.restoreCredentialRef().orElse(null))).orElse(null),
                    declared.schedule().orElse(config.defaultSchedule()),
                    declared.rpo().orElse(config.defaultRpo()),
                    new RetentionRules(declared.maxAgeDays().orElse(config.defaultMaxAgeDays()), declared.keepLast().isPresent() ? declared.keepLast().getAsInt() : null,
                            declared.daily().orElse(config.defaultDaily()), declared.weekly().orElse(config.defaultWeekly()),
                            declared.monthly().orElse(config.defaultMonthly()), List.of()),
                    declared.labels(), declared.freshnessColumns(), declared.pointInTimeWindow().orElse(null),
                    declared.pointInTimeMaxReplay().orElse(null),
                    declared.maxConcurrentPerServer().isPresent() ? declared.maxConcurrentPerServer().getAsInt() : null, engine, d1,
                    declared.tlsSslmode().isPresent() || declared.tlsCaRef().isPresent() // a CA without a mode is refused, not dropped
                            ? new Tls(declared.tlsSslmode().orElse(null), declared.tlsCaRef().orElse(null)) : null,
                    declared.restoreWithoutSafetyBackup())
                    .provisionedBy(secrets);
        } catch (IllegalArgumentException e) {
            throw new IllegalStateException("lifeboat.registry.databases." + id + ": " + e.getMessage(), e);
        }
    }
}
