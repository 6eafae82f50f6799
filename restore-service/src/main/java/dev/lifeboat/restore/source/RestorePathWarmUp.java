package dev.lifeboat.restore.source;

import dev.lifeboat.archive.ArchiveLayout;
import dev.lifeboat.archive.ArchiveReader;
import dev.lifeboat.archive.SealingStream;
import dev.lifeboat.archive.bucket.BucketObjects;
import dev.lifeboat.events.backup.Compression;
import dev.lifeboat.postgres.restore.RowReadingWarmUp;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import org.jboss.logging.Logger;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.Optional;

/**
 * Warms the restore path as the service starts, on a thread of its own, so that an incident's restore (the first after a
 * start) is not the slow one: the bucket's client (a listing, read-only: its first use builds the SDK's client, its
 * connections and parsers), and an archive of its own, sealed in memory and read back {@value #ROUNDS} times as a
 * restore reads one (SHA-256, zstd, the rows of its data script and their digest: {@link RowReadingWarmUp}). AES-GCM is
 * {@code CipherWarmUp}'s. Nothing leaves this JVM but the listing; a failure is logged and changes nothing.
 */
@ApplicationScoped
public class RestorePathWarmUp {

    private static final Logger LOG = Logger.getLogger(RestorePathWarmUp.class);
    private static final int ROWS = 60_000;
    private static final int ROUNDS = 8;

    void start(@Observes StartupEvent started, BucketObjects bucket) {
        Thread thread = new Thread(() -> run(bucket), "lifeboat-restore-warm-up");
        thread.setDaemon(true);
        thread.setPriority(Thread.MIN_PRIORITY);
        thread.start();
    }

    private static void run(BucketObjects bucket) {
        long began = System.nanoTime();
        try {
            bucket.firstKeys(ArchiveLayout.ROOT, 1);
        } catch (IOException | RuntimeException e) {
            LOG.debugf("The restore path's warm-up could not list the bucket (a restore will say why, if it still cannot): %s", e.getMessage());
        }
        try {
            byte[] script = RowReadingWarmUp.script(ROWS);
            ByteArrayOutputStream stored = new ByteArrayOutputStream(script.length / 4);
            SealingStream sealing = SealingStream.open(stored, Compression.ZSTD, 3, 0, Optional.empty(), "warm-up");
            try (sealing) {
                sealing.write(script);
            }
            ArchiveReader.Sealed sealed = new ArchiveReader.Sealed("warm-up archive", "warm-up", sealing.sizeBytes(), sealing.sha256(),
                    Compression.ZSTD, null);
            long rows = 0;
            for (int round = 0; round < ROUNDS; round++) {
                try (InputStream plaintext = ArchiveReader.plaintext(new ByteArrayInputStream(stored.toByteArray()), sealed, keyId -> null)) {
                    rows += RowReadingWarmUp.read(plaintext);
                }
            }
            LOG.infof("The restore path is warm: %d MB of its own archive read as a restore reads one (%d rows) in %d ms",
                    (long) script.length * ROUNDS >> 20, rows, (System.nanoTime() - began) / 1_000_000);
        } catch (IOException | RuntimeException e) {
            LOG.warnf("The restore path's warm-up failed (the first restore may be slower; nothing else changes): %s", e.getMessage());
        }
    }
}
