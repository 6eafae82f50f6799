package dev.lifeboat.backup.api;

import io.smallrye.common.annotation.Blocking;
import dev.lifeboat.service.api.RequestActor;
import dev.lifeboat.service.api.Roles;
import dev.lifeboat.service.api.ApiError;
import dev.lifeboat.outbox.Outbox;
import dev.lifeboat.backup.intake.BackupRequestIntake;
import dev.lifeboat.backup.job.BackupWorker;
import dev.lifeboat.backup.registry.DatabaseRegistry;
import dev.lifeboat.service.api.UnknownDatabase;
import io.quarkus.vertx.VertxContextSupport;
import dev.lifeboat.backup.intake.BackupRequestQueue;
import dev.lifeboat.backup.intake.BackupRequestRecord;
import dev.lifeboat.events.envelope.TextLimits;
import dev.lifeboat.service.api.Page;
import dev.lifeboat.events.backup.BackupRequested;
import dev.lifeboat.events.backup.BackupTrigger;
import dev.lifeboat.events.envelope.CloudEvent;
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
import java.time.Instant;
import java.util.UUID;

/** Ask for a backup, and follow the request. */
@Path("/api/backups")
@Tag(name = "backups")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
public class BackupRequestResource {

    private final Outbox outbox;
    private final DatabaseRegistry registry;
    private final BackupRequestIntake intake;
    private final SecurityIdentity identity;
    private final BackupRequestQueue queue;
    private final BackupWorker worker;

    public BackupRequestResource(Outbox outbox, BackupRequestIntake intake, SecurityIdentity identity, BackupRequestQueue queue,
                                 BackupWorker worker, DatabaseRegistry registry) {
        this.outbox = outbox;
        this.registry = registry;
        this.worker = worker;
        this.queue = queue;
        this.intake = intake;
        this.identity = identity;
    }

    @POST
    @RolesAllowed({Roles.OPERATOR, Roles.ADMIN})
    @Operation(summary = "Ask for a backup now (operator)",
            description = "Records the request and its BackupRequested (trigger MANUAL) in one transaction and answers 202: the backup "
                    + "starts at once, without waiting for its own event to come back from Kafka, which the outbox publishes at once "
                    + "or, while Kafka is down, once it is back. A request its consumer would refuse is a 400 now; a database "
                    + "nobody registered a 404 UNKNOWN_DATABASE naming the registered ids closest to it.")
    @Blocking
    public Response requestBackup(@Valid @NotNull(message = "a JSON body with databaseId is required") BackupRequestBody body)
            throws Throwable {
        String requestId = UUID.randomUUID().toString();
        BackupRequested request = new BackupRequested(requestId, body.databaseId(), BackupTrigger.MANUAL,
                RequestActor.of(identity), body.labels());
        CloudEvent<BackupRequested> event = outbox.event(requestId, request);
        outbox.check(event);
        if (VertxContextSupport.subscribeAndAwait(() -> registry.find(body.databaseId())) == null) {
            return UnknownDatabase.response(body.databaseId(), VertxContextSupport.subscribeAndAwait(registry::ids));
        }
        worker.takeOwn(event);
        return Response.accepted(new BackupRequestAccepted(requestId, body.databaseId(), "REQUESTED"))
                .location(URI.create("/api/backups/requests/" + requestId))
                .build();
    }

    @GET
    @Path("/requests")
    @RolesAllowed({Roles.VIEWER, Roles.OPERATOR, Roles.ADMIN})
    @Operation(summary = "Backup requests, newest first, filtered and paged (viewer)",
            description = "Answers {items, page, size, total}. status: RECEIVED, RUNNING (with each one's progress), RETRYING, COMPLETED or "
                    + "FAILED: what is running now, what failed and why (a failed attempt has no backup in /api/backups).")
    public Uni<Response> requests(@QueryParam("databaseId") String databaseId, @QueryParam("status") String status,
                                  @QueryParam("page") @DefaultValue("0") @Min(value = 0, message = "page must be 0 or more") int page,
                                  @QueryParam("size") @DefaultValue("50") @Min(value = 1, message = "size must be 1 to 500")
                                  @Max(value = 500, message = "size must be 1 to 500") int size) {
        BackupRequestRecord.Status wanted;
        try {
            wanted = status == null || status.isBlank() ? null : BackupRequestRecord.Status.valueOf(status);
        } catch (IllegalArgumentException e) {
            return Uni.createFrom().item(ApiError.response(Response.Status.BAD_REQUEST,
                    "status must be RECEIVED, RUNNING, RETRYING, COMPLETED or FAILED, not '" + TextLimits.printable(status, 60) + "'"));
        }
        return intake.list(databaseId == null || databaseId.isBlank() ? null : databaseId, wanted, page, size)
                .map(listing -> Response.ok(new Page<>(listing.requests().stream().map(BackupRequestView::of).toList(), page, size,
                        listing.total())).build());
    }

    @GET
    @Path("/queue")
    @RolesAllowed({Roles.VIEWER, Roles.OPERATOR, Roles.ADMIN})
    @Operation(summary = "The backup queue: waiting requests in the order they start, and what holds each (viewer)",
            description = "Answers {items, page, size, total, servers}: each waiting request's place in claim order (the first with hold NONE "
                    + "starts next), its database's "
                    + "server, hold (NONE, NOT_DUE, DATABASE_BUSY or SERVER_FULL: its server runs as many backups as the smallest maxConcurrentPerServer registered there) and "
                    + "seconds since it was due; per server (host:port), the backups running and waiting. databaseId: that database's only.")
    public Uni<Response> queue(@QueryParam("databaseId") String databaseId,
                               @QueryParam("page") @DefaultValue("0") @Min(value = 0, message = "page must be 0 or more") int page,
                               @QueryParam("size") @DefaultValue("50") @Min(value = 1, message = "size must be 1 to 500")
                               @Max(value = 500, message = "size must be 1 to 500") int size) {
        return queue.waiting(Instant.now()).map(listing -> Response.ok(BackupQueueView.of(listing,
                databaseId == null || databaseId.isBlank() ? null : databaseId, page, size)).build());
    }

    @GET
    @Path("/requests/{requestId}")
    @RolesAllowed({Roles.VIEWER, Roles.OPERATOR, Roles.ADMIN})
    @Operation(summary = "One backup request as recorded (viewer)")
    public Uni<Response> request(@PathParam("requestId") String requestId) {
        return intake.find(requestId).map(row -> row == null
                ? ApiError.response(Response.Status.NOT_FOUND, "no backup request with id '" + requestId + "'")
                : Response.ok(BackupRequestView.of(row)).build());
    }
}
