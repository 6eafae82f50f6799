package dev.lifeboat.audit.api;

import dev.lifeboat.audit.replay.DeadLetterReplay;
import dev.lifeboat.audit.replay.ReplayRefused;
import dev.lifeboat.service.api.ApiError;
import dev.lifeboat.service.api.RequestActor;
import dev.lifeboat.service.api.Roles;
import io.quarkus.security.identity.SecurityIdentity;
import io.smallrye.common.annotation.Blocking;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/**
 * Dead letters sent again once their cause is mended. They are listed by {@code GET /api/audit?outcome=DEAD_LETTERED},
 * each with its reason and its row's {@code seq}.
 */
@Path("/api/dead-letters")
@Tag(name = "audit")
@Produces(MediaType.APPLICATION_JSON)
public class DeadLetterResource {

    private final DeadLetterReplay replay;
    private final SecurityIdentity identity;

    public DeadLetterResource(DeadLetterReplay replay, SecurityIdentity identity) {
        this.replay = replay;
        this.identity = identity;
    }

    @POST
    @Path("/{seq}/replay")
    @Blocking
    @RolesAllowed(Roles.ADMIN)
    @Operation(summary = "Publishes the dead letter of audit row {seq} again on its topic, with its own id (consumers that took it"
            + " ignore it); only a BackupCompleted, whose repeat cannot undo a newer state (admin). 202; 404 no such row, 409 not a"
            + " dead letter or sent again already, 422 not an event that is sent again")
    public Response replay(@PathParam("seq") long seq) {
        try {
            return Response.accepted(replay.replay(seq, RequestActor.of(identity))).build();
        } catch (ReplayRefused refused) {
            return ApiError.response(refused.status(), refused.code(), refused.getMessage());
        }
    }
}
