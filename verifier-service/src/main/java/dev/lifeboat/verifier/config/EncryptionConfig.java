package dev.lifeboat.verifier.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

import java.util.Map;

/**
 * The archive keys verifications and restore tests need: the same key ids and references the backup
 * service is given ({@code env:VARIABLE} or {@code file:/path} holding 32 bytes in base64). An encrypted
 * backup whose key id is not listed fails its verification, naming the key id.
 */
@ConfigMapping(prefix = "lifeboat.encryption")
public interface EncryptionConfig {

    /** Key id to a reference to the key material. */
    @WithDefault("")
    Map<String, String> keys();
}
