package dev.lifeboat.notifier.channel;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;

/**
 * The signature of a webhook delivery: header {@value #TIMESTAMP_HEADER} is the Unix time in seconds,
 * and {@value #SIGNATURE_HEADER} is {@code v1=} and the hex HMAC-SHA256, keyed with the shared secret,
 * of {@code <timestamp>.<body>}. A receiver recomputes it, compares in constant time, rejects a timestamp
 * further than its tolerance (5 minutes) from its clock, and remembers {@value #DELIVERY_HEADER} values to
 * reject replays.
 */
public final class WebhookSignature {

    public static final String TIMESTAMP_HEADER = "Lifeboat-Timestamp";
    public static final String SIGNATURE_HEADER = "Lifeboat-Signature";
    public static final String DELIVERY_HEADER = "Lifeboat-Delivery";
    public static final Duration TOLERANCE = Duration.ofMinutes(5);

    private WebhookSignature() {
    }

    public static String sign(String secret, long timestamp, String body) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
            return "v1=" + HexFormat.of().formatHex(mac.doFinal((timestamp + "." + body).getBytes(StandardCharsets.UTF_8)));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is part of every JDK", e);
        }
    }

    /** What a receiver does: the signature matches and the timestamp is within {@link #TOLERANCE} of {@code now}. */
    public static boolean verify(String secret, String timestampHeader, String signatureHeader, String body, Instant now) {
        if (timestampHeader == null || signatureHeader == null) {
            return false;
        }
        long timestamp;
        try {
            timestamp = Long.parseLong(timestampHeader.trim());
        } catch (NumberFormatException e) {
            return false;
        }
        if (Math.abs(now.getEpochSecond() - timestamp) > TOLERANCE.toSeconds()) {
            return false;
        }
        return MessageDigest.isEqual(sign(secret, timestamp, body).getBytes(StandardCharsets.US_ASCII),
                signatureHeader.trim().getBytes(StandardCharsets.US_ASCII));
    }
}
