package dev.lifeboat.restore.api;

import dev.lifeboat.events.registry.DatabaseRegistration;
import dev.lifeboat.events.registry.Engine;
import dev.lifeboat.restore.registry.KnownDatabase;
import dev.lifeboat.restore.registry.KnownDatabases;
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

import java.util.List;


/**
 * The databases this service can restore, and where and as whom: the registry's PostgreSQL and Cloudflare D1 databases,
 * and any PostgreSQL its configuration names.
 */
@Path("/api/restore-targets")
@Tag(name = "restores")
@Produces(MediaType.APPLICATION_JSON)
public class RestoreTargetResource {

    private final TargetServers targets;
    private final KnownDatabases registry;

    public RestoreTargetResource(TargetServers targets, KnownDatabases registry) {
        this.targets = targets;
        this.registry = registry;
    }

    @GET
    @Blocking
    @RolesAllowed({Roles.VIEWER, Roles.OPERATOR, Roles.ADMIN})
    @Operation(summary = "Every restore target: engine, server (PostgreSQL) or D1 database, live database, restore role and where the "
            + "settings come from (viewer)")
    public Page<Target> targets(@QueryParam("page") @DefaultValue("0") @Min(value = 0, message = "page must be 0 or more") int page,
                                @QueryParam("size") @DefaultValue("50") @Min(value = 1, message = "size must be 1 to 500")
                                @Max(value = 500, message = "size must be 1 to 500") int size) {
        List<KnownDatabase> d1Databases = registry.all().stream().filter(known -> known.engine == Engine.D1).toList();
        java.util.Set<String> d1Ids = d1Databases.stream().map(known -> known.id).collect(java.util.stream.Collectors.toSet());
        // a D1 registration's restores go to D1 (RestoreJob chooses the engine from the registration first)
        java.util.stream.Stream<Target> postgres = targets.all().entrySet().stream().filter(entry -> !d1Ids.contains(entry.getKey()))
                .map(entry -> Target.of(entry.getKey(), entry.getValue()));
        java.util.stream.Stream<Target> d1 = d1Databases.stream().map(Target::of);
        return Page.of(java.util.stream.Stream.concat(postgres, d1).sorted(java.util.Comparator.comparing(Target::databaseId)).toList(),
                page, size);
    }

    /**
     * A restore target as the API shows it: no credential, not even its reference.
     *
     * @param engine {@code postgresql} or {@code d1}
     * @param host   a PostgreSQL target's server (with {@code port} and {@code username}); null for D1
     * @param d1     a D1 target's database: its account and id (remote) or local folder; null for PostgreSQL
     */
    public record Target(String databaseId, String engine, String host, Integer port, String database, String username, String source,
                         DatabaseRegistration.D1Database d1) {

        static Target of(String databaseId, TargetSettings settings) {
            return new Target(databaseId, Engine.POSTGRESQL.wireName(), settings.host(), settings.port(), settings.database(),
                    settings.username(), settings.source(), null);
        }

        static Target of(KnownDatabase known) {
            return new Target(known.id, Engine.D1.wireName(), null, null, known.databaseName, null,
                    "the registry (through wrangler)", known.d1());
        }
    }
}
