package dev.lifeboat.backup.api;

import dev.lifeboat.backup.catalog.BackupCatalog;
import dev.lifeboat.backup.catalog.BackupEntry;
import dev.lifeboat.backup.catalog.Undeletion;
import dev.lifeboat.backup.catalog.PurgeRequests;
import dev.lifeboat.service.api.ApiError;
import dev.lifeboat.service.api.RequestActor;
import dev.lifeboat.service.api.Roles;
import dev.lifeboat.service.reactive.ReactiveSessions;
import io.quarkus.security.identity.SecurityIdentity;
import io.smallrye.common.annotation.Blocking;
import jakarta.annotation.security.RolesAllowed;
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

import java.time.Instant;
import java.util.List;

/**
 * Deleted backups, kept until they are purged ({@code lifeboat.backup.deleted-kept-for}): {@code lifeboat backups --deleted}
 * lists them, {@code lifeboat undelete} brings one back.
 */
@Path("/api/deleted-backups")
@Tag(name = "backups")
@Produces(MediaType.APPLICATION_JSON)
public class DeletedBackupsResource {

    private final BackupCatalog catalog;
    private final Undeletion undeletion;
    private final PurgeRequests purges;
    private final SecurityIdentity identity;

    public DeletedBackupsResource(BackupCatalog catalog, Undeletion undeletion, PurgeRequests purges, SecurityIdentity identity) {
        this.catalog = catalog;
        this.undeletion = undeletion;
        this.purges = purges;
        this.identity = identity;
    }

    /** What a purge call did: {@code purged}, or waiting for {@code awaiting} after {@code requestedBy} asked. */
    public record PurgeAnswer(String backupId, boolean purged, String requestedBy, String awaiting) {
    }

    /**
     * A deleted backup: what it was, when and by whom it was deleted and why, and until when it can be undeleted
     * ({@code purgeAfter}; {@code purging} once its purge has begun).
     */
    public record DeletedBackup(BackupCatalogResource.BackupSummary backup, Instant deletedAt, String deletedBy, String reason,
                                Instant purgeAfter, boolean purging) {
        static DeletedBackup of(BackupEntry entry) {
            return new DeletedBackup(BackupCatalogResource.BackupSummary.of(entry), entry.removalStartedAt, entry.deletedBy,
                    entry.deletionReason, entry.purging() ? null : entry.purgeAfter, entry.purging());
        }
    }

    @GET
    @Blocking
    @RolesAllowed({Roles.VIEWER, Roles.OPERATOR, Roles.ADMIN})
    @Operation(summary = "Deleted backups not yet purged, the most recently deleted first (viewer)",
            description = "Optionally of one database (databaseId). Each with when, by whom and why it was deleted, and purgeAfter: until"
                    + " when it can be undeleted.")
    public List<DeletedBackup> list(@QueryParam("databaseId") String databaseId) {
        return ReactiveSessions.await(() -> catalog.deleted(databaseId)).stream().map(DeletedBackup::of).toList();
    }

    @POST
    @Blocking
    @Path("/{backupId}/undelete")
    @RolesAllowed(Roles.ADMIN)
    @Operation(summary = "Undelete a deleted backup before it is purged (admin)",
            description = "Answers the backup, listed and restorable again; its verification starts over. 404 when no deleted"
                    + " backup has that id, 410 when its purge has begun. Emits BackupUndeleted.")
    public Response undelete(@PathParam("backupId") String backupId) {
        Undeletion.Undeleted outcome;
        try {
            outcome = undeletion.undelete(backupId, RequestActor.of(identity));
        } catch (Throwable e) {
            return ApiError.response(Response.Status.SERVICE_UNAVAILABLE, e.getMessage());
        }
        return switch (outcome) {
            case UNDELETED -> Response.ok(BackupCatalogResource.BackupSummary.of(ReactiveSessions.await(() -> catalog.find(backupId)))).build();
            case NOT_DELETED -> ApiError.response(Response.Status.NOT_FOUND, "no deleted backup with id '" + backupId + "'");
            case PURGING -> ApiError.response(Response.Status.GONE, "backup " + backupId + " was kept after its deletion until"
                    + " lifeboat.backup.deleted-kept-for passed, and is being purged");
        };
    }

    @POST
    @Blocking
    @Path("/{backupId}/purge")
    @RolesAllowed(Roles.ADMIN)
    @Operation(summary = "Purge a deleted backup now, before its time to be kept has passed (admin)",
            description = "200 {purged: true}: its objects and entry are gone. A database's last verified backup needs two admins: the first"
                    + " call answers 202 {purged: false, requestedBy, awaiting} and another admin's call within 24 hours purges it; the same"
                    + " admin again is a 409. 404 when no deleted backup has that id.")
    public Response purge(@PathParam("backupId") String backupId) {
        String admin = RequestActor.of(identity);
        PurgeRequests.Outcome outcome;
        try {
            outcome = purges.purge(backupId, admin);
        } catch (Throwable e) {
            return ApiError.response(Response.Status.SERVICE_UNAVAILABLE, e.getMessage());
        }
        return switch (outcome) {
            case PURGED -> Response.ok(new PurgeAnswer(backupId, true, admin, null)).build();
            case AWAITING_SECOND_ADMIN -> Response.accepted(new PurgeAnswer(backupId, false, admin, "its database's last verified backup:"
                    + " another admin's POST /api/deleted-backups/" + backupId + "/purge within 24 hours purges it")).build();
            case SAME_ADMIN -> ApiError.response(Response.Status.CONFLICT, "backup " + backupId + " is its database's last verified backup,"
                    + " and its purge was asked by " + admin + ": another admin must approve it (lifeboat purge " + backupId + ")");
            case NOT_DELETED -> ApiError.response(Response.Status.NOT_FOUND, "no deleted backup with id '" + backupId + "'");
        };
    }
}
