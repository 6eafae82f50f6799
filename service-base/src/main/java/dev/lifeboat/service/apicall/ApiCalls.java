package dev.lifeboat.service.apicall;

import dev.lifeboat.events.apicall.ApiCallRecorded;
import dev.lifeboat.events.envelope.TextLimits;
import dev.lifeboat.events.registry.DatabaseRegistration;
import dev.lifeboat.service.api.RequestActor;
import jakarta.enterprise.inject.Instance;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerResponseContext;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.resteasy.reactive.server.ServerResponseFilter;

import java.net.URI;
import java.security.Principal;
import java.util.List;
import java.util.Set;
import java.util.UUID;

/**
 * Makes every API call that changes something (POST, PUT, PATCH, DELETE) or is refused (401, 403) an
 * {@link ApiCallRecorded} event, handed to the service's {@link ApiCallRecorder}: so {@code GET /api/audit?actor=alice}
 * answers "what did alice do", what she was refused included. Only the method, path, status, {@code Location} and the
 * token's user name are read: never a body, a header or the token.
 */
public class ApiCalls {

    private static final Set<String> CHANGING = Set.of("POST", "PUT", "PATCH", "DELETE");
    /** At most 4 UTF-8 bytes each, and 1024 bytes for a path: {@code TextLimits.KEY}. */
    private static final int SHOWN = 250;

    private final Instance<ApiCallRecorder> recorder;
    private final String service;

    public ApiCalls(Instance<ApiCallRecorder> recorder, @ConfigProperty(name = "quarkus.application.name") String service) {
        this.recorder = recorder;
        this.service = service;
    }

    @ServerResponseFilter
    public void record(ContainerRequestContext request, ContainerResponseContext response) {
        int status = response.getStatus();
        String path = request.getUriInfo().getPath();
        if (!path.startsWith("/api/") || recorder.isUnsatisfied()
                || !CHANGING.contains(request.getMethod()) && status != 401 && status != 403) {
            return;
        }
        URI location = response.getLocation();
        String created = location == null ? null : location.getPath();
        recorder.get().record(correlationId(created), new ApiCallRecorded(databaseId(request, created), actor(request, status),
                printable(request.getMethod()), printable(path), status, created == null ? null : printable(created)));
    }

    /** The database the call names in its path or what it created ({@code /api/databases/{id}}) or its query, else this service. */
    private String databaseId(ContainerRequestContext request, String created) {
        String named = databaseIn(request.getUriInfo().getPath());
        if (named == null && created != null) {
            named = databaseIn(created);
        }
        if (named == null) {
            named = request.getUriInfo().getQueryParameters().getFirst("databaseId");
        }
        return named != null && DatabaseRegistration.ID.matcher(named).matches() ? named : service;
    }

    private static String databaseIn(String path) {
        List<String> segments = List.of(path.split("/"));
        int databases = segments.indexOf("databases");
        return databases >= 0 && databases + 1 < segments.size() ? segments.get(databases + 1) : null;
    }

    private static String actor(ContainerRequestContext request, int status) {
        if (status == 401) {
            return ApiCallRecorded.ANONYMOUS;
        }
        Principal principal = request.getSecurityContext() == null ? null : request.getSecurityContext().getUserPrincipal();
        String name = principal == null ? null : principal.getName();
        return name == null || name.isBlank() || name.length() > RequestActor.MAX_LENGTH
                || name.codePoints().anyMatch(Character::isISOControl) ? ApiCallRecorded.ANONYMOUS : name;
    }

    /**
     * A text of the call as it can be recorded: a hostile path may hold a NUL or other control character or be very
     * long, and the record of a refused hostile call matters as much as any.
     */
    static String printable(String text) {
        return TextLimits.printable(text, SHOWN);
    }

    /** A call that started something belongs to its flow: the last segment of its {@code Location}. */
    private static String correlationId(String created) {
        if (created != null && created.lastIndexOf('/') < created.length() - 1) {
            return created.substring(created.lastIndexOf('/') + 1);
        }
        return UUID.randomUUID().toString();
    }
}
