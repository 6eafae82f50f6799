package dev.lifeboat.restore.api;

import io.smallrye.common.annotation.Blocking;
import dev.lifeboat.service.api.RequestActor;
import dev.lifeboat.service.api.Roles;
import dev.lifeboat.service.api.UnknownDatabase;
import dev.lifeboat.service.api.ApiError;
import dev.lifeboat.events.envelope.CloudEvent;
import dev.lifeboat.events.restore.RestoreRequested;
import dev.lifeboat.outbox.Outbox;
import dev.lifeboat.restore.intake.RestorePreflight;
import dev.lifeboat.restore.intake.RestoreRequestIntake;
import dev.lifeboat.restore.job.RestoreWorker;
import dev.lifeboat.restore.intake.RestorePlan;
import dev.lifeboat.restore.step.RestoreFailure;
import io.quarkus.security.identity.SecurityIdentity;
import io.smallrye.mutiny.Uni;
import jakarta.annotation.security.RolesAllowed;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import java.net.URI;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

/** Ask for a restore (admin), and follow it (viewer). */
@Path("/api/restores")
@Tag(name = "restores")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
public class RestoreResource {

    /**
     * A database nobody registered: 404, as on every API; a request that names something else that is not there: 422;
     * the rest of the preflight's codes are a 400.
     */
    private static final Set<String> CONFLICT = Set.of("TARGET_EXISTS", "TARGET_IS_LIVE");
    private static final Set<String> UNPROCESSABLE = Set.of("NO_BACKUP", "BACKUP_MISSING", "BAD_MANIFEST",
            "NOT_RESTORABLE_TO_THE_SECOND", "AMBIGUOUS_TRANSACTION", "UNSUPPORTED_BY_ENGINE",
            RestorePlan.SAFETY_BACKUP_REQUIRED);

    private final Outbox outbox;
    private final RestoreViews views;
    private final RestorePreflight preflight;
    private final SecurityIdentity identity;
    private final RestoreRequestIntake intake;
    private final RestoreWorker worker;

    public RestoreResource(Outbox outbox, RestoreViews views, RestorePreflight preflight, SecurityIdentity identity,
                           RestoreRequestIntake intake, RestoreWorker worker) {
        this.outbox = outbox;
        this.intake = intake;
        this.worker = worker;
        this.views = views;
        this.preflight = preflight;
        this.identity = identity;
    }

    @POST
    @RolesAllowed(Roles.ADMIN)
    @Operation(summary = "Ask for a restore (admin)",
            description = "Checks the request against the bucket (the database is a restore target, a backup matches, TABLES names are "
                    + "tables of that backup), records the request and its RestoreRequested in one transaction and answers 202 with the "
                    + "restore id: the restore starts at once, without waiting for its own event to come back from Kafka, which the "
                    + "outbox publishes at once or, while Kafka is down, once it is back.")
    @Blocking
    public Response requestRestore(@Valid @NotNull(message = "a JSON body is required") RestoreRequestBody body) {
        String restoreId = UUID.randomUUID().toString();
        RestoreRequested request = new RestoreRequested(restoreId, body.databaseId(), body.source(), body.target(),
                body.safetyBackup() == null || body.safetyBackup(), RequestActor.of(identity));
        RestorePreflight.Checked checked;
        try {
            checked = preflight.check(body.databaseId(), body.source(), body.target(), request.safetyBackup());
        } catch (RestoreFailure refused) {
            int status = refused.code().equals(UnknownDatabase.CODE) ? 404 : CONFLICT.contains(refused.code()) ? 409
                    : UNPROCESSABLE.contains(refused.code()) ? 422 : 400;
            return ApiError.response(status, refused.code(), refused.getMessage());
        }
        CloudEvent<RestoreRequested> event = outbox.event(restoreId, request);
        outbox.accept(event, () -> intake.record(event));
        worker.wakeUp();
        return Response.accepted(Map.of("restoreId", restoreId, "status", "REQUESTED", "backupId", checked.manifest().backupId(),
                        "chosenBecause", checked.chosenBecause()))
                .location(URI.create("/api/restores/" + restoreId))
                .build();
    }

    @GET
    @RolesAllowed({Roles.VIEWER, Roles.OPERATOR, Roles.ADMIN})
    @Operation(summary = "Restores, newest first, filtered by database and status, paged (viewer)",
            description = "Answers {items, page, size, total}: one page (page from 0, size 1-500, default 50) and how many restores match in all.")
    public Uni<Response> restores(@QueryParam("databaseId") String databaseId, @QueryParam("status") String status,
                                  @QueryParam("page") @DefaultValue("0") @Min(value = 0, message = "page must be 0 or more") int page,
                                  @QueryParam("size") @DefaultValue("50") @Min(value = 1, message = "size must be 1 to 500")
                                  @Max(value = 500, message = "size must be 1 to 500") int size) {
        return views.list(databaseId, status, page, size).map(list -> Response.ok(list).build());
    }

    @GET
    @Path("/{restoreId}")
    @RolesAllowed({Roles.VIEWER, Roles.OPERATOR, Roles.ADMIN})
    @Operation(summary = "One restore: its state and every step with its timing (viewer)")
    public Uni<Response> restore(@PathParam("restoreId") String restoreId) {
        return views.view(restoreId).map(view -> view == null
                ? ApiError.response(Response.Status.NOT_FOUND, "no restore with id '" + restoreId + "'")
                : Response.ok(view).build());
    }
}
