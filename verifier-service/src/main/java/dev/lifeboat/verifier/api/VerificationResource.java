package dev.lifeboat.verifier.api;

import io.smallrye.common.annotation.Blocking;
import dev.lifeboat.service.api.Page;
import dev.lifeboat.service.api.Roles;
import dev.lifeboat.verifier.scrub.BackupScrub;
import dev.lifeboat.verifier.verification.BackupVerification;
import dev.lifeboat.verifier.verification.VerificationQueue;
import io.smallrye.mutiny.Uni;
import jakarta.annotation.security.RolesAllowed;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.Pattern;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/** Verifications of backups (newest first), and a scrub run on demand. */
@Path("/api/verifications")
@Tag(name = "verifications")
@Produces(MediaType.APPLICATION_JSON)
public class VerificationResource {

    private final VerificationQueue queue;
    private final BackupScrub scrub;

    public VerificationResource(VerificationQueue queue, BackupScrub scrub) {
        this.queue = queue;
        this.scrub = scrub;
    }

    @GET
    @RolesAllowed({Roles.VIEWER, Roles.OPERATOR, Roles.ADMIN})
    @Operation(summary = "Verifications, newest first, filtered by database and status, paged (viewer): status PENDING, RUNNING, PASSED, "
            + "FAILED or GONE, the deciding check and its details",
            description = "Answers {items, page, size, total}: one page (page from 0, size 1-500, default 50) and how many verifications match in all.")
    public Uni<Page<BackupVerification>> list(@QueryParam("databaseId") String databaseId,
            @QueryParam("status") @Pattern(regexp = "PENDING|RUNNING|PASSED|FAILED|GONE", message = "status must be PENDING, RUNNING, PASSED, FAILED or GONE")
            String status,
            @QueryParam("page") @DefaultValue("0") @Min(value = 0, message = "page must be 0 or more") int page,
            @QueryParam("size") @DefaultValue("50") @Min(value = 1, message = "size must be 1 to 500")
            @Max(value = 500, message = "size must be 1 to 500") int size) {
        return queue.list(databaseId, status, page, size);
    }

    @POST
    @Path("/scrub")
    @RolesAllowed({Roles.OPERATOR, Roles.ADMIN})
    @Operation(summary = "Run one scrub now (operator): re-read stored backups, longest unchecked first, within the byte budget")
    @Blocking
    public BackupScrub.Run scrub() {
        return scrub.runOnce();
    }
}
