package dev.lifeboat.service.requests;

import dev.lifeboat.events.backup.BackupRequested;
import dev.lifeboat.events.backup.BackupTrigger;
import dev.lifeboat.events.envelope.CloudEvent;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ServiceSignatureTest {

    private static final String KEY = Base64.getEncoder().encodeToString("0123456789abcdef0123456789abcdef".getBytes(StandardCharsets.UTF_8));
    private static final String OTHER_KEY = Base64.getEncoder().encodeToString("fedcba9876543210fedcba9876543210".getBytes(StandardCharsets.UTF_8));

    private final CloudEvent<BackupRequested> event = CloudEvent.of("/lifeboat/restore-service", "rs-1",
            new BackupRequested("req-1", "orders-db", BackupTrigger.PRE_RESTORE, "alice", Map.of()));
    private final byte[] value = "{\"requestId\":\"req-1\",\"requestedBy\":\"alice\"}".getBytes(StandardCharsets.UTF_8);

    @Test
    void aSignatureVerifiesForTheEventAndValueItWasMadeFor() {
        ServiceSignature services = ServiceSignature.of(KEY);
        assertThat(services.verifies(event, value, services.sign(event, value))).isTrue();
    }

    @Test
    void anotherValueEventIdTimeCorrelationIdKeyOrNoSignatureDoNotVerify() {
        ServiceSignature services = ServiceSignature.of(KEY);
        String signature = services.sign(event, value);

        assertThat(services.verifies(event, "{\"requestId\":\"req-1\",\"requestedBy\":\"eve\"}".getBytes(StandardCharsets.UTF_8), signature)).isFalse();
        CloudEvent<BackupRequested> otherId = new CloudEvent<>("another-id", event.source(), event.type(), event.subject(), event.time(),
                event.correlationId(), event.data());
        assertThat(services.verifies(otherId, value, signature)).isFalse();
        CloudEvent<BackupRequested> otherTime = new CloudEvent<>(event.id(), event.source(), event.type(), event.subject(),
                event.time().minusSeconds(3600), event.correlationId(), event.data());
        assertThat(services.verifies(otherTime, value, signature)).as("the time is signed").isFalse();
        CloudEvent<BackupRequested> otherCorrelation = new CloudEvent<>(event.id(), event.source(), event.type(), event.subject(),
                event.time(), "someone-elses-run", event.data());
        assertThat(services.verifies(otherCorrelation, value, signature)).as("the correlation id is signed").isFalse();
        assertThat(ServiceSignature.of(OTHER_KEY).verifies(event, value, signature)).isFalse();
        assertThat(services.verifies(event, value, null)).isFalse();
        assertThat(services.verifies(event, value, "not base64!")).isFalse();
    }

    @Test
    void aKeyShorterThan32BytesOrNotBase64IsRefusedWithoutShowingIt() {
        String shortKey = Base64.getEncoder().encodeToString("too-short-a-secret".getBytes(StandardCharsets.UTF_8));
        assertThatThrownBy(() -> ServiceSignature.of(shortKey)).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("lifeboat.requests.signing-key holds 18 bytes; at least 32 random bytes are needed")
                .hasMessageNotContaining(shortKey);
        assertThatThrownBy(() -> ServiceSignature.of("%%%secret%%%")).hasMessage("lifeboat.requests.signing-key is not Base64");
    }
}
