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

    public static String of(SecurityIdentity identity) {
        String name = identity.getPrincipal().getName();
        if (name == null || name.isBlank() || name.length() > MAX_LENGTH || name.codePoints().anyMatch(Character::isISOControl)) {
            throw new WebApplicationException(ApiError.response(401, "the token's user name (upn or sub) must be 1 to "
                    + MAX_LENGTH + " characters without control characters"));
        }
        return name;
    }
}
