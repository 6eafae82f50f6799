package dev.lifeboat.archive;

import com.google.crypto.tink.subtle.AesGcmHkdfStreaming;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;

/**
 * Segmented streaming authenticated encryption of an archive: AES-256-GCM with a per-archive key
 * derived by HKDF-SHA256 (Tink's {@code AesGcmHkdfStreaming}). Each segment is authenticated on its
 * own, so both directions stream in bounded memory, and a changed, reordered or truncated archive
 * fails to decrypt. The ciphertext is bound to the backup id (associated data).
 */
public final class ArchiveEncryption {

    public static final String ALGORITHM = "AES256_GCM_HKDF_SHA256_STREAMING";
    public static final String ASSOCIATED_DATA = "backup-id";
    public static final int SEGMENT_SIZE = 1 << 20;
    public static final int KEY_BYTES = 32;

    /** What the fingerprint's HMAC is taken of: a fixed text, so that the fingerprint says nothing of the key itself. */
    private static final byte[] FINGERPRINT_LABEL = "lifeboat archive key fingerprint v1".getBytes(StandardCharsets.US_ASCII);
    private static final int FINGERPRINT_BYTES = 16;

    private final AesGcmHkdfStreaming aead;
    private final String keyId;
    private final String fingerprint;

    /** @param key 32 bytes of key material (the configured key, never logged) */
    public ArchiveEncryption(String keyId, byte[] key) {
        this(keyId, key, SEGMENT_SIZE);
    }

    /** With other segments than archives have: {@link CipherWarmUp}'s small ones, which call the cipher often. */
    ArchiveEncryption(String keyId, byte[] key, int segmentSize) {
        if (key.length != KEY_BYTES) {
            throw new IllegalArgumentException("encryption key '" + keyId + "' must be " + KEY_BYTES + " bytes, not " + key.length);
        }
        try {
            this.aead = new AesGcmHkdfStreaming(key, "HmacSha256", KEY_BYTES, segmentSize, 0);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES-GCM-HKDF streaming is unavailable: " + e.getMessage(), e);
        }
        this.keyId = keyId;
        this.fingerprint = fingerprint(key);
    }

    /**
     * The key's fingerprint as manifests record it: HMAC-SHA256 keyed with the key over a fixed label, its first 16 bytes
     * in hex. It tells keys apart (a key swapped under the same id) and reveals nothing of the key.
     */
    private static String fingerprint(byte[] key) {
        try {
            javax.crypto.Mac mac = javax.crypto.Mac.getInstance("HmacSHA256");
            mac.init(new javax.crypto.spec.SecretKeySpec(key, "HmacSHA256"));
            return java.util.HexFormat.of().formatHex(mac.doFinal(FINGERPRINT_LABEL), 0, FINGERPRINT_BYTES);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HMAC-SHA256 is unavailable: " + e.getMessage(), e);
        }
    }

    /** The key's fingerprint ({@link #fingerprint(byte[])}): what a manifest says encrypted it. */
    public String fingerprint() {
        return fingerprint;
    }

    public String keyId() {
        return keyId;
    }

    /**
     * Why this key is refused where {@code what} says another key encrypted under its id (a manifest, the bucket's key
     * record): one wording for every reader, naming the key id and both fingerprints, never the key.
     */
    public String notTheKeyOf(String what, String recordedFingerprint) {
        return what + " was encrypted by another key than the one configured as '" + keyId + "' (fingerprint " + recordedFingerprint
                + ", the configured key's " + fingerprint + "): the key under that id was changed; configure the key that encrypted"
                + " it under its id, and give a new key a new id";
    }

    public BackupManifest.Encryption describe() {
        return describe(ASSOCIATED_DATA);
    }

    /** @param associatedData what the ciphertext is bound to, as manifests name it ({@code backup-id}, {@code segment-id}) */
    public BackupManifest.Encryption describe(String associatedData) {
        return new BackupManifest.Encryption(ALGORITHM, keyId, SEGMENT_SIZE, associatedData, fingerprint);
    }

    public OutputStream encrypting(OutputStream ciphertext, String backupId) throws IOException {
        try {
            return aead.newEncryptingStream(ciphertext, backupId.getBytes(StandardCharsets.UTF_8));
        } catch (GeneralSecurityException e) {
            throw new IOException("cannot start encrypting: " + e.getMessage(), e);
        }
    }

    /** Reading fails with an {@link IOException} as soon as a segment does not authenticate. */
    public InputStream decrypting(InputStream ciphertext, String backupId) throws IOException {
        try {
            return aead.newDecryptingStream(ciphertext, backupId.getBytes(StandardCharsets.UTF_8));
        } catch (GeneralSecurityException e) {
            throw new IOException("cannot start decrypting: " + e.getMessage(), e);
        }
    }
}
