package dev.lifeboat.backup.encryption;

import org.junit.jupiter.api.Test;

import java.util.Map;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

class EncryptionAtStartTest {

    private static final Map<String, String> KEYS = Map.of("k1", "env:LIFEBOAT_ENCRYPTION_KEY", "k0", "file:/run/secrets/k0");

    @Test
    void withoutAnActiveKeyTheServiceDoesNotStartUnlessUnencryptedBackupsAreChosen() {
        assertThat(EncryptionAtStart.refusal(Optional.empty(), KEYS, true)).hasValueSatisfying(reason -> assertThat(reason)
                .startsWith("lifeboat.encryption.active-key-id is not set, so backups would be written unencrypted")
                .contains("lifeboat.encryption.required=false"));
        assertThat(EncryptionAtStart.refusal(Optional.empty(), Map.of(), false)).isEmpty();
    }

    @Test
    void anActiveKeyMustBeOneThatIsListedWhateverRequiredSays() {
        assertThat(EncryptionAtStart.refusal(Optional.of("k1"), KEYS, true)).isEmpty();
        assertThat(EncryptionAtStart.refusal(Optional.of("k2"), KEYS, false))
                .hasValue("lifeboat.encryption.active-key-id names key k2, which lifeboat.encryption.keys does not list (it lists k0, k1)");
        assertThat(EncryptionAtStart.refusal(Optional.of("k2"), Map.of(), true)).hasValueSatisfying(reason -> assertThat(reason).endsWith("(it lists none)"));
    }
}
