package dev.lifeboat.archive;

import dev.lifeboat.runtime.secret.SecretUnavailableException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.HashMap;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/** Key ids to secret references; messages name the key id and the reference, never the key. */
class ArchiveKeyringTest {

    private static final byte[] KEY = new byte[ArchiveEncryption.KEY_BYTES];
    private static final String UNSET_VARIABLE = "LIFEBOAT_ARCHIVE_KEYRING_TEST_NEVER_SET";

    static {
        for (int i = 0; i < KEY.length; i++) {
            KEY[i] = (byte) (i * 7 + 3);
        }
    }

    @TempDir
    Path dir;

    @Test
    void aKeyInAFileIsReadUnderItsIdAndDecryptsWhatThatKeyEncrypted() throws Exception {
        ArchiveKeyring keyring = new ArchiveKeyring(Map.of("key-2026", fileReference("key-2026", "  " + base64(KEY) + "\n")));
        ByteArrayOutputStream sink = new ByteArrayOutputStream();
        try (OutputStream out = new ArchiveEncryption("key-2026", KEY).encrypting(sink, "b-1")) {
            out.write("customer-row 1".getBytes(StandardCharsets.UTF_8));
        }

        ArchiveEncryption encryption = keyring.byId("key-2026");

        assertThat(encryption.keyId()).isEqualTo("key-2026");
        assertThat(encryption.describe().keyId()).isEqualTo("key-2026");
        try (InputStream in = encryption.decrypting(new ByteArrayInputStream(sink.toByteArray()), "b-1")) {
            assertThat(new String(in.readAllBytes(), StandardCharsets.UTF_8)).isEqualTo("customer-row 1");
        }
    }

    @Test
    void anUnknownIdIsRefusedNamingItsSetting() {
        ArchiveKeyring keyring = new ArchiveKeyring(Map.of("key-2026", "file:/run/secrets/key-2026"));

        assertThatThrownBy(() -> keyring.byId("key-2025"))
                .isInstanceOf(SecretUnavailableException.class)
                .hasMessage("encryption key 'key-2025' is not configured (lifeboat.encryption.keys.key-2025)");
        assertThat(keyring.orNull("key-2025")).isNull();
    }

    @Test
    void aKeyOfTheWrongLengthIsRefusedNamedButNotShown() throws Exception {
        String sixteen = base64(new byte[]{1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16});
        String thirtyThree = base64(new byte[33]);
        ArchiveKeyring keyring = new ArchiveKeyring(Map.of("short", fileReference("short", sixteen),
                "long", fileReference("long", thirtyThree), "empty", fileReference("empty", "")));

        assertThatThrownBy(() -> keyring.byId("short"))
                .isInstanceOf(SecretUnavailableException.class)
                .hasMessage("encryption key 'short' must be 32 bytes of base64, not 16")
                .hasMessageNotContaining(sixteen);
        assertThatThrownBy(() -> keyring.byId("long"))
                .hasMessage("encryption key 'long' must be 32 bytes of base64, not 33")
                .hasMessageNotContaining(thirtyThree);
        // an empty key file is no secret at all: refused as missing, naming the reference
        assertThatThrownBy(() -> keyring.byId("empty")).isInstanceOf(SecretUnavailableException.class)
                .hasMessageEndingWith("empty.key is empty or holds only whitespace");
        assertThat(keyring.orNull("short")).isNull();
    }

    @Test
    void aKeyPastedWhereItsReferenceBelongsOrAFileNotInBase64IsRefusedWithoutShowingIt() throws Exception {
        String pasted = base64(KEY);
        String notBase64 = "this is not base64!";
        ArchiveKeyring keyring = new ArchiveKeyring(Map.of("pasted", pasted, "badenv", "env:1-NOT-A-NAME",
                "bad", fileReference("bad", notBase64)));

        assertThatThrownBy(() -> keyring.byId("pasted"))
                .isInstanceOf(SecretUnavailableException.class)
                .hasMessage("encryption key 'pasted' is not a valid reference to base64 key material")
                .hasMessageNotContaining(pasted);
        assertThatThrownBy(() -> keyring.byId("badenv"))
                .hasMessage("encryption key 'badenv' is not a valid reference to base64 key material");
        assertThatThrownBy(() -> keyring.byId("bad"))
                .hasMessage("encryption key 'bad' is not a valid reference to base64 key material")
                .hasMessageNotContaining(notBase64);
        assertThat(keyring.orNull("pasted")).isNull();
    }

    @Test
    void anUnsetVariableIsNamedWithItsReference() {
        assumeTrue(System.getenv(UNSET_VARIABLE) == null, UNSET_VARIABLE + " is set here");
        ArchiveKeyring keyring = new ArchiveKeyring(Map.of("k", "env:" + UNSET_VARIABLE));

        assertThatThrownBy(() -> keyring.byId("k"))
                .isInstanceOf(SecretUnavailableException.class)
                .hasMessage("environment variable " + UNSET_VARIABLE + " (named by env:" + UNSET_VARIABLE + ") is not set");
        assertThat(keyring.orNull("k")).isNull();
    }

    @Test
    void aMissingKeyFileIsNamedWithItsReference() {
        Path absent = dir.resolve("absent.key");
        ArchiveKeyring keyring = new ArchiveKeyring(Map.of("k", "file:" + absent));

        assertThatThrownBy(() -> keyring.byId("k"))
                .isInstanceOf(SecretUnavailableException.class)
                .hasMessage("cannot read file:" + absent + ": NoSuchFileException");
        assertThat(keyring.orNull("k")).isNull();
    }

    @Test
    void theKeyringKeepsItsOwnCopyOfTheReferences() throws Exception {
        Map<String, String> references = new HashMap<>();
        references.put("k", fileReference("k", base64(KEY)));
        ArchiveKeyring keyring = new ArchiveKeyring(references);

        references.remove("k");
        references.put("later", fileReference("later", base64(KEY)));

        assertThat(keyring.byId("k").keyId()).isEqualTo("k");
        assertThat(keyring.orNull("later")).isNull();
    }

    @Test
    void theKeyIsReadAgainEachTimeItIsNeeded() throws Exception {
        ArchiveKeyring keyring = new ArchiveKeyring(Map.of("k", fileReference("rotating", base64(KEY))));
        assertThat(keyring.orNull("k")).isNotNull();

        Files.delete(dir.resolve("rotating.key"));

        assertThat(keyring.orNull("k")).isNull();
    }

    private String fileReference(String name, String content) throws IOException {
        Path file = dir.resolve(name + ".key");
        Files.writeString(file, content, StandardCharsets.UTF_8);
        return "file:" + file.toAbsolutePath();
    }

    private static String base64(byte[] bytes) {
        return Base64.getEncoder().encodeToString(bytes);
    }
}
