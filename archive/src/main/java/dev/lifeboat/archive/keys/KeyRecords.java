package dev.lifeboat.archive.keys;

import dev.lifeboat.archive.ArchiveEncryption;
import dev.lifeboat.archive.ArchiveKeyring;
import dev.lifeboat.archive.bucket.BucketException;
import dev.lifeboat.archive.bucket.BucketObjects;
import dev.lifeboat.archive.bucket.MissingObjectException;

import java.io.IOException;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * The bucket's record of which key each key id encrypts ({@link KeyRecord}), so that a key swapped under the same id is
 * refused before it seals or reads anything, not found at the next restore: a backup service records its active key the
 * first time it uses an id, and every service confirms its configured keys against the records as it starts (blocking:
 * worker threads or start-up only). An id never used to seal has no record, and nothing to contradict.
 */
public final class KeyRecords {

    private final BucketObjects objects;
    private final Clock clock;

    public KeyRecords(BucketObjects objects, Clock clock) {
        this.objects = objects;
        this.clock = clock;
    }

    /** The bucket's record of a key id, if any key was ever recorded under it. */
    public Optional<KeyRecord> recorded(String keyId) throws IOException {
        try {
            return Optional.of(KeyRecord.read(objects.text(KeyRecord.objectKey(keyId))));
        } catch (MissingObjectException e) {
            return Optional.empty();
        } catch (IllegalArgumentException e) {
            throw new IOException(KeyRecord.objectKey(keyId) + " in the bucket is not a readable key record: " + e.getMessage(), e);
        }
    }

    /**
     * Refuses a configured key that is not the one the bucket recorded under its id.
     *
     * @param recordIfNew whether an id without a record gets this key's (the backup service, which seals with it)
     */
    public void confirm(ArchiveEncryption key, boolean recordIfNew) throws IOException, SwappedKeyException {
        Optional<KeyRecord> recorded = recorded(key.keyId());
        if (recorded.isEmpty() && recordIfNew) {
            objects.put(KeyRecord.objectKey(key.keyId()), "application/json", new KeyRecord(key.keyId(), key.fingerprint(), clock.instant()).json());
            // read back: of two services that recorded a new id at once, with other keys, the one whose record was overwritten
            // is refused here (the bucket keeps the last write)
            recorded = recorded(key.keyId());
        }
        if (recorded.isPresent() && !recorded.get().fingerprint().equals(key.fingerprint())) {
            throw new SwappedKeyException(key.notTheKeyOf("what the bucket holds under key id '" + key.keyId() + "' (recorded "
                    + recorded.get().recordedAt() + ")", recorded.get().fingerprint()));
        }
    }

    /**
     * A service's start: each configured key that can be read is confirmed against the bucket's record of its id (a key
     * that cannot be read is left to its first use, which names it).
     *
     * @return a warning when the bucket's records could not be read (the bucket down: each key is then confirmed where it is
     * used), or one of them is not a key record (the others are confirmed)
     * @throws IllegalStateException naming a swapped key: the service must not start with it
     */
    public Optional<String> confirmAtStart(ArchiveKeyring keyring, Set<String> keyIds) {
        List<String> warnings = new ArrayList<>();
        for (String keyId : new TreeSet<>(keyIds)) {
            ArchiveEncryption key = keyring.orNull(keyId);
            try {
                if (key != null) {
                    confirm(key, false);
                }
            } catch (SwappedKeyException e) {
                throw new IllegalStateException(e.getMessage());
            } catch (BucketException e) {
                warnings.add("the bucket's records of the encryption keys could not be read at start (" + e.getMessage()
                        + "): each key is confirmed where it is used");
                break;
            } catch (IOException e) {
                warnings.add(e.getMessage());
            }
        }
        return warnings.isEmpty() ? Optional.empty() : Optional.of(String.join("; ", warnings));
    }
}
