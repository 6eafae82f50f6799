package dev.lifeboat.restore.api;

import dev.lifeboat.restore.target.TargetServers;
import dev.lifeboat.restore.target.TargetSettings;
import dev.lifeboat.service.api.Page;
import dev.lifeboat.service.api.Roles;
import io.smallrye.common.annotation.Blocking;
import jakarta.annotation.security.RolesAllowed;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;


/** The databases this service can restore, and where and as whom: the registry's, and any its configuration names. */
@Path("/api/restore-targets")
@Tag(name = "restores")
@Produces(MediaType.APPLICATION_JSON)
public class RestoreTargetResource {

    private final TargetServers targets;

    public RestoreTargetResource(TargetServers targets) {
        this.targets = targets;
    }

    @GET
    @Blocking
    @RolesAllowed({Roles.VIEWER, Roles.OPERATOR, Roles.ADMIN})
    @Operation(summary = "Every restore target: server, live database, restore role and where the settings come from (viewer)")
    public Page<Target> targets(@QueryParam("page") @DefaultValue("0") @Min(value = 0, message = "page must be 0 or more") int page,
                                @QueryParam("size") @DefaultValue("50") @Min(value = 1, message = "size must be 1 to 500")
                                @Max(value = 500, message = "size must be 1 to 500") int size) {
        return Page.of(targets.all().entrySet().stream().map(entry -> Target.of(entry.getKey(), entry.getValue()))
                .sorted(java.util.Comparator.comparing(Target::databaseId)).toList(), page, size);
    }

    /** A restore target as the API shows it: no credential, not even its reference. */
    public record Target(String databaseId, String host, int port, String database, String username, String source) {

        static Target of(String databaseId, TargetSettings settings) {
            return new Target(databaseId, settings.host(), settings.port(), settings.database(), settings.username(), settings.source());
        }
    }
}
