package dev.lifeboat.verifier.api;

import dev.lifeboat.service.api.Page;
import dev.lifeboat.service.api.Roles;
import dev.lifeboat.service.api.UnknownDatabase;
import dev.lifeboat.verifier.freshness.FreshnessWatch;
import dev.lifeboat.verifier.freshness.WatchedDatabases;
import dev.lifeboat.service.reactive.ReactiveSessions;
import io.smallrye.common.annotation.Blocking;
import jakarta.annotation.security.RolesAllowed;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/**
 * How well each database is protected now ({@link dev.lifeboat.verifier.freshness.Protection}): the verifier owns
 * freshness, and {@code lifeboat status} reads it here, as Grafana and the RPO alert read the same decision's gauge.
 */
@Path("/api/protection")
@Tag(name = "protection")
@Produces(MediaType.APPLICATION_JSON)
public class ProtectionResource {

    private final FreshnessWatch freshness;
    private final WatchedDatabases watched;

    public ProtectionResource(FreshnessWatch freshness, WatchedDatabases watched) {
        this.freshness = freshness;
        this.watched = watched;
    }

    @GET
    @Blocking
    @RolesAllowed({Roles.VIEWER, Roles.OPERATOR, Roles.ADMIN})
    @Operation(summary = "Every watched database's protection now, by id, paged (viewer): state PROTECTED, RPO_EXCEEDED or "
            + "NO_VERIFIED_BACKUP, the RPO, the newest verified moment and its age, and what protects it (BACKUP, CHANGE_ARCHIVE)",
            description = "Answers {items, page, size, total}: one page (page from 0, size 1-500, default 50) and how many databases in all.")
    public Page<ProtectionView> list(
            @QueryParam("page") @DefaultValue("0") @Min(value = 0, message = "page must be 0 or more") int page,
            @QueryParam("size") @DefaultValue("50") @Min(value = 1, message = "size must be 1 to 500")
            @Max(value = 500, message = "size must be 1 to 500") int size) {
        return Page.of(freshness.protections(), page, size).map(ProtectionView::of);
    }

    @GET
    @Blocking
    @Path("/{databaseId}")
    @RolesAllowed({Roles.VIEWER, Roles.OPERATOR, Roles.ADMIN})
    @Operation(summary = "One database's protection now (viewer)",
            description = "404 UNKNOWN_DATABASE when the verifier watches no such database (neither registered nor backed up), "
                    + "naming the closest ids.")
    public Response one(@PathParam("databaseId") String databaseId) {
        return freshness.protection(databaseId).map(protection -> Response.ok(ProtectionView.of(protection)).build())
                .orElseGet(() -> UnknownDatabase.response(databaseId, ReactiveSessions.await(watched::ids)));
    }
}
