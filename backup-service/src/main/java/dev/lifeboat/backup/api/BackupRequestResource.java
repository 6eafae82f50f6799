package dev.lifeboat.backup.api;

import dev.lifeboat.service.api.Roles;
import dev.lifeboat.service.api.ApiError;
import dev.lifeboat.outbox.EventSource;
import dev.lifeboat.backup.intake.BackupRequestIntake;
import dev.lifeboat.events.backup.BackupRequested;
import dev.lifeboat.events.backup.BackupTrigger;
import dev.lifeboat.events.envelope.CloudEvent;
import io.quarkus.security.identity.SecurityIdentity;
import io.smallrye.mutiny.Uni;
import io.smallrye.reactive.messaging.MutinyEmitter;
import io.smallrye.reactive.messaging.kafka.Record;
import jakarta.annotation.security.RolesAllowed;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.eclipse.microprofile.reactive.messaging.Channel;

import java.net.URI;
import java.util.UUID;

/** Ask for a backup, and follow the request. */
@Path("/api/backups")
@Tag(name = "backups")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
public class BackupRequestResource {

    private final MutinyEmitter<Record<String, CloudEvent<?>>> requests;
    private final BackupRequestIntake intake;
    private final SecurityIdentity identity;
    private final EventSource events;

    public BackupRequestResource(@Channel("backup-requests-out") MutinyEmitter<Record<String, CloudEvent<?>>> requests,
            BackupRequestIntake intake, SecurityIdentity identity, EventSource events) {
        this.requests = requests;
        this.intake = intake;
        this.identity = identity;
        this.events = events;
    }

    @POST
    @RolesAllowed({Roles.OPERATOR, Roles.ADMIN})
    @Operation(summary = "Ask for a backup now (operator)",
            description = "Publishes BackupRequested (trigger MANUAL) and answers 202 once Kafka has it.")
    public Uni<Response> requestBackup(@Valid @NotNull(message = "a JSON body with databaseId is required") BackupRequestBody body) {
        String requestId = UUID.randomUUID().toString();
        BackupRequested request = new BackupRequested(requestId, body.databaseId(), BackupTrigger.MANUAL,
                identity.getPrincipal().getName(), body.labels());
        CloudEvent<BackupRequested> event = CloudEvent.of(events.source(), requestId, request);
        return requests.send(Record.of(event.subject(), event))
                .replaceWith(() -> Response.accepted(new BackupRequestAccepted(requestId, body.databaseId(), "REQUESTED"))
                        .location(URI.create("/api/backups/requests/" + requestId))
                        .build());
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
