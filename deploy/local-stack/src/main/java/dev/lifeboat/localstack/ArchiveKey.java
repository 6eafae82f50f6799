package dev.lifeboat.localstack;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.Map;

/**
 * Local backups are encrypted, as production ones should be: a key generated on the first start (32 random bytes,
 * base64, readable by its owner only) under {@code .lifeboat/keys/}, given to every service by reference.
 */
final class ArchiveKey {

    static final String KEY_ID = "local";

    private ArchiveKey() {
    }

    /** The key's settings: the key new backups use, and where every service reads it. */
    static Map<String, String> properties(Path state) {
        Path file = state.resolve("keys").resolve("archive-" + KEY_ID + ".key");
        try {
            if (!Files.exists(file)) {
                Files.createDirectories(file.getParent());
                byte[] key = new byte[32];
                new SecureRandom().nextBytes(key);
                Files.createFile(file, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
                Files.writeString(file, Base64.getEncoder().encodeToString(key));
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return Map.of("lifeboat.encryption.active-key-id", KEY_ID, "lifeboat.encryption.keys." + KEY_ID, "file:" + file);
    }
}
