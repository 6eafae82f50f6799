package dev.lifeboat.runtime.secret;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class SecretReferenceTest {

    @Test
    void aPasswordPastedWhereItsReferenceBelongsIsRefusedWithoutBeingRepeated() {
        assertThatThrownBy(() -> SecretReference.parse("Tr0ub4dor&3"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("env:VARIABLE_NAME or file:/absolute/path")
                .hasMessageNotContaining("Tr0ub4dor");
    }

    @Test
    void envAndFileReferencesAreRead() {
        assertThat(SecretReference.parse("env:ORDERS_PASSWORD")).isNotNull();
        assertThat(SecretReference.parse("file:/run/secrets/orders")).isNotNull();
    }
}
