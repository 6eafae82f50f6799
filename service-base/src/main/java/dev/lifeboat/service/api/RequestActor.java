package dev.lifeboat.service.api;

import io.quarkus.security.identity.SecurityIdentity;
import jakarta.ws.rs.WebApplicationException;

/**
 * Who made an API call, as the audit log and the events name them: the token's user name ({@code upn},
 * else {@code sub}). A name that could not be recorded (empty, over {@value #MAX_LENGTH} characters, or
 * with a control character) is a 401 at once, so no call is accepted and then lost.
 */
public final class RequestActor {

    /** What the services' {@code requested_by} columns hold. */
    public static final int MAX_LENGTH = 200;

    private RequestActor() {
    }

    /** What a user name that cannot be recorded is told, on the API and on Kafka alike. */
    public static final String UNRECORDABLE = "the token's user name (upn or sub) must be 1 to " + MAX_LENGTH
            + " characters without control characters";

    public static String of(SecurityIdentity identity) {
        String name = identity.getPrincipal().getName();
        if (!recordable(name)) {
            throw new WebApplicationException(ApiError.response(401, UNRECORDABLE));
        }
        return name;
    }

    /** Whether {@code name} can name an actor: 1 to {@value #MAX_LENGTH} characters without control characters. */
    public static boolean recordable(String name) {
        return name != null && !name.isBlank() && name.length() <= MAX_LENGTH && name.codePoints().noneMatch(Character::isISOControl);
    }
}
