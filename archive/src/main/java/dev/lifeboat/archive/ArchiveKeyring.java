package dev.lifeboat.archive;

import dev.lifeboat.runtime.secret.SecretReference;
import dev.lifeboat.runtime.secret.SecretUnavailableException;

import java.util.Base64;
import java.util.Map;

/**
 * The archive keys a service is configured with: key id to a {@link SecretReference} ({@code env:VAR} or
 * {@code file:/path}) holding 32 random bytes in base64 ({@code openssl rand -base64 32}). A key is read
 * from its reference when it is needed; messages name the key id and the reference, never the key.
 */
public final class ArchiveKeyring {

    private final Map<String, String> references;

    public ArchiveKeyring(Map<String, String> references) {
        this.references = Map.copyOf(references);
        if (!this.references.isEmpty()) {
            CipherWarmUp.inBackground();
        }
    }

    /**
     * A configured key by id, or null when it cannot be had: for a reader of sealed data, which then fails naming the
     * key it lacks ({@link ArchiveReader}).
     */
    public ArchiveEncryption orNull(String keyId) {
        try {
            return byId(keyId);
        } catch (SecretUnavailableException e) {
            return null;
        }
    }

    /** A configured key by id. */
    public ArchiveEncryption byId(String keyId) throws SecretUnavailableException {
        String reference = references.get(keyId);
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
