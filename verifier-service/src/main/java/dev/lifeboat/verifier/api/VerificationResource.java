package dev.lifeboat.verifier.api;

import dev.lifeboat.verifier.verification.PendingVerification;
import dev.lifeboat.verifier.verification.VerificationQueue;
import io.smallrye.mutiny.Uni;
import jakarta.annotation.security.RolesAllowed;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import java.util.List;

/** Verifications of backups, newest first. */
@Path("/api/verifications")
@Tag(name = "verifications")
@Produces(MediaType.APPLICATION_JSON)
public class VerificationResource {

    private final VerificationQueue queue;

    public VerificationResource(VerificationQueue queue) {
        this.queue = queue;
    }

    @GET
    @RolesAllowed({"viewer", "operator", "admin"})
    @Operation(summary = "Verifications, newest first (viewer)")
    public Uni<List<PendingVerification>> list(@QueryParam("databaseId") String databaseId,
            @QueryParam("limit") @DefaultValue("100") @Min(1) @Max(1000) int limit) {
        return queue.list(databaseId, limit);
    }
}
