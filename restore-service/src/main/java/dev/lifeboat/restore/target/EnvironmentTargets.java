package dev.lifeboat.restore.target;

import dev.lifeboat.restore.config.RestoreConfig;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Refuses to start with an environment variable {@code LIFEBOAT_RESTORE_DATABASES_<ID>_<KEY>} that configures no restore
 * target. An environment variable cannot say where an id ends or whether {@code _} stood for {@code -} or {@code .}
 * ({@code SHOP_DB_HOST}: {@code shop-db}'s host, or {@code shop}'s {@code db-host}?), so one naming an id that no other
 * source names was silently ignored, and restores then said "not a restore target".
 */
@ApplicationScoped
public class EnvironmentTargets {

    static final String PREFIX = "LIFEBOAT_RESTORE_DATABASES_";

    void check(@Observes StartupEvent event, RestoreConfig config) {
        List<String> ignored = unmatched(System.getenv(), config.databases().keySet());
        if (!ignored.isEmpty()) {
            throw new IllegalStateException(message(ignored));
        }
    }

    /** The environment variables under {@link #PREFIX} that no configured id accounts for. */
    static List<String> unmatched(Map<String, String> environment, Collection<String> configuredIds) {
        List<String> ids = configuredIds.stream().map(id -> id.toUpperCase(Locale.ROOT).replaceAll("[^A-Z0-9]", "_") + "_").toList();
        return environment.keySet().stream().filter(name -> name.startsWith(PREFIX))
                .filter(name -> ids.stream().noneMatch(name.substring(PREFIX.length())::startsWith)).sorted().toList();
    }

    static String message(List<String> ignored) {
        return String.join(", ", ignored) + (ignored.size() == 1 ? " configures" : " configure")
                + " no restore target: an environment variable alone cannot name a database id (in SHOP_DB_HOST, '_' may stand for '-' or '.'"
                + " and the id's end is unknown). Register the database with backup-service instead (POST /api/databases, with"
                + " \"restore\": {\"username\", \"credentialRef\"} for a role of its own): restore-service follows the registry. Or name the id"
                + " in a properties file (lifeboat.restore.databases.shop-db.host=...), and the environment variables then apply to it.";
    }
}
