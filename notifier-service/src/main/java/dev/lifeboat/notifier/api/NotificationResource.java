package dev.lifeboat.notifier.api;

import dev.lifeboat.service.api.Page;
import dev.lifeboat.service.api.Roles;
import dev.lifeboat.service.api.ApiError;
import dev.lifeboat.notifier.channel.Channels;
import dev.lifeboat.notifier.delivery.Delivery;
import dev.lifeboat.notifier.delivery.DeliveryLog;
import dev.lifeboat.notifier.reminder.RestoreTestReminders;
import dev.lifeboat.notifier.routing.RoutingRule;
import dev.lifeboat.notifier.routing.RoutingRules;
import io.smallrye.common.annotation.Blocking;
import io.smallrye.mutiny.Uni;
import jakarta.annotation.security.RolesAllowed;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
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

import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** Deliveries (what was sent, is pending, or failed for good), the routing rules, and the reminder. */
@Path("/api/notifications")
@Tag(name = "notifications")
@Produces(MediaType.APPLICATION_JSON)
public class NotificationResource {

    private final DeliveryLog deliveries;
    private final RoutingRules rules;
    private final Channels channels;
    private final RestoreTestReminders reminders;
    private final Clock clock;

    public NotificationResource(DeliveryLog deliveries, RoutingRules rules, Channels channels, RestoreTestReminders reminders, Clock clock) {
        this.deliveries = deliveries;
        this.rules = rules;
        this.channels = channels;
        this.reminders = reminders;
        this.clock = clock;
    }

    @GET
    @RolesAllowed({Roles.VIEWER, Roles.OPERATOR, Roles.ADMIN})
    @Operation(summary = "Deliveries, newest first, filtered by status (PENDING, SENT, FAILED, COLLAPSED), database, channel or event, paged (viewer)",
            description = "Answers {items, page, size, total}: one page (page from 0, size 1-500, default 50) and how many deliveries match in all.")
    public Uni<Response> list(@QueryParam("status") String status, @QueryParam("databaseId") String databaseId,
                              @QueryParam("channel") String channel, @QueryParam("eventId") String eventId,
                              @QueryParam("page") @DefaultValue("0") @Min(value = 0, message = "page must be 0 or more") int page,
                              @QueryParam("size") @DefaultValue("50") @Min(value = 1, message = "size must be 1 to 500")
                              @Max(value = 500, message = "size must be 1 to 500") int size) {
        Delivery.Status wanted = null;
        if (status != null) {
            try {
                wanted = Delivery.Status.valueOf(status);
            } catch (IllegalArgumentException e) {
                return Uni.createFrom().item(ApiError.response(Response.Status.BAD_REQUEST, "status must be one of "
                        + Arrays.toString(Delivery.Status.values()) + ", not '" + status + "'"));
            }
        }
        return deliveries.newest(wanted, databaseId, channel, eventId, page, size)
                .map(rows -> Response.ok(rows.map(DeliveryView::of)).build());
    }

    @GET
    @Path("/{id}")
    @RolesAllowed({Roles.VIEWER, Roles.OPERATOR, Roles.ADMIN})
    @Operation(summary = "One delivery (viewer)")
    public Uni<Response> get(@PathParam("id") String id) {
        return deliveries.find(id).map(row -> row == null
                ? ApiError.response(Response.Status.NOT_FOUND, "no delivery with id '" + id + "'")
                : Response.ok(DeliveryView.of(row)).build());
    }

    @POST
    @Path("/{id}/retry")
    @RolesAllowed({Roles.OPERATOR, Roles.ADMIN})
    @Operation(summary = "Try a FAILED delivery again from its first attempt, e.g. after its channel was mended (operator)")
    public Uni<Response> retry(@PathParam("id") String id) {
        return deliveries.find(id).chain(row -> {
            if (row == null) {
                return Uni.createFrom().item(ApiError.response(Response.Status.NOT_FOUND, "no delivery with id '" + id + "'"));
            }
            return deliveries.retry(id).map(retried -> retried
                    ? Response.accepted(Map.of("id", id, "status", "PENDING")).build()
                    : ApiError.response(Response.Status.CONFLICT, "delivery " + id + " is " + row.status + "; only a FAILED one is retried"));
        });
    }

    @GET
    @Path("/rules")
    @RolesAllowed({Roles.VIEWER, Roles.OPERATOR, Roles.ADMIN})
    @Operation(summary = "The routing rules in force, and which of their channels are set up (viewer)")
    public Page<RuleView> rules(@QueryParam("page") @DefaultValue("0") @Min(value = 0, message = "page must be 0 or more") int page,
                                @QueryParam("size") @DefaultValue("50") @Min(value = 1, message = "size must be 1 to 500")
                                @Max(value = 500, message = "size must be 1 to 500") int size) {
        return Page.of(rules.rules().stream().map(this::view).toList(), page, size);
    }

    @POST
    @Path("/reminders")
    @Blocking
    @RolesAllowed({Roles.OPERATOR, Roles.ADMIN})
    @Operation(summary = "Send the restore-test review reminder now, as the schedule would (operator)")
    public Response remindNow() throws Throwable {
        Instant now = clock.instant().truncatedTo(ChronoUnit.SECONDS);
        reminders.fire(now, now);
        return Response.accepted(Map.of("slot", now.toString())).build();
    }

    private RuleView view(RoutingRule rule) {
        Map<String, Boolean> setUp = new TreeMap<>();
        rule.channels().forEach(channel -> setUp.put(channel, channels.enabled(channel)));
        return new RuleView(rule.name(), rule.types().stream().map(type -> type.messageName()).sorted().toList(),
                rule.databases().stream().sorted().toList(), rule.labels(), rule.severities().stream().map(Enum::name).sorted().toList(),
                rule.channels(), setUp, rule.recipients());
    }

    /** A rule as configured; {@code channelsSetUp} says which channels have their URL or recipients (the others are skipped). */
    public record RuleView(String name, List<String> types, List<String> databases, Map<String, String> labels, List<String> severities,
                           List<String> channels, Map<String, Boolean> channelsSetUp, List<String> recipients) {
    }
}
