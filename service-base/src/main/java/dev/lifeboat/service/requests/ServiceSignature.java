package dev.lifeboat.service.requests;

import dev.lifeboat.events.data.Request;
import dev.lifeboat.events.envelope.CloudEvent;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.Base64;

/**
 * The signature with which Lifeboat's services vouch for the requests they publish for each other: HMAC-SHA256, under
 * the shared {@link RequestSettings#signingKey()}, of the event's id, type, source, subject, time and correlation id and of
 * the record's value exactly as sent, carried in the header {@value #HEADER}. Another body, id, type, time or correlation id
 * under a signature does not verify (v2: v1 left the time and the correlation id, headers outside the value, unsigned).
 */
public final class ServiceSignature {

    /** The Kafka header that carries it, Base64-encoded. */
    public static final String HEADER = Request.SERVICE_SIGNATURE_HEADER;

    /** The shortest key taken, in bytes. */
    public static final int MIN_KEY_BYTES = 32;

    private static final String ALGORITHM = "HmacSHA256";

    private final SecretKeySpec key;

    private ServiceSignature(byte[] key) {
        this.key = new SecretKeySpec(key, ALGORITHM);
    }

    /**
     * @param base64Key the setting's value
     * @throws IllegalArgumentException when it is not Base64 of at least {@value #MIN_KEY_BYTES} bytes (the message never shows it)
     */
    public static ServiceSignature of(String base64Key) {
        return of(base64Key, "lifeboat.requests.signing-key");
    }

    /** As {@link #of(String)}, for the key of {@code setting}, which a refusal names. */
    public static ServiceSignature of(String base64Key, String setting) {
        byte[] key;
        try {
            key = Base64.getDecoder().decode(base64Key.strip());
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(setting + " is not Base64");
        }
        if (key.length < MIN_KEY_BYTES) {
            throw new IllegalArgumentException(setting + " holds " + key.length + " bytes; at least "
                    + MIN_KEY_BYTES + " random bytes are needed");
        }
        return new ServiceSignature(key);
    }

    /** The header's value for {@code event} sent as {@code value}. */
    public String sign(CloudEvent<?> event, byte[] value) {
        return Base64.getEncoder().encodeToString(mac(event, value));
    }

    /** Whether {@code signature} (the header's value, or null) is this key's for {@code event} received as {@code value}. */
    public boolean verifies(CloudEvent<?> event, byte[] value, String signature) {
        if (signature == null) {
            return false;
        }
        byte[] given;
        try {
            given = Base64.getDecoder().decode(signature.strip());
        } catch (IllegalArgumentException e) {
            return false;
        }
        return MessageDigest.isEqual(mac(event, value), given);
    }

    private byte[] mac(CloudEvent<?> event, byte[] value) {
        try {
            Mac mac = Mac.getInstance(ALGORITHM);
            mac.init(key);
            for (String attribute : new String[]{"lifeboat-request-v2", event.id(), event.type(), event.source(), event.subject(),
                    event.time().toString(), event.correlationId()}) {
                byte[] bytes = attribute.getBytes(StandardCharsets.UTF_8);
                mac.update(lengthOf(bytes.length));
                mac.update(bytes);
            }
            mac.update(value);
            return mac.doFinal();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(ALGORITHM + " is unavailable", e);
        }
    }

    private static byte[] lengthOf(int length) {
        return new byte[]{(byte) (length >>> 24), (byte) (length >>> 16), (byte) (length >>> 8), (byte) length};
    }
}
