package dev.lifeboat.audit.api;

import dev.lifeboat.audit.log.ActivityLog;
import dev.lifeboat.audit.log.AuditEntry;
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

/** The activity log, newest first. */
@Path("/api/audit")
@Tag(name = "audit")
@Produces(MediaType.APPLICATION_JSON)
public class AuditResource {

    private final ActivityLog log;

    public AuditResource(ActivityLog log) {
        this.log = log;
    }

    @GET
    @RolesAllowed({"viewer", "operator", "admin"})
    @Operation(summary = "Audit entries, newest first, optionally of one database (viewer)")
    public Uni<List<AuditEntry>> list(@QueryParam("databaseId") String databaseId,
            @QueryParam("limit") @DefaultValue("100") @Min(1) @Max(1000) int limit) {
        return log.newest(databaseId, limit);
    }
}
