package dev.lifeboat.archive;

import org.junit.jupiter.api.Test;

import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

class CipherWarmUpTest {

    private static final long MIB = 1024 * 1024;

    @Test
    void theWarmUpSealsAndOpensWholeRoundsOfAMebibyteIntact() throws Exception {
        long bytes = CipherWarmUp.runHere(); // a round whose opened bytes differed from its sealed ones would throw

        assertThat(bytes).isPositive().isLessThanOrEqualTo(60 * MIB); // whole rounds, never more than its 60
        assertThat(bytes % MIB).isZero();
    }

    @Test
    void theBackgroundWarmUpRunsOncePerJvmAndEveryCallerSeesItsEnd() throws Exception {
        var first = CipherWarmUp.inBackground();
        var second = CipherWarmUp.inBackground();

        long bytes = first.get(30, TimeUnit.SECONDS);
        assertThat(bytes).isPositive();
        assertThat(second.get(30, TimeUnit.SECONDS)).isEqualTo(bytes);
        // a caller cannot end it for the others
        first.complete(0L);
        assertThat(CipherWarmUp.inBackground().get(30, TimeUnit.SECONDS)).isEqualTo(bytes);
    }

    @Test
    void aServiceWarmsUpWhereItsConfigurationNamesAnArchiveKeyInEitherForm() {
        assertThat(CipherWarmUpAtStart.namesAKey("lifeboat.encryption.keys.k2026")).isTrue();
        assertThat(CipherWarmUpAtStart.namesAKey("LIFEBOAT_ENCRYPTION_KEYS_K2026")).isTrue();
        assertThat(CipherWarmUpAtStart.namesAKey("lifeboat.encryption.active-key-id")).isFalse();
        assertThat(CipherWarmUpAtStart.namesAKey("LIFEBOAT_ENCRYPTION_ACTIVE_KEY_ID")).isFalse();
        assertThat(CipherWarmUpAtStart.namesAKey("lifeboat.bucket.name")).isFalse();
    }
}
