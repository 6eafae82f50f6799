package dev.lifeboat.backup;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.Map;

/**
 * A random archive key in a file under the temporary folder, configured as the active key: every test backup is encrypted.
 * One key per JVM, as a deployment has one key per id: the bucket records the key each id encrypts, and a service started
 * with another key under the same id is refused.
 */
public class ArchiveKeyTestResource implements QuarkusTestResourceLifecycleManager {

    public static final String KEY_ID = "test-key";
    public static final Path KEY_FILE = Path.of(System.getProperty("java.io.tmpdir"), "lifeboat-test-archive.key");

    private static final byte[] KEY = new byte[32];

    static {
        new SecureRandom().nextBytes(KEY);
    }

    @Override
    public Map<String, String> start() {
        try {
            Files.writeString(KEY_FILE, Base64.getEncoder().encodeToString(KEY) + "\n");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return Map.of("lifeboat.encryption.active-key-id", KEY_ID,
                "lifeboat.encryption.keys." + KEY_ID, "file:" + KEY_FILE.toAbsolutePath());
    }

    public static byte[] key() throws IOException {
        return Base64.getDecoder().decode(Files.readString(KEY_FILE).trim());
    }

    @Override
    public void stop() {
        try {
            Files.deleteIfExists(KEY_FILE);
        } catch (IOException ignored) {
            // target/ is cleaned by the next build anyway
        }
    }
}
