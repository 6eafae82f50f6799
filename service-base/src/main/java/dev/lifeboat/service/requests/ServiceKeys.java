package dev.lifeboat.service.requests;

import dev.lifeboat.events.envelope.CloudEvent;

import java.util.List;

/**
 * The services' signing keys: the one they sign with ({@link RequestSettings#signingKey()}) and the ones a rotation
 * left, which still verify ({@link RequestSettings#previousSigningKeys()}), so no request in flight during a rotation is
 * dead-lettered.
 */
public final class ServiceKeys {

    private final ServiceSignature current;
    private final List<ServiceSignature> previous;

    private ServiceKeys(ServiceSignature current, List<ServiceSignature> previous) {
        this.current = current;
        this.previous = previous;
    }

    /**
     * @throws IllegalStateException when no key is set
     * @throws IllegalArgumentException when a key is unfit (naming the setting, never the key)
     */
    public static ServiceKeys of(RequestSettings settings) {
        String key = settings.signingKey().orElseThrow(() -> new IllegalStateException("lifeboat.requests.signing-key "
                + "(LIFEBOAT_REQUESTS_SIGNING_KEY) is not set: the requests Lifeboat's services send each other could not be "
                + "authenticated. Set the same " + ServiceSignature.MIN_KEY_BYTES + "+ random bytes, Base64, in every service"));
        return new ServiceKeys(ServiceSignature.of(key, "lifeboat.requests.signing-key"), settings.previousSigningKeys().orElse(List.of())
                .stream().map(previousKey -> ServiceSignature.of(previousKey, "lifeboat.requests.previous-signing-keys")).toList());
    }

    /** The signature header's value for {@code event} sent as {@code value}, under the current key. */
    public String sign(CloudEvent<?> event, byte[] value) {
        return current.sign(event, value);
    }

    /** Whether {@code signature} is the current key's or a previous key's for {@code event} received as {@code value}. */
    public boolean verifies(CloudEvent<?> event, byte[] value, String signature) {
        return current.verifies(event, value, signature) || previous.stream().anyMatch(key -> key.verifies(event, value, signature));
    }
}
