package dev.lifeboat.backup;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.Map;

/** A fresh random archive key in a file under target/, configured as the active key: every test backup is encrypted. */
public class ArchiveKeyTestResource implements QuarkusTestResourceLifecycleManager {

    public static final String KEY_ID = "test-key";
    public static final Path KEY_FILE = Path.of(System.getProperty("java.io.tmpdir"), "lifeboat-test-archive.key");

    @Override
    public Map<String, String> start() {
        byte[] key = new byte[32];
        new SecureRandom().nextBytes(key);
        try {
            Files.writeString(KEY_FILE, Base64.getEncoder().encodeToString(key) + "\n");
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
