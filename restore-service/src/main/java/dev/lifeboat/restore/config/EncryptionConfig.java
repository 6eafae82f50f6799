package dev.lifeboat.restore.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

import java.util.Map;

/**
 * The archive keys restores may need: the same key ids and references the backup service is given
 * ({@code env:VARIABLE} or {@code file:/path} holding 32 bytes in base64). Restoring an encrypted backup
 * whose key id is not listed fails with {@code KEY_UNAVAILABLE} before any database is touched.
 */
@ConfigMapping(prefix = "lifeboat.encryption")
public interface EncryptionConfig {

    /** Key id to a reference to the key material. */
    @WithDefault("")
    Map<String, String> keys();
}
