package dev.lifeboat.service.requests;

import dev.lifeboat.events.backup.BackupRequested;
import dev.lifeboat.events.backup.BackupTrigger;
import dev.lifeboat.events.envelope.CloudEvent;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ServiceKeysTest {

    private static final String OLD = key('o');
    private static final String NEW = key('n');

    private final CloudEvent<BackupRequested> event = CloudEvent.of("/lifeboat/restore-service", "rs-1",
            new BackupRequested("req-1", "orders-db", BackupTrigger.PRE_RESTORE, "alice", Map.of()));
    private final byte[] value = "{\"requestId\":\"req-1\"}".getBytes(StandardCharsets.UTF_8);

    @Test
    void duringARotationARequestSignedWithThePreviousKeyStillVerifiesAndNewOnesAreSignedWithTheNewKey() {
        String inFlight = ServiceKeys.of(settings(OLD, List.of())).sign(event, value);
        ServiceKeys rotated = ServiceKeys.of(settings(NEW, List.of(OLD)));

        assertThat(rotated.verifies(event, value, inFlight)).isTrue();
        String signed = rotated.sign(event, value);
        assertThat(ServiceKeys.of(settings(NEW, List.of())).verifies(event, value, signed)).isTrue();
        assertThat(ServiceKeys.of(settings(OLD, List.of())).verifies(event, value, signed)).as("the previous key never signs").isFalse();
        assertThat(ServiceKeys.of(settings(NEW, List.of())).verifies(event, value, inFlight)).as("once the previous key is dropped").isFalse();
    }

    @Test
    void noKeyOrAnUnfitPreviousKeyStopsTheStartNamingTheSettingNeverTheKey() {
        assertThatThrownBy(() -> ServiceKeys.of(settings(null, List.of()))).isInstanceOf(IllegalStateException.class)
                .hasMessageStartingWith("lifeboat.requests.signing-key (LIFEBOAT_REQUESTS_SIGNING_KEY) is not set");
        String shortKey = Base64.getEncoder().encodeToString("short".getBytes(StandardCharsets.UTF_8));
        assertThatThrownBy(() -> ServiceKeys.of(settings(NEW, List.of(shortKey))))
                .hasMessage("lifeboat.requests.previous-signing-keys holds 5 bytes; at least 32 random bytes are needed");
    }

    private static String key(char fill) {
        return Base64.getEncoder().encodeToString(String.valueOf(fill).repeat(32).getBytes(StandardCharsets.UTF_8));
    }

    private static RequestSettings settings(String key, List<String> previous) {
        return new RequestSettings() {
            @Override
            public Optional<String> signingKey() {
                return Optional.ofNullable(key);
            }

            @Override
            public Optional<List<String>> previousSigningKeys() {
                return previous.isEmpty() ? Optional.empty() : Optional.of(previous);
            }

            @Override
            public Duration lateTokenGrace() {
                return Duration.ofHours(24);
            }
        };
    }
}
