package dev.lifeboat.notifier.channel;

import org.junit.jupiter.api.Test;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Locale;

import static org.assertj.core.api.Assertions.assertThat;

class WebhookSignatureTest {

    private static final String SECRET = "whsec-unit-4f2a";
    private static final long TIMESTAMP = 1_714_557_600L;
    private static final String BODY = "{\"specversion\":\"1.0\",\"id\":\"evt-1\",\"subject\":\"orders-db\"}";

    /** What a receiver computes on its own: HMAC-SHA256 of "<timestamp>.<body>", as lower-case hex. */
    private static String hmacHex(String secret, String signed) throws Exception {
        Mac mac = Mac.getInstance("HmacSHA256");
        mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
        byte[] digest = mac.doFinal(signed.getBytes(StandardCharsets.UTF_8));
        StringBuilder hex = new StringBuilder();
        for (byte b : digest) {
            hex.append(String.format(Locale.ROOT, "%02x", b & 0xff));
        }
        return hex.toString();
    }

    @Test
    void theHeadersAndTheToleranceAreTheDocumentedOnes() {
        assertThat(WebhookSignature.TIMESTAMP_HEADER).isEqualTo("Lifeboat-Timestamp");
        assertThat(WebhookSignature.SIGNATURE_HEADER).isEqualTo("Lifeboat-Signature");
        assertThat(WebhookSignature.DELIVERY_HEADER).isEqualTo("Lifeboat-Delivery");
        assertThat(WebhookSignature.TOLERANCE).isEqualTo(Duration.ofMinutes(5));
    }

    @Test
    void theSignatureIsV1AndTheLowerCaseHexHmacOfTheTimestampADotAndTheBody() throws Exception {
        String signature = WebhookSignature.sign(SECRET, TIMESTAMP, BODY);

        assertThat(signature).isEqualTo("v1=" + hmacHex(SECRET, TIMESTAMP + "." + BODY));
        assertThat(signature).matches("v1=[0-9a-f]{64}");
    }

    @Test
    void theBodyAndTheSecretAreSignedAsUtf8() throws Exception {
        String body = "{\"message\":\"café — 東京\"}";
        String secret = "clé-secrète";

        assertThat(WebhookSignature.sign(secret, TIMESTAMP, body)).isEqualTo("v1=" + hmacHex(secret, TIMESTAMP + "." + body));
    }

    @Test
    void theSignatureChangesWithTheSecretTheTimestampAndTheBody() {
        String signature = WebhookSignature.sign(SECRET, TIMESTAMP, BODY);

        assertThat(WebhookSignature.sign(SECRET, TIMESTAMP, BODY)).as("deterministic").isEqualTo(signature);
        assertThat(WebhookSignature.sign("another-secret", TIMESTAMP, BODY)).isNotEqualTo(signature);
        assertThat(WebhookSignature.sign(SECRET, TIMESTAMP + 1, BODY)).isNotEqualTo(signature);
        assertThat(WebhookSignature.sign(SECRET, TIMESTAMP, BODY + " ")).isNotEqualTo(signature);
    }

    @Test
    void aReceiverAcceptsASignatureItComputedItselfWithinFiveMinutesEitherWay() throws Exception {
        String signature = "v1=" + hmacHex(SECRET, TIMESTAMP + "." + BODY);
        String timestamp = String.valueOf(TIMESTAMP);

        assertThat(WebhookSignature.verify(SECRET, timestamp, signature, BODY, Instant.ofEpochSecond(TIMESTAMP))).isTrue();
        assertThat(WebhookSignature.verify(SECRET, timestamp, signature, BODY, Instant.ofEpochSecond(TIMESTAMP + 300))).isTrue();
        assertThat(WebhookSignature.verify(SECRET, timestamp, signature, BODY, Instant.ofEpochSecond(TIMESTAMP - 300))).isTrue();
        assertThat(WebhookSignature.verify(SECRET, timestamp, signature, BODY, Instant.ofEpochSecond(TIMESTAMP + 300, 999_999_999)))
                .as("only whole seconds count").isTrue();
        assertThat(WebhookSignature.verify(SECRET, timestamp, signature, BODY, Instant.ofEpochSecond(TIMESTAMP + 301)))
                .as("too late").isFalse();
        assertThat(WebhookSignature.verify(SECRET, timestamp, signature, BODY, Instant.ofEpochSecond(TIMESTAMP - 301)))
                .as("from the future").isFalse();
    }

    @Test
    void whitespaceAroundTheHeaderValuesIsIgnored() throws Exception {
        String signature = "v1=" + hmacHex(SECRET, TIMESTAMP + "." + BODY);

        assertThat(WebhookSignature.verify(SECRET, " " + TIMESTAMP + " ", " " + signature + "\t", BODY,
                Instant.ofEpochSecond(TIMESTAMP))).isTrue();
    }

    @Test
    void aMissingOrUnreadableHeaderIsRejected() throws Exception {
        String signature = "v1=" + hmacHex(SECRET, TIMESTAMP + "." + BODY);
        Instant now = Instant.ofEpochSecond(TIMESTAMP);

        assertThat(WebhookSignature.verify(SECRET, null, signature, BODY, now)).isFalse();
        assertThat(WebhookSignature.verify(SECRET, String.valueOf(TIMESTAMP), null, BODY, now)).isFalse();
        assertThat(WebhookSignature.verify(SECRET, "yesterday", signature, BODY, now)).isFalse();
        assertThat(WebhookSignature.verify(SECRET, "", signature, BODY, now)).isFalse();
    }

    @Test
    void aSignatureThatDoesNotMatchExactlyIsRejected() throws Exception {
        String hex = hmacHex(SECRET, TIMESTAMP + "." + BODY);
        String timestamp = String.valueOf(TIMESTAMP);
        Instant now = Instant.ofEpochSecond(TIMESTAMP);

        assertThat(WebhookSignature.verify(SECRET, timestamp, "v1=" + hex, BODY.replace("orders-db", "billing-db"), now))
                .as("tampered body").isFalse();
        assertThat(WebhookSignature.verify("wrong-secret", timestamp, "v1=" + hex, BODY, now)).as("other secret").isFalse();
        assertThat(WebhookSignature.verify(SECRET, String.valueOf(TIMESTAMP + 1), "v1=" + hex, BODY, now))
                .as("timestamp header changed").isFalse();
        assertThat(WebhookSignature.verify(SECRET, timestamp, hex, BODY, now)).as("without v1=").isFalse();
        assertThat(WebhookSignature.verify(SECRET, timestamp, "v1=" + hex.toUpperCase(Locale.ROOT), BODY, now))
                .as("upper-case hex").isFalse();
        assertThat(WebhookSignature.verify(SECRET, timestamp, "v2=" + hex, BODY, now)).as("other version").isFalse();
    }
}
