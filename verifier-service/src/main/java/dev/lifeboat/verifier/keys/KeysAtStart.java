package dev.lifeboat.verifier.keys;

import dev.lifeboat.archive.ArchiveKeyring;
import dev.lifeboat.archive.bucket.BucketObjects;
import dev.lifeboat.archive.keys.KeyRecords;
import dev.lifeboat.verifier.config.EncryptionConfig;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import org.jboss.logging.Logger;

import java.time.Clock;

/**
 * The service does not start with a key that is not the one the bucket recorded under its id
 * ({@link KeyRecords#confirmAtStart}): a key swapped under the same id would fail every verification and restore test of what it encrypted.
 */
@ApplicationScoped
public class KeysAtStart {

    private static final Logger LOG = Logger.getLogger(KeysAtStart.class);

    void start(@Observes StartupEvent started, BucketObjects bucket, EncryptionConfig encryption) {
        new KeyRecords(bucket, Clock.systemUTC()).confirmAtStart(new ArchiveKeyring(encryption.keys()), encryption.keys().keySet())
                .ifPresent(LOG::warn);
    }
}
