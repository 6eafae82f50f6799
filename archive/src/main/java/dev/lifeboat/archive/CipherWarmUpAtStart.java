package dev.lifeboat.archive;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.context.Initialized;
import jakarta.enterprise.event.Observes;
import org.eclipse.microprofile.config.Config;

import java.util.Locale;
import java.util.stream.StreamSupport;

/**
 * Starts {@link CipherWarmUp} as a service with archive keys starts (found by Quarkus through this jar's
 * {@code META-INF/beans.xml}), so that its first backup, restore or capture finds AES-GCM compiled. A service without
 * keys seals nothing and warms nothing.
 */
@ApplicationScoped
public class CipherWarmUpAtStart {

    private static final String KEYS = "lifeboat.encryption.keys.";

    void start(@Observes @Initialized(ApplicationScoped.class) Object started, Config config) {
        if (StreamSupport.stream(config.getPropertyNames().spliterator(), false).anyMatch(CipherWarmUpAtStart::namesAKey)) {
            CipherWarmUp.inBackground();
        }
    }

    /** {@code lifeboat.encryption.keys.<id>}, or its environment form {@code LIFEBOAT_ENCRYPTION_KEYS_<ID>}. */
    static boolean namesAKey(String propertyName) {
        return propertyName.toLowerCase(Locale.ROOT).replace('_', '.').startsWith(KEYS);
    }
}
