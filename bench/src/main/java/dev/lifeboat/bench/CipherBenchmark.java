package dev.lifeboat.bench;

import dev.lifeboat.archive.ArchiveEncryption;
import dev.lifeboat.archive.ArchiveKeyring;
import dev.lifeboat.archive.CipherWarmUp;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;

/**
 * An archive's encryption in a fresh JVM, as a service has it after a start: N MB (default 500) sealed, and opened,
 * through {@link ArchiveEncryption} (1 MiB segments) in a JVM of its own (-Xmx256m, as the services run), printing
 * MB/s per 100 MB: cold, the key made directly (no {@link CipherWarmUp}); first-key, the key read through an
 * {@link ArchiveKeyring}, which starts the warm-up as the archive begins (racing it); at-start, the warm-up ended before
 * the archive, as a service starts it ({@code CipherWarmUpAtStart}). The anchor is the same JVM once its compiler has
 * caught up: the at-start runs.
 */
public final class CipherBenchmark {

    private static final int CHUNK = 256 * 1024;
    private static final int STEP_MB = 100;
    private static final byte[] KEY = new byte[ArchiveEncryption.KEY_BYTES];

    private CipherBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        int megabytes = args.length > 1 ? Integer.parseInt(args[1]) : 500;
        Path sealed = Files.createTempFile("cipher-bench", ".sealed");
        try {
            for (String direction : List.of("seal", "open")) {
                for (String mode : List.of("cold", "first-key", "at-start")) {
                    probe(direction, mode, megabytes, sealed);
                }
            }
        } finally {
            Files.deleteIfExists(sealed);
        }
        System.out.println("\nMB/s of each 100 MB in a fresh JVM (-Xmx256m, -XX:+UseSerialGC), AES-256-GCM-HKDF streaming, 1 MiB segments;");
        System.out.println("cold: the key made directly, no warm-up; first-key: the key read through a keyring, which starts CipherWarmUp");
        System.out.println("(5 MiB in 1 KiB segments) as the archive begins; at-start: the warm-up ended first, as a service with keys");
        System.out.println("starts it when it starts (the anchor: the same JVM compiled).");
    }

    private static void probe(String direction, String mode, int megabytes, Path sealed) throws Exception {
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx256m", "-XX:+UseSerialGC", "-cp", System.getProperty("java.class.path"), Probe.class.getName(),
                direction, mode, String.valueOf(megabytes), sealed.toString()));
        Process process = new ProcessBuilder(command).inheritIO().start();
        if (process.waitFor() != 0) {
            throw new IllegalStateException("the " + direction + " " + mode + " probe failed");
        }
    }

    /** One fresh JVM's seal or open. */
    public static final class Probe {

        private Probe() {
        }

        public static void main(String[] args) throws Exception {
            String direction = args[0];
            String mode = args[1];
            long bytes = Long.parseLong(args[2]) * 1_048_576;
            Path sealed = Path.of(args[3]);
            String warmUp = "";
            if (mode.equals("at-start")) {
                long began = System.nanoTime();
                CipherWarmUp.inBackground().join();
                warmUp = String.format(" (warm-up %d ms)", (System.nanoTime() - began) / 1_000_000);
            }
            ArchiveEncryption encryption = mode.equals("first-key") ? throughKeyring() : new ArchiveEncryption("bench", KEY);
            byte[] chunk = new byte[CHUNK];
            new SecureRandom().nextBytes(chunk);
            List<Long> rates = new ArrayList<>();
            long mark = System.nanoTime();
            long done = 0;
            if (direction.equals("seal")) {
                try (OutputStream out = encryption.encrypting(Files.newOutputStream(sealed), "cipher-bench")) {
                    while (done < bytes) {
                        out.write(chunk);
                        done += CHUNK;
                        mark = rate(done, mark, rates);
                    }
                }
            } else {
                try (InputStream in = encryption.decrypting(Files.newInputStream(sealed), "cipher-bench")) {
                    for (int n = in.readNBytes(chunk, 0, CHUNK); n > 0; n = in.readNBytes(chunk, 0, CHUNK)) {
                        done += n;
                        mark = rate(done, mark, rates);
                    }
                }
            }
            if (done != bytes) {
                throw new IOException(direction + " went through " + done + " bytes of " + bytes);
            }
            System.out.printf("%-5s %-9s MB/s per %d MB: %s%s%n", direction, mode, STEP_MB, rates, warmUp);
        }

        /** The key as a service reads it: a keyring over a key file (the keyring starts the warm-up). */
        private static ArchiveEncryption throughKeyring() throws Exception {
            Path keyFile = Files.createTempFile("cipher-bench", ".key");
            try {
                Files.writeString(keyFile, Base64.getEncoder().encodeToString(KEY));
                return new ArchiveKeyring(Map.of("bench", "file:" + keyFile)).byId("bench");
            } finally {
                Files.delete(keyFile);
            }
        }

        private static long rate(long done, long mark, List<Long> rates) {
            if (done % (STEP_MB * 1_048_576L) != 0) {
                return mark;
            }
            long now = System.nanoTime();
            rates.add(STEP_MB * 1_048_576L * 1_000_000_000L / (now - mark) / 1_000_000);
            return now;
        }
    }
}
