package dev.lifeboat.backup.api;

import dev.lifeboat.backup.catalog.BackupCatalog;
import dev.lifeboat.backup.catalog.BackupEntry;
import dev.lifeboat.backup.catalog.BackupRemoval;
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
    private final BackupRemoval removal;
    private final SecurityIdentity identity;

    public DeletedBackupsResource(BackupCatalog catalog, BackupRemoval removal, SecurityIdentity identity) {
        this.catalog = catalog;
        this.removal = removal;
        this.identity = identity;
    }

    /**
     * A deleted backup: what it was, when and by whom it was deleted and why, and until when it can be undeleted
     * ({@code purgeAfter}; {@code purging} once its purge has begun).
     */
    public record DeletedBackup(BackupCatalogResource.BackupSummary backup, Instant deletedAt, String deletedBy, String reason,
                                Instant purgeAfter, boolean purging) {
        static DeletedBackup of(BackupEntry entry) {
            boolean purging = !entry.purgeAfter.isAfter(Instant.EPOCH);
            return new DeletedBackup(BackupCatalogResource.BackupSummary.of(entry), entry.removalStartedAt, entry.deletedBy,
                    entry.deletionReason, purging ? null : entry.purgeAfter, purging);
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
        BackupRemoval.Undeleted outcome;
        try {
            outcome = removal.undelete(backupId, RequestActor.of(identity));
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
}
