package dev.lifeboat.backup.encryption;

import dev.lifeboat.backup.config.EncryptionConfig;
import dev.lifeboat.archive.ArchiveEncryption;
import dev.lifeboat.archive.ArchiveKeyring;
import dev.lifeboat.runtime.secret.SecretUnavailableException;
import jakarta.enterprise.context.ApplicationScoped;

import java.util.Optional;

/** The configured archive keys, read from their references when a backup needs one. */
@ApplicationScoped
public class ArchiveKeys {

    private final EncryptionConfig config;
    private final ArchiveKeyring keyring;

    public ArchiveKeys(EncryptionConfig config) {
        this.config = config;
        this.keyring = new ArchiveKeyring(config.keys());
    }

    /** The key new backups are encrypted with, or empty when encryption is off. */
    public Optional<ArchiveEncryption> active() throws SecretUnavailableException {
        if (config.activeKeyId().isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(byId(config.activeKeyId().get()));
    }

    /** A configured key by id, or null when it cannot be had: for a reader of sealed objects, which then names the key it lacks. */
    public ArchiveEncryption orNull(String keyId) {
        return keyring.orNull(keyId);
    }

    /** A configured key by id; the key material is never part of a message. */
    public ArchiveEncryption byId(String keyId) throws SecretUnavailableException {
        return keyring.byId(keyId);
    }
}
