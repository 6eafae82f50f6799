package dev.lifeboat.realservers.tokens;

import dev.lifeboat.events.data.Request;
import io.smallrye.jwt.build.Jwt;
import io.smallrye.jwt.build.JwtClaimsBuilder;
import dev.lifeboat.events.envelope.CloudEvent;
import org.apache.kafka.common.header.Headers;

import java.nio.charset.StandardCharsets;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;

/**
 * Mints bearer tokens for a local or test installation. A token names its user ({@code upn}), one role in
 * {@code groups} ({@code viewer}, {@code operator} or {@code admin}) and the audience the services accept
 * ({@code aud}: {@value #AUDIENCE}).
 */
public final class LocalTokens {

    /** The issuer every service expects ({@code mp.jwt.verify.issuer}). */
    public static final String ISSUER = "https://lifeboat.local";

    /** The audience every service expects by default ({@code mp.jwt.verify.audiences}, {@code LIFEBOAT_JWT_AUDIENCE}). */
    public static final String AUDIENCE = "lifeboat";

    private LocalTokens() {
    }

    /** The keys tests use: under {@code java.io.tmpdir}, which is target/ in a Maven build. */
    public static SigningKeys testKeys() {
        return SigningKeys.in(Path.of(System.getProperty("java.io.tmpdir"), "lifeboat-jwt"));
    }

    /** A token for a test, valid for an hour, for user {@code <role>-user}. */
    public static String forTest(String role) {
        return mint(testKeys(), role + "-user", role, Duration.ofHours(1));
    }

    public static String mint(SigningKeys keys, String user, String role, Duration validFor) {
        return mint(keys, user, role, validFor, AUDIENCE);
    }

    /** A token for another audience: a service of Lifeboat refuses it (401), whatever its role and signature. */
    public static String mint(SigningKeys keys, String user, String role, Duration validFor, String audience) {
        return claims(user, role, audience).expiresIn(validFor).sign(keys.privateKey());
    }

    /** A test token, valid for an hour, that expired {@code ago}: as one that was sent in time and waited. */
    public static String expired(String user, String role, Duration ago) {
        Instant expiry = Instant.now().minus(ago);
        return claims(user, role, AUDIENCE).issuedAt(expiry.minus(Duration.ofHours(1))).expiresAt(expiry).sign(testKeys().privateKey());
    }

    private static JwtClaimsBuilder claims(String user, String role, String audience) {
        return Jwt.issuer(ISSUER).audience(audience).upn(user).groups(role);
    }

    /**
     * The configuration with which a service verifies these tokens, on the API and on Kafka, and signs and checks the
     * requests the installation's services send each other.
     */
    public static Map<String, String> verification(SigningKeys keys) {
        return Map.of(
                "mp.jwt.verify.publickey.location", keys.publicKeyFile().toUri().toString(),
                "mp.jwt.verify.issuer", ISSUER,
                "mp.jwt.verify.audiences", AUDIENCE,
                "lifeboat.requests.signing-key", keys.requestSigningKey());
    }

    /**
     * {@code headers} with, when {@code event} is a request, the bearer token another system would send it with: a test
     * token for the user the request names as {@code requestedBy}, with the admin role (which every request kind takes).
     */
    public static Headers asRequester(CloudEvent<?> event, Headers headers) {
        if (event.data() instanceof Request request) {
            headers.remove(Request.TOKEN_HEADER);
            headers.add(Request.TOKEN_HEADER, ("Bearer " + mint(testKeys(), request.requestedBy(), "admin", Duration.ofHours(1)))
                    .getBytes(StandardCharsets.UTF_8));
        }
        return headers;
    }
}
