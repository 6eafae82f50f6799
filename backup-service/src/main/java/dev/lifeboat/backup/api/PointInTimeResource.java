package dev.lifeboat.backup.api;

import dev.lifeboat.backup.capture.CaptureLeases;
import dev.lifeboat.backup.capture.RestorableWindows;
import dev.lifeboat.backup.config.CaptureConfig;
import dev.lifeboat.backup.registry.DatabaseRegistry;
import dev.lifeboat.changes.replay.RestorableWindow;
import dev.lifeboat.service.api.ApiError;
import dev.lifeboat.service.api.Roles;
import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.infrastructure.Infrastructure;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Instant;

/** A database's restorable window: the seconds a point-in-time restore reaches exactly. */
@Path("/api/databases/{id}/point-in-time")
@Tag(name = "databases")
@Produces(MediaType.APPLICATION_JSON)
public class PointInTimeResource {

    private final DatabaseRegistry registry;
    private final CaptureLeases leases;
    private final RestorableWindows windows;
    private final CaptureConfig config;

    public PointInTimeResource(DatabaseRegistry registry, CaptureLeases leases, RestorableWindows windows, CaptureConfig config) {
        this.registry = registry;
        this.leases = leases;
        this.windows = windows;
        this.config = config;
    }

    @GET
    @RolesAllowed({Roles.VIEWER, Roles.OPERATOR, Roles.ADMIN})
    @Operation(summary = "The seconds a point-in-time restore reaches exactly, and how capture fares (viewer)",
            description = "Answers {databaseId, enabled, window, capture {state, since, code, message, schemaChanges,"
                    + " schemaChangesWhy, retainedWalBytes, retainedWalLimitBytes}, from, to, unreachable"
                    + " [{from, until, table, reason}]}. from/to are null until a backup aligned to the change stream exists;"
                    + " a second in unreachable is refused by a restore (NOT_RESTORABLE_TO_THE_SECOND).")
    public Uni<Response> get(@PathParam("id") String id) {
        return registry.find(id).flatMap(database -> {
            if (database == null) {
                return Uni.createFrom().item(ApiError.response(Response.Status.NOT_FOUND, "no registered database with id '" + id + "'"));
            }
            return leases.find(id).flatMap(lease -> Uni.createFrom().item(() -> window(id))
                    .runSubscriptionOn(Infrastructure.getDefaultWorkerPool())
                    .map(window -> Response.ok(PointInTimeView.of(database, lease, window, Instant.now(), config.retainedWalLimit())).build())
                    .onFailure(UncheckedIOException.class).recoverWithItem(e -> ApiError.response(Response.Status.SERVICE_UNAVAILABLE,
                            "the change archive cannot be read now: " + e.getCause().getMessage())));
        });
    }

    private RestorableWindow window(String id) {
        try {
            return windows.of(id);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
