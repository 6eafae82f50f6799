package dev.lifeboat.service.api;

import io.quarkus.security.AuthenticationFailedException;
import io.quarkus.security.ForbiddenException;
import io.quarkus.security.UnauthorizedException;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ResourceInfo;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.Response;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

import java.util.Arrays;
import java.util.List;

/**
 * A missing, invalid or expired token is a 401, a token without the role a 403 that names the roles the endpoint
 * takes and the ones the token has, both with the one {@link ApiError} body (Quarkus answers them with an empty body). Services set
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
    public Response forbidden(ForbiddenException e, ResourceInfo resource, ContainerRequestContext request) {
        List<String> held = ALL.stream().filter(request.getSecurityContext()::isUserInRole).toList();
        return ApiError.response(403, forbiddenReason(rolesAllowed(resource), held));
    }

    private static final List<String> ALL = List.of(Roles.VIEWER, Roles.OPERATOR, Roles.ADMIN);

    /** "this needs the role operator or admin; the token has viewer" */
    static String forbiddenReason(List<String> needed, List<String> held) {
        String needs = needed.isEmpty() ? "a role this endpoint names"
                : "the role " + String.join(" or ", needed);
        return "the token's roles do not allow this: it needs " + needs + "; the token has "
                + (held.isEmpty() ? "none of viewer, operator, admin" : String.join(", ", held));
    }

    private static List<String> rolesAllowed(ResourceInfo resource) {
        if (resource == null || resource.getResourceMethod() == null) {
            return List.of();
        }
        RolesAllowed allowed = resource.getResourceMethod().getAnnotation(RolesAllowed.class);
        if (allowed == null) {
            allowed = resource.getResourceClass().getAnnotation(RolesAllowed.class);
        }
        return allowed == null ? List.of() : Arrays.asList(allowed.value());
    }
}
