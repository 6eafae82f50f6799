package dev.lifeboat.backup.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

import java.util.Map;
import java.util.Optional;

/**
 * Encryption of archives. Keys are referenced, never written in configuration: each key id maps to
 * {@code env:VARIABLE} or {@code file:/path} holding 32 random bytes in base64
 * ({@code openssl rand -base64 32}). Old keys stay listed so their backups can still be read.
 */
@ConfigMapping(prefix = "lifeboat.encryption")
public interface EncryptionConfig {

    /**
     * The key new backups are encrypted with; absent means backups are not encrypted, which the service refuses at start
     * unless {@link #required()} is false.
     */
    Optional<String> activeKeyId();

    /**
     * Whether the service refuses to start without an active key (true), or backs up unencrypted on purpose (false: it
     * says so in its log at every start).
     */
    @WithDefault("true")
    boolean required();

    /** Key id to a reference to the key material. */
    @WithDefault("")
    Map<String, String> keys();
}
