package dev.lifeboat.realservers.tokens;

import io.smallrye.jwt.build.Jwt;

import java.nio.file.Path;
import java.time.Duration;
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
        return Jwt.issuer(ISSUER)
                .audience(audience)
                .upn(user)
                .groups(role)
                .expiresIn(validFor)
                .sign(keys.privateKey());
    }

    /** The configuration with which a service verifies these tokens. */
    public static Map<String, String> verification(SigningKeys keys) {
        return Map.of(
                "mp.jwt.verify.publickey.location", keys.publicKeyFile().toUri().toString(),
                "mp.jwt.verify.issuer", ISSUER,
                "mp.jwt.verify.audiences", AUDIENCE);
    }
}
