package dev.lifeboat.backup.api;

import dev.lifeboat.service.api.Roles;
import dev.lifeboat.service.api.ApiError;
import dev.lifeboat.backup.catalog.CatalogRebuild;
import io.smallrye.common.annotation.Blocking;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/** The catalog as a whole. */
@Path("/api/catalog")
@Tag(name = "backups")
@Produces(MediaType.APPLICATION_JSON)
public class CatalogResource {

    private final CatalogRebuild rebuild;

    public CatalogResource(CatalogRebuild rebuild) {
        this.rebuild = rebuild;
    }

    @POST
    @Path("/rebuild")
    @Blocking
    @RolesAllowed(Roles.ADMIN)
    @Operation(summary = "Rebuild the catalog from the manifests in the bucket (admin)")
    public Response rebuild() {
        try {
            return Response.ok(rebuild.rebuild()).build();
        } catch (Throwable e) {
            return ApiError.response(Response.Status.SERVICE_UNAVAILABLE, "rebuild failed: " + e.getMessage());
        }
    }
}
