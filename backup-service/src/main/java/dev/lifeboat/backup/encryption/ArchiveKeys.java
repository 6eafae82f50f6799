package dev.lifeboat.backup.encryption;

import dev.lifeboat.backup.config.EncryptionConfig;
import dev.lifeboat.backup.credentials.SecretReference;
import dev.lifeboat.backup.credentials.SecretUnavailableException;
import dev.lifeboat.events.archive.ArchiveEncryption;
import jakarta.enterprise.context.ApplicationScoped;

import java.util.Base64;
import java.util.Optional;

/** The configured archive keys, read from their references when a backup needs one. */
@ApplicationScoped
public class ArchiveKeys {

    private final EncryptionConfig config;

    public ArchiveKeys(EncryptionConfig config) {
        this.config = config;
    }

    /** The key new backups are encrypted with, or empty when encryption is off. */
    public Optional<ArchiveEncryption> active() throws SecretUnavailableException {
        if (config.activeKeyId().isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(byId(config.activeKeyId().get()));
    }

    /** A configured key by id; the key material is never part of a message. */
    public ArchiveEncryption byId(String keyId) throws SecretUnavailableException {
        String reference = config.keys().get(keyId);
        if (reference == null) {
            throw new SecretUnavailableException("encryption key '" + keyId + "' is not configured (lifeboat.encryption.keys." + keyId + ")");
        }
        byte[] key;
        try {
            key = Base64.getDecoder().decode(SecretReference.parse(reference).resolve().trim());
        } catch (IllegalArgumentException e) {
            throw new SecretUnavailableException("encryption key '" + keyId + "' is not a valid reference to base64 key material");
        }
        if (key.length != ArchiveEncryption.KEY_BYTES) {
            throw new SecretUnavailableException("encryption key '" + keyId + "' must be " + ArchiveEncryption.KEY_BYTES
                    + " bytes of base64, not " + key.length);
        }
        return new ArchiveEncryption(keyId, key);
    }
}
