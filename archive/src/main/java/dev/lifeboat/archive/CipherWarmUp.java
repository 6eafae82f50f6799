package dev.lifeboat.archive;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicBoolean;

import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * Makes AES-GCM fast from a JVM's first large archive. HotSpot encrypts with the CPU's AES and carry-less multiply
 * instructions only inside code its optimizing compiler built from the caller, and it builds that code for a
 * method called thousands of times. An archive's 1 MiB segments call the cipher a few hundred times per gigabyte,
 * so a fresh service sealed and opened its first 400–500 MB at 60–77 MB/s in plain Java, against 1.7–2.5 GB/s once
 * compiled ({@code bench/benchmark cipher}; the restore service, seldom busy, stayed cold for most restores). The
 * first keyring of a JVM with keys therefore starts a thread that seals and opens 1 MiB in 1 KiB segments with a
 * throwaway key, round after round, until one archive-sized segment seals and opens at compiled speed (usually a
 * few rounds: about 0.5 s of one core). A service with keys starts it as it starts ({@link CipherWarmUpAtStart}).
 * <p>
 * HotSpot compiles only the branches it has seen taken, and throws the compiled code away (an "unstable if") the
 * first time another is: so each round seals <em>and</em> opens, and also seals and opens short records with 13
 * bytes of associated data, as TLS does with the same JDK cipher, and the warm-up ends only once the compiled code is
 * in place. A warm-up that sealed 5 MiB, then opened them, and nothing else left a starting service (2 cores) with
 * no compiled cipher at all: the first TLS record after it threw the code away, and that service's first backup
 * sealed at the plain-Java rate (its compilation log, 2026-11-27).
 */
public final class CipherWarmUp {

    private static final System.Logger LOG = System.getLogger(CipherWarmUp.class.getName());
    private static final AtomicBoolean STARTED = new AtomicBoolean();
    private static final CompletableFuture<Long> DONE = new CompletableFuture<>();
    private static final int SMALL_SEGMENT = 1024;
    private static final int ROUND_BYTES = 1 << 20;
    private static final int WRITE_SIZE = 64 * 1024;
    private static final int RECORDS = 512;
    private static final int RECORD_BYTES = 512;
    /** Enough for any compiler queue: each round is about 2,000 calls of the cipher. */
    private static final int MOST_ROUNDS = 60;
    /** Compiled code seals and opens an archive's segment at over 1 GB/s here; plain Java at under 80 MB/s. */
    private static final long COMPILED_BYTES_PER_SECOND = 400L * 1_000_000;

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
            LOG.log(System.Logger.Level.DEBUG, "AES-GCM warmed up: {0} bytes sealed and opened in {1} ms", bytes,
                    (System.nanoTime() - began) / 1_000_000);
        } catch (IOException | RuntimeException e) {
            // only speed is at stake: archives are sealed and opened the same way, compiled sooner or later
            LOG.log(System.Logger.Level.DEBUG, "AES-GCM warm-up stopped: {0}", e.getMessage());
            DONE.completeExceptionally(e);
        }
    }

    /**
     * The warm-up on the caller's thread: rounds of sealing and opening in small segments, each round followed by one
     * archive-sized segment timed, until that one is fast (or {@link #MOST_ROUNDS}); returns the bytes sealed and opened
     * in small segments (a whole number of rounds).
     */
    static long runHere() throws IOException {
        byte[] key = new byte[ArchiveEncryption.KEY_BYTES];
        new SecureRandom().nextBytes(key);
        ArchiveEncryption small = new ArchiveEncryption("warm-up", key, SMALL_SEGMENT);
        ArchiveEncryption archive = new ArchiveEncryption("warm-up", key);
        byte[] roundPlaintext = randomBytes(ROUND_BYTES);
        byte[] segmentPlaintext = randomBytes(ArchiveEncryption.SEGMENT_SIZE);
        long bytes = 0;
        for (int round = 0; round < MOST_ROUNDS; round++) {
            sealAndOpen(small, roundPlaintext);
            sealAndOpenRecords(key);
            bytes += ROUND_BYTES;
            long began = System.nanoTime();
            sealAndOpen(archive, segmentPlaintext);
            long nanos = Math.max(1, System.nanoTime() - began);
            if (2L * ArchiveEncryption.SEGMENT_SIZE * 1_000_000_000L / nanos >= COMPILED_BYTES_PER_SECOND) {
                break;
            }
        }
        return bytes;
    }

    /** Short AES-GCM records with associated data, as TLS seals them: the JDK's cipher takes other branches for those. */
    private static void sealAndOpenRecords(byte[] key) throws IOException {
        try {
            SecretKeySpec spec = new SecretKeySpec(key, "AES");
            Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
            byte[] record = new byte[RECORD_BYTES];
            byte[] associated = new byte[13];
            byte[] nonce = new byte[12];
            for (int i = 0; i < RECORDS; i++) {
                nonce[0] = (byte) i;
                nonce[1] = (byte) (i >> 8);
                cipher.init(Cipher.ENCRYPT_MODE, spec, new GCMParameterSpec(128, nonce));
                cipher.updateAAD(associated);
                byte[] sealed = cipher.doFinal(record, 0, RECORD_BYTES - i % 16);
                cipher.init(Cipher.DECRYPT_MODE, spec, new GCMParameterSpec(128, nonce));
                cipher.updateAAD(associated);
                cipher.doFinal(sealed);
            }
        } catch (GeneralSecurityException e) {
            throw new IOException("the warm-up's records failed: " + e.getMessage(), e);
        }
    }

    private static byte[] randomBytes(int count) {
        byte[] bytes = new byte[count];
        ThreadLocalRandom.current().nextBytes(bytes);
        return bytes;
    }

    /** Seals the plaintext and opens it again; what comes out must be what went in. */
    private static void sealAndOpen(ArchiveEncryption encryption, byte[] plaintext) throws IOException {
        int bytes = plaintext.length;
        ByteArrayOutputStream sealed = new ByteArrayOutputStream(bytes + bytes / 16 + 1024);
        try (OutputStream encrypting = encryption.encrypting(sealed, "warm-up")) {
            for (int from = 0; from < bytes; from += WRITE_SIZE) {
                encrypting.write(plaintext, from, Math.min(WRITE_SIZE, bytes - from));
            }
        }
        byte[] opened;
        try (InputStream decrypting = encryption.decrypting(new ByteArrayInputStream(sealed.toByteArray()), "warm-up")) {
            opened = decrypting.readAllBytes();
        }
        if (!Arrays.equals(opened, plaintext)) {
            throw new IOException("the warm-up opened " + opened.length + " bytes that differ from the " + bytes + " it sealed");
        }
    }
}
