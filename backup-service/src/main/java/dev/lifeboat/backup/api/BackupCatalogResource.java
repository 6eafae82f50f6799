package dev.lifeboat.backup.api;

import dev.lifeboat.service.reactive.ReactiveSessions;
import io.smallrye.common.annotation.Blocking;
import dev.lifeboat.service.api.RequestActor;
import dev.lifeboat.service.api.Roles;
import dev.lifeboat.service.api.ApiError;
import dev.lifeboat.service.api.Page;
import dev.lifeboat.service.api.UnknownDatabase;
import dev.lifeboat.backup.registry.DatabaseRegistry;
import dev.lifeboat.backup.catalog.BackupCatalog;
import dev.lifeboat.backup.catalog.BackupEntry;
import dev.lifeboat.backup.catalog.BackupRemoval;
import dev.lifeboat.archive.ManifestJson;
import dev.lifeboat.archive.BackupManifest;
import io.quarkus.security.identity.SecurityIdentity;
import io.smallrye.mutiny.Uni;
import jakarta.annotation.security.RolesAllowed;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.ws.rs.DELETE;
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

import java.time.Instant;

/** The catalog: list backups, show one with its manifest, delete one. */
@Path("/api/backups")
@Tag(name = "backups")
@Produces(MediaType.APPLICATION_JSON)
public class BackupCatalogResource {

    private final BackupCatalog catalog;
    private final BackupRemoval removal;
    private final SecurityIdentity identity;
    private final DatabaseRegistry registry;

    public BackupCatalogResource(BackupCatalog catalog, BackupRemoval removal, SecurityIdentity identity, DatabaseRegistry registry) {
        this.catalog = catalog;
        this.registry = registry;
        this.removal = removal;
        this.identity = identity;
    }

    /**
     * A backup in a listing. {@code status} is always COMPLETED: failed attempts are never listed as backups.
     * {@code verification}: {@code VERIFIED} (the verifier read it back whole), {@code FAILED} (the latest check of it failed)
     * or {@code UNVERIFIED} (neither yet). {@code copiedAt}: when the verifier copied it to the second bucket; absent
     * when it has no copy there.
     */
    public record BackupSummary(String backupId, String databaseId, String status, String trigger, Instant startedAt,
                                Instant completedAt, long durationMs, long sizeBytes, String sha256, String compression,
                                boolean encrypted, String keyId, String objectKey, String manifestKey, String verification,
                                Instant copiedAt) {
        static BackupSummary of(BackupEntry entry) {
            return new BackupSummary(entry.backupId, entry.databaseId, "COMPLETED", entry.trigger, entry.startedAt,
                    entry.completedAt, entry.durationMs, entry.sizeBytes, entry.sha256, entry.compression, entry.encrypted,
                    entry.keyId, entry.objectKey, entry.manifestKey, entry.verificationFailedAt != null ? "FAILED"
                            : entry.verifiedAt != null ? "VERIFIED" : "UNVERIFIED", entry.copiedAt);
        }
    }

    /** One backup and its manifest. */
    public record BackupDetail(BackupSummary backup, BackupManifest manifest) {
    }

    @GET
    @RolesAllowed({Roles.VIEWER, Roles.OPERATOR, Roles.ADMIN})
    @Operation(summary = "Backups, newest first, filtered and paged (viewer)",
            description = "Answers {items, page, size, total}: one page (page from 0, size 1-500, default 50) and how many backups match in all. "
                    + "status: COMPLETED (the only status a listed backup has; failed attempts are at /api/backups/requests/{id}). from/to: ISO-8601 instants on the start time. "
                    + "A databaseId nobody registered and without backups is a 404 UNKNOWN_DATABASE.")
    public Uni<Response> list(@QueryParam("databaseId") String databaseId, @QueryParam("status") String status,
                              @QueryParam("from") String from, @QueryParam("to") String to,
                              @QueryParam("page") @DefaultValue("0") @Min(value = 0, message = "page must be 0 or more") int page,
                              @QueryParam("size") @DefaultValue("50") @Min(value = 1, message = "size must be 1 to 500")
                              @Max(value = 500, message = "size must be 1 to 500") int size) {
        Instant fromTime;
        Instant toTime;
        try {
            fromTime = InstantParameter.parse("from", from);
            toTime = InstantParameter.parse("to", to);
        } catch (IllegalArgumentException e) {
            return Uni.createFrom().item(ApiError.response(Response.Status.BAD_REQUEST, e.getMessage()));
        }
        if (status != null && !status.equals("COMPLETED")) {
            return Uni.createFrom().item(status.matches("FAILED|RUNNING|RETRYING|RECEIVED")
                    ? Response.ok(Page.empty(page, size)).build()
                    : ApiError.response(Response.Status.BAD_REQUEST, "status must be COMPLETED, FAILED, RUNNING, RETRYING or RECEIVED, not '" + status + "'"));
        }
        return catalog.list(databaseId, fromTime, toTime, page, size).flatMap(listing -> {
            Response found = Response.ok(new Page<>(listing.backups().stream().map(BackupSummary::of).toList(), page, size,
                    listing.total())).build();
            if (listing.total() > 0 || databaseId == null) {
                return Uni.createFrom().item(found);
            }
            // no backup of it: a database nobody registered is a 404, as everywhere (a removed one's backups are still listed)
            return registry.find(databaseId).flatMap(known -> known != null ? Uni.createFrom().item(found)
                    : registry.ids().map(ids -> UnknownDatabase.response(databaseId, ids)));
        });
    }

    @GET
    @Path("/{backupId}")
    @RolesAllowed({Roles.VIEWER, Roles.OPERATOR, Roles.ADMIN})
    @Operation(summary = "One backup with its manifest (viewer)")
    public Uni<Response> get(@PathParam("backupId") String backupId) {
        return catalog.find(backupId).map(entry -> entry == null ? notFound(backupId)
                : entry.deleted() ? ApiError.response(Response.Status.NOT_FOUND, "backup " + backupId + " is deleted: "
                + (!entry.purging() ? "kept until " + entry.purgeAfter + " (GET /api/deleted-backups; undelete with"
                + " POST /api/deleted-backups/" + backupId + "/undelete)" : "its purge has begun"))
                : Response.ok(new BackupDetail(BackupSummary.of(entry), ManifestJson.read(entry.manifest))).build());
    }

    @DELETE
    @Path("/{backupId}")
    @RolesAllowed(Roles.ADMIN)
    @Operation(summary = "Delete a backup (admin): kept, undeletable, until lifeboat.backup.deleted-kept-for has passed (7 days by default)",
            description = "Refused with 409 when it is the database's only backup (the last one no other removal has claimed) or its newest verified one, unless force=true. "
                    + "Its objects stay in the bucket beside a deleted.json until it is purged; GET /api/deleted-backups lists it, POST "
                    + "/api/deleted-backups/{id}/undelete brings it back. Emits BackupDeleted.")
    @Blocking
    public Response delete(@PathParam("backupId") String backupId, @QueryParam("force") @DefaultValue("false") boolean force) {
        String deletedBy = RequestActor.of(identity);
        BackupEntry entry = ReactiveSessions.await(() -> catalog.find(backupId));
        if (entry == null) {
            return notFound(backupId);
        }
        BackupRemoval.Outcome outcome;
        try {
            outcome = removal.delete(entry, deletedBy, force);
        } catch (Throwable e) {
            return ApiError.response(Response.Status.SERVICE_UNAVAILABLE, e.getMessage());
        }
        return switch (outcome) {
            case REMOVED -> Response.noContent().build();
            case GONE -> notFound(backupId);
            case LAST_BACKUP -> ApiError.response(Response.Status.CONFLICT, "backup " + backupId + " is the only backup of "
                    + entry.databaseId + " (no other is kept or being removed); add ?force=true to delete it anyway");
            case LAST_GOOD -> ApiError.response(Response.Status.CONFLICT, "backup " + backupId + " is the newest verified backup of "
                    + entry.databaseId + ": its last good one (newer ones are unverified, failed a check, or restores' safety"
                    + " backups); add ?force=true to delete it anyway");
        };
    }

    private static Response notFound(String backupId) {
        return ApiError.response(Response.Status.NOT_FOUND, "no backup with id '" + backupId + "'");
    }
}
