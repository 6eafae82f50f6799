package dev.lifeboat.archive;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class CipherWarmUpTest {

    @Test
    void theWarmUpEncryptsAndDecryptsItsFiveMebibytesIntact() throws Exception {
        assertThat(CipherWarmUp.runHere()).isEqualTo(5L * 1024 * 1024);
    }
}
