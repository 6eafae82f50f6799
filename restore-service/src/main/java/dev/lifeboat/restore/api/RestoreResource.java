package dev.lifeboat.restore.api;

import dev.lifeboat.events.envelope.CloudEvent;
import dev.lifeboat.events.restore.RestoreRequested;
import dev.lifeboat.restore.config.EventsConfig;
import dev.lifeboat.restore.intake.RestoreRequestIntake;
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
import java.util.Map;
import java.util.UUID;

/** Ask for a restore (admin), and follow it. */
@Path("/api/restores")
@Tag(name = "restores")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
public class RestoreResource {

    private final MutinyEmitter<Record<String, CloudEvent<?>>> requests;
    private final RestoreRequestIntake intake;
    private final SecurityIdentity identity;
    private final EventsConfig events;

    public RestoreResource(@Channel("restore-requests-out") MutinyEmitter<Record<String, CloudEvent<?>>> requests,
            RestoreRequestIntake intake, SecurityIdentity identity, EventsConfig events) {
        this.requests = requests;
        this.intake = intake;
        this.identity = identity;
        this.events = events;
    }

    @POST
    @RolesAllowed("admin")
    @Operation(summary = "Ask for a restore (admin)",
            description = "Publishes RestoreRequested and answers 202 with the restore id once Kafka has it.")
    public Uni<Response> requestRestore(@Valid @NotNull(message = "a JSON body is required") RestoreRequestBody body) {
        String restoreId = UUID.randomUUID().toString();
        RestoreRequested request = new RestoreRequested(restoreId, body.databaseId(), body.source(), body.target(),
                body.safetyBackup() == null || body.safetyBackup(), identity.getPrincipal().getName());
        CloudEvent<RestoreRequested> event = CloudEvent.of(events.source(), restoreId, request);
        return requests.send(Record.of(event.subject(), event))
                .replaceWith(() -> Response.accepted(Map.of("restoreId", restoreId, "status", "REQUESTED"))
                        .location(URI.create("/api/restores/" + restoreId))
                        .build());
    }

    @GET
    @Path("/{restoreId}")
    @RolesAllowed({"viewer", "operator", "admin"})
    @Operation(summary = "One restore request as recorded (viewer)")
    public Uni<Response> restore(@PathParam("restoreId") String restoreId) {
        return intake.find(restoreId).map(row -> row == null
                ? ApiError.response(Response.Status.NOT_FOUND, "no restore with id '" + restoreId + "'")
                : Response.ok(row).build());
    }
}
