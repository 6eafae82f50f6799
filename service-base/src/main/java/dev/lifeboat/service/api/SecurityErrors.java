package dev.lifeboat.service.api;

import io.quarkus.security.AuthenticationFailedException;
import io.quarkus.security.ForbiddenException;
import io.quarkus.security.UnauthorizedException;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.Response;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

/**
 * A missing, invalid or expired token is a 401, a token without the role a 403, both with the one
 * {@link ApiError} body (Quarkus answers them with an empty body). Services set
 * {@code quarkus.http.auth.proactive=false} so that a refused token reaches these mappers.
 * The message never repeats the token or what was wrong inside it.
 */
public class SecurityErrors {

    @ServerExceptionMapper({AuthenticationFailedException.class, UnauthorizedException.class})
    public Response unauthenticated(RuntimeException e) {
        return Response.fromResponse(ApiError.response(401, "a valid bearer token is required"))
                .header(HttpHeaders.WWW_AUTHENTICATE, "Bearer").build();
    }

    @ServerExceptionMapper
    public Response forbidden(ForbiddenException e) {
        return ApiError.response(403, "the token's roles do not allow this; it needs one of the roles this endpoint names");
    }
}
