package dev.lifeboat.archive;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.security.SecureRandom;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Makes AES-GCM fast from a JVM's first large archive. HotSpot encrypts with the CPU's AES and carry-less multiply
 * instructions only inside code its optimizing compiler built from the caller, and it builds that code for a
 * method called thousands of times. An archive's 1 MiB segments call the cipher a few hundred times per gigabyte,
 * so a fresh service sealed and opened its first 400–500 MB at 60–77 MB/s in plain Java, against 1.7–2.5 GB/s once
 * compiled ({@code bench/benchmark cipher}; the restore service, seldom busy, stayed cold for most restores). The
 * first keyring of a JVM with keys therefore starts a thread that encrypts and decrypts 5 MiB in 1 KiB segments with
 * a throwaway key: about 5,000 calls, about 0.5 s of one core, after which the compiled code serves every segment
 * size. A service with keys starts it as it starts ({@link CipherWarmUpAtStart}): started only by the first keyring,
 * as the first archive began, it raced that archive, which opened its first 100 MB still at about 66 MB/s.
 */
public final class CipherWarmUp {

    private static final System.Logger LOG = System.getLogger(CipherWarmUp.class.getName());
    private static final AtomicBoolean STARTED = new AtomicBoolean();
    private static final CompletableFuture<Long> DONE = new CompletableFuture<>();
    private static final int SEGMENT_SIZE = 1024;
    private static final int WRITES = 80;
    private static final int WRITE_SIZE = 64 * 1024;

    private CipherWarmUp() {
    }

    /**
     * Starts the warm-up on a daemon thread, once per JVM; later calls start nothing.
     *
     * @return the warm-up's end (the bytes it sealed and opened), the same for every caller; nobody needs to wait for it
     */
    public static CompletableFuture<Long> inBackground() {
        if (STARTED.compareAndSet(false, true)) {
            Thread thread = new Thread(CipherWarmUp::runQuietly, "lifeboat-cipher-warm-up");
            thread.setDaemon(true);
            thread.start();
        }
        return DONE.copy();
    }

    private static void runQuietly() {
        long began = System.nanoTime();
        try {
            long bytes = runHere();
            DONE.complete(bytes);
            LOG.log(System.Logger.Level.DEBUG, "AES-GCM warmed up: {0} bytes encrypted and decrypted in {1} ms", bytes,
                    (System.nanoTime() - began) / 1_000_000);
        } catch (IOException | RuntimeException e) {
            // only speed is at stake: archives are sealed and opened the same way, compiled sooner or later
            LOG.log(System.Logger.Level.DEBUG, "AES-GCM warm-up stopped: {0}", e.getMessage());
            DONE.completeExceptionally(e);
        }
    }

    /** The warm-up on the caller's thread: encrypts, then decrypts and checks, its bytes; returns how many went each way. */
    static long runHere() throws IOException {
        byte[] key = new byte[ArchiveEncryption.KEY_BYTES];
        new SecureRandom().nextBytes(key);
        ArchiveEncryption encryption = new ArchiveEncryption("warm-up", key, SEGMENT_SIZE);
        byte[] plaintext = new byte[WRITE_SIZE];
        ByteArrayOutputStream sealed = new ByteArrayOutputStream(WRITES * WRITE_SIZE + WRITES * WRITE_SIZE / 32);
        try (OutputStream encrypting = encryption.encrypting(sealed, "warm-up")) {
            for (int i = 0; i < WRITES; i++) {
                encrypting.write(plaintext);
            }
        }
        long opened = 0;
        try (InputStream decrypting = encryption.decrypting(new ByteArrayInputStream(sealed.toByteArray()), "warm-up")) {
            for (int n = decrypting.read(plaintext); n >= 0; n = decrypting.read(plaintext)) {
                opened += n;
            }
        }
        if (opened != (long) WRITES * WRITE_SIZE) {
            throw new IOException("the warm-up decrypted " + opened + " bytes of " + (long) WRITES * WRITE_SIZE);
        }
        return opened;
    }
}
