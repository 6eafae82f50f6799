package dev.lifeboat.backup.encryption;

import dev.lifeboat.backup.config.EncryptionConfig;
import dev.lifeboat.runtime.secret.SecretUnavailableException;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import org.jboss.logging.Logger;

import java.io.IOException;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.Optional;

/**
 * Backups are encrypted unless someone decided otherwise: the service does not start without an active key, nor with one
 * that {@code lifeboat.encryption.keys} does not list or that cannot be read as a key, unless {@code lifeboat.encryption.required=false} says backups
 * are to be written unencrypted (then every start logs it). Before, a missing key id silently turned encryption off. Nor does
 * it start with a key that is not the one the bucket recorded under its id ({@link dev.lifeboat.archive.keys.KeyRecords}).
 */
@ApplicationScoped
public class EncryptionAtStart {

    private static final Logger LOG = Logger.getLogger(EncryptionAtStart.class);

    void onStart(@Observes StartupEvent start, EncryptionConfig config, ArchiveKeys keys) {
        refusal(config.activeKeyId(), config.keys(), config.required()).ifPresent(reason -> {
            throw new IllegalStateException(reason);
        });
        if (config.activeKeyId().isEmpty()) {
            LOG.warn("Backups are written UNENCRYPTED: no lifeboat.encryption.active-key-id, and lifeboat.encryption.required=false");
        }
        Set<String> others = new HashSet<>(config.keys().keySet());
        config.activeKeyId().ifPresent(others::remove); // confirmed (and recorded when new) by active() below
        keys.records().confirmAtStart(keys.keyring(), others).ifPresent(LOG::warn);
        if (config.activeKeyId().isEmpty()) {
            return;
        }
        try {
            keys.active(); // read now and recorded: a key that is missing, malformed or swapped stops the start, not every backup after it
        } catch (SecretUnavailableException e) {
            throw new IllegalStateException("the active encryption key cannot be used: " + e.getMessage());
        } catch (IOException e) {
            LOG.warnf("The active encryption key is confirmed against the bucket at the first backup: %s", e.getMessage());
        }
    }

    /** Why the service must not start with these settings, if it must not. */
    static Optional<String> refusal(Optional<String> activeKeyId, Map<String, String> keys, boolean required) {
        if (activeKeyId.isEmpty()) {
            return required ? Optional.of("lifeboat.encryption.active-key-id is not set, so backups would be written unencrypted: set it"
                    + " and lifeboat.encryption.keys.<id> (env:VARIABLE or file:/path holding 32 random bytes in base64), or set"
                    + " lifeboat.encryption.required=false to back up unencrypted on purpose") : Optional.empty();
        }
        return keys.containsKey(activeKeyId.get()) ? Optional.empty()
                : Optional.of("lifeboat.encryption.active-key-id names key " + activeKeyId.get() + ", which lifeboat.encryption.keys does"
                + " not list (it lists " + (keys.isEmpty() ? "none" : String.join(", ", new java.util.TreeSet<>(keys.keySet()))) + ")");
    }
}
