package dev.lifeboat.notifier.api;

import dev.lifeboat.notifier.inbox.NotifiableEvent;
import dev.lifeboat.notifier.inbox.NotificationInbox;
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

/** The events this service has received to notify about. */
@Path("/api/notifications")
@Tag(name = "notifications")
@Produces(MediaType.APPLICATION_JSON)
public class NotificationResource {

    private final NotificationInbox inbox;

    public NotificationResource(NotificationInbox inbox) {
        this.inbox = inbox;
    }

    @GET
    @RolesAllowed({"viewer", "operator", "admin"})
    @Operation(summary = "Received events and their notification status, newest first (viewer)")
    public Uni<List<NotifiableEvent>> list(@QueryParam("limit") @DefaultValue("100") @Min(1) @Max(1000) int limit) {
        return inbox.newest(limit);
    }
}
