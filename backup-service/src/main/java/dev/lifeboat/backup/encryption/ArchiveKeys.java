package dev.lifeboat.backup.encryption;

import dev.lifeboat.backup.config.EncryptionConfig;
import dev.lifeboat.archive.ArchiveEncryption;
import dev.lifeboat.archive.ArchiveKeyring;
import dev.lifeboat.archive.bucket.BucketObjects;
import dev.lifeboat.archive.keys.KeyRecords;
import dev.lifeboat.runtime.secret.SecretUnavailableException;
import jakarta.enterprise.context.ApplicationScoped;

import java.io.IOException;
import java.time.Clock;
import java.util.Optional;

/** The configured archive keys, read from their references when a backup needs one. */
@ApplicationScoped
public class ArchiveKeys {

    private final EncryptionConfig config;
    private final ArchiveKeyring keyring;
    private final KeyRecords records;
    private volatile boolean activeConfirmed;

    public ArchiveKeys(EncryptionConfig config, BucketObjects objects) {
        this.config = config;
        this.keyring = new ArchiveKeyring(config.keys());
        this.records = new KeyRecords(objects, Clock.systemUTC());
    }

    /**
     * The key new backups and change segments are sealed with, or empty when encryption is off. Before the first use in this
     * process it is confirmed against the bucket's record of its id, and recorded there when the id is new: a key swapped
     * under the same id is refused here, before it seals anything (blocking: worker threads).
     *
     * @throws SecretUnavailableException the key cannot be read, or it is not the key the bucket recorded under its id
     * @throws IOException                the bucket's record of the id cannot be read or written
     */
    public Optional<ArchiveEncryption> active() throws SecretUnavailableException, IOException {
        if (config.activeKeyId().isEmpty()) {
            return Optional.empty();
        }
        ArchiveEncryption key = byId(config.activeKeyId().get());
        if (!activeConfirmed) {
            records.confirm(key, true);
            activeConfirmed = true;
        }
        return Optional.of(key);
    }

    /** The bucket's records of key ids: what a start confirms every configured key against. */
    KeyRecords records() {
        return records;
    }

    ArchiveKeyring keyring() {
        return keyring;
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
