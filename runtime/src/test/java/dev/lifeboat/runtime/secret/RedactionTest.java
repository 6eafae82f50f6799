package dev.lifeboat.runtime.secret;

import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class RedactionTest {

    @Test
    void theSecretInUseAndPasswordSettingsAndUrlCredentialsAreRemoved() {
        String text = "pg_dump: error: connection to server failed: s3cr3t! password=abc host=x "
                + "postgresql://bob:hunter2@db:5432/orders PASSWORD: 'quoted value'";
        String redacted = Redaction.redact(text, "s3cr3t!");
        assertThat(redacted).doesNotContain("s3cr3t!", "abc", "hunter2", "quoted value")
                .contains("password=***", "postgresql://bob:***@db:5432/orders", "host=x");
    }

    @Test
    void referencesParseAndResolveAndTheirErrorsNameOnlyTheReference() throws Exception {
        assertThat(SecretReference.parse("env:ORDERS_DB_PASSWORD").resolve(Map.of("ORDERS_DB_PASSWORD", "pw")::get)).isEqualTo("pw");
        assertThatThrownBy(() -> SecretReference.parse("env:MISSING").resolve(Map.<String, String>of()::get))
                .hasMessage("environment variable MISSING (named by env:MISSING) is not set");
        assertThatThrownBy(() -> SecretReference.parse("file:/no/such/file").resolve())
                .hasMessage("cannot read file:/no/such/file: NoSuchFileException");
        assertThatThrownBy(() -> SecretReference.parse("plain-password"))
                .hasMessageContaining("credentialRef must be env:VARIABLE_NAME or file:/absolute/path");
    }
}
