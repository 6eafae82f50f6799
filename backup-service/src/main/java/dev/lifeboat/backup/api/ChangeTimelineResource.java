package dev.lifeboat.backup.api;

import dev.lifeboat.backup.capture.CaptureArchives;
import dev.lifeboat.backup.encryption.ArchiveKeys;
import dev.lifeboat.backup.registry.DatabaseRegistry;
import dev.lifeboat.changes.model.Lsn;
import dev.lifeboat.changes.model.RowChange;
import dev.lifeboat.changes.timeline.ChangeTimeline;
import dev.lifeboat.changes.timeline.TimelinePage;
import dev.lifeboat.changes.timeline.TimelineQuery;
import dev.lifeboat.service.api.ApiError;
import dev.lifeboat.service.api.Roles;
import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.infrastructure.Infrastructure;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.Locale;

/** A captured database's change timeline: which transaction did what, and when, to find the moment to restore to. */
@Path("/api/databases/{id}/changes")
@Tag(name = "databases")
@Produces(MediaType.APPLICATION_JSON)
public class ChangeTimelineResource {

    /** The range asked for when {@code from} is not given: the hour before {@code to}. */
    static final Duration DEFAULT_RANGE = Duration.ofHours(1);

    private final DatabaseRegistry registry;
    private final CaptureArchives archives;
    private final ArchiveKeys keys;

    public ChangeTimelineResource(DatabaseRegistry registry, CaptureArchives archives, ArchiveKeys keys) {
        this.registry = registry;
        this.archives = archives;
        this.keys = keys;
    }

    @GET
    @RolesAllowed({Roles.VIEWER, Roles.OPERATOR, Roles.ADMIN})
    @Operation(summary = "The captured transactions: when, where in the stream, what each did to which table (viewer)",
            description = "from/to: ISO-8601 instants (default: the hour up to now); table: schema.table (an unqualified name"
                    + " is public's); kind: insert|update|delete|truncate|schema; minRows: at least this many rows inserted,"
                    + " updated and deleted; order: time (paged: pass next as after) or rows (the largest first); limit: 1 to"
                    + " 1000 (default 100). Answers {databaseId, from, to, order, transactions [{xid, lsn, committedAt, role,"
                    + " rowsTouched, tables {t: {inserted, updated, deleted, truncated}}, schemaChanges [{tag, statement,"
                    + " tables, notReplayable}]}], next, segmentsRead, segmentsInRange}. Row values are never shown.")
    public Uni<Response> get(@PathParam("id") String id, @QueryParam("from") String from, @QueryParam("to") String to,
                             @QueryParam("table") String table, @QueryParam("kind") String kind,
                             @QueryParam("minRows") @DefaultValue("0") long minRows, @QueryParam("order") @DefaultValue("time") String order,
                             @QueryParam("limit") @DefaultValue("100") int limit, @QueryParam("after") String after) {
        TimelineQuery query;
        try {
            query = query(from, to, table, kind, minRows, order, limit, after);
        } catch (IllegalArgumentException e) {
            return Uni.createFrom().item(ApiError.response(Response.Status.BAD_REQUEST, e.getMessage()));
        }
        return registry.find(id).flatMap(database -> {
            if (database == null) {
                return Uni.createFrom().item(ApiError.response(Response.Status.NOT_FOUND, "no registered database with id '" + id + "'"));
            }
            if (database.pointInTimeWindowSeconds == null) {
                return Uni.createFrom().item(ApiError.response(422, id + " is not captured for point-in-time restore"
                        + " (pointInTime.enabled is off): there is no change timeline to show"));
            }
            return Uni.createFrom().item(() -> page(id, query)).runSubscriptionOn(Infrastructure.getDefaultWorkerPool())
                    .map(page -> Response.ok(ChangeTimelineView.of(id, query, page)).build())
                    .onFailure(IllegalArgumentException.class).recoverWithItem(e -> ApiError.response(422, e.getMessage()))
                    .onFailure(StorageFailure.class).recoverWithItem(e -> ApiError.response(Response.Status.SERVICE_UNAVAILABLE,
                            "the change archive cannot be read now: " + e.getCause().getMessage()));
        });
    }

    private TimelinePage page(String id, TimelineQuery query) {
        try {
            return new ChangeTimeline(archives.reading(), keys::orNull).page(id, query);
        } catch (IOException e) {
            throw new StorageFailure(e);
        } catch (RuntimeException e) {
            throw e;
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    /** The bucket could not be read, or what it holds is damaged. */
    private static final class StorageFailure extends RuntimeException {
        StorageFailure(IOException cause) {
            super(cause);
        }
    }

    static TimelineQuery query(String from, String to, String table, String kind, long minRows, String order, int limit,
                               String after) {
        Instant until = to == null ? Instant.now() : InstantParameter.parse("to", to);
        RowChange.Kind changeKind = kind == null ? null : choice("kind", kind, RowChange.Kind.class, "insert|update|delete|truncate|schema");
        TimelineQuery.Order ordered = choice("order", order, TimelineQuery.Order.class, "time|rows");
        Lsn page;
        try {
            page = after == null ? null : Lsn.parse(after);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("after must be a stream position such as 0/1A2B3C4 (a page's next), not '" + after + "'");
        }
        return new TimelineQuery(from == null ? until.minus(DEFAULT_RANGE) : InstantParameter.parse("from", from), until,
                table == null || table.contains(".") ? table : "public." + table, changeKind, minRows, ordered, limit, page);
    }

    private static <E extends Enum<E>> E choice(String name, String value, Class<E> type, String choices) {
        try {
            return Enum.valueOf(type, value.toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(name + " must be one of " + choices + ", not '" + value + "'");
        }
    }
}
