package dev.lifeboat.backup.api;

import dev.lifeboat.service.api.Roles;
import dev.lifeboat.service.api.ApiError;
import dev.lifeboat.service.api.Page;
import dev.lifeboat.service.api.RequestActor;
import dev.lifeboat.events.registry.DatabaseRegistration.RestoreRole;
import io.quarkus.security.identity.SecurityIdentity;
import dev.lifeboat.backup.config.RegistryConfig;
import dev.lifeboat.runtime.secret.DatabaseSecrets;
import dev.lifeboat.runtime.secret.SecretUnavailableException;
import dev.lifeboat.backup.failure.BackupFailure;
import dev.lifeboat.backup.registry.DatabaseRegistry;
import dev.lifeboat.backup.registry.DatabaseSettings;
import dev.lifeboat.backup.registry.RegisteredDatabase;
import dev.lifeboat.backup.retention.RetentionPreview;
import dev.lifeboat.backup.registry.RetentionRules;
import dev.lifeboat.backup.connect.TargetConnections;
import dev.lifeboat.backup.registry.UnprocessableSettings;
import dev.lifeboat.events.registry.Engine;
import dev.lifeboat.d1.wrangler.D1Settings;
import dev.lifeboat.backup.job.D1BackupJob;
import dev.lifeboat.d1.D1Location;
import dev.lifeboat.d1.query.D1Queries;
import dev.lifeboat.d1.wrangler.WranglerFailure;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.infrastructure.Infrastructure;
import jakarta.annotation.security.RolesAllowed;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PATCH;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import java.net.URI;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;
import java.util.function.Function;

/** The registry of protected databases. */
@Path("/api/databases")
@Tag(name = "databases")
@Produces(MediaType.APPLICATION_JSON)
public class DatabaseResource {


    private final DatabaseRegistry registry;
    private final RegistryConfig defaults;
    private final RetentionPreview retentionPreview;
    private final SecurityIdentity identity;
    private final ObjectMapper json;
    private final D1Settings d1;
    private final DatabaseSecrets secrets;

    public DatabaseResource(DatabaseRegistry registry, RegistryConfig defaults, RetentionPreview retentionPreview, SecurityIdentity identity,
                            ObjectMapper json, D1Settings d1, DatabaseSecrets secrets) {
        this.json = json;
        this.d1 = d1;
        this.secrets = secrets;
        this.registry = registry;
        this.defaults = defaults;
        this.retentionPreview = retentionPreview;
        this.identity = identity;
    }

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    @RolesAllowed(Roles.ADMIN)
    @Operation(summary = "Register a database (admin)")
    public Uni<Response> register(DatabaseBody body) {
        return withSettings(body, null, settings -> registry.register(settings, RegisteredDatabase.DeclaredIn.API, RequestActor.of(identity))
                .flatMap(created -> created
                        ? registry.find(settings.id()).map(row -> Response.created(URI.create("/api/databases/" + row.id)).entity(DatabaseView.of(row)).build())
                        : Uni.createFrom().item(ApiError.response(Response.Status.CONFLICT, "database '" + settings.id() + "' is registered already"))));
    }

    @GET
    @RolesAllowed({Roles.VIEWER, Roles.OPERATOR, Roles.ADMIN})
    @Operation(summary = "The registered databases, by id, paged (viewer)",
            description = "Answers {items, page, size, total}: one page (page from 0, size 1-500, default 50) and how many databases are registered.")
    public Uni<Page<DatabaseView>> list(
            @QueryParam("page") @DefaultValue("0") @Min(value = 0, message = "page must be 0 or more") int page,
            @QueryParam("size") @DefaultValue("50") @Min(value = 1, message = "size must be 1 to 500")
            @Max(value = 500, message = "size must be 1 to 500") int size) {
        return registry.list(page, size).map(rows -> rows.map(DatabaseView::of));
    }

    @GET
    @Path("/{id}")
    @RolesAllowed({Roles.VIEWER, Roles.OPERATOR, Roles.ADMIN})
    @Operation(summary = "One registered database (viewer)")
    public Uni<Response> get(@PathParam("id") String id) {
        return registry.find(id).map(row -> row == null ? notFound(id) : Response.ok(DatabaseView.of(row)).build());
    }

    @PUT
    @Path("/{id}")
    @Consumes(MediaType.APPLICATION_JSON)
    @RolesAllowed(Roles.ADMIN)
    @Operation(summary = "Replace a database's settings (admin); refused for databases declared in configuration")
    public Uni<Response> update(@PathParam("id") String id, DatabaseBody body) {
        if (body != null && body.id() != null && !body.id().equals(id)) {
            return Uni.createFrom().item(ApiError.response(Response.Status.BAD_REQUEST,
                    "the body's id '" + body.id() + "' differs from the path's '" + id + "'; an id cannot change"));
        }
        return registry.find(id).flatMap(existing -> {
            if (existing == null) {
                return Uni.createFrom().item(notFound(id));
            }
            if (existing.declaredIn == RegisteredDatabase.DeclaredIn.CONFIG) {
                return Uni.createFrom().item(declaredInConfig(id));
            }
            return withSettings(body, id, settings -> updated(existing, settings));
        });
    }

    @PATCH
    @Path("/{id}")
    @Consumes({"application/merge-patch+json", MediaType.APPLICATION_JSON})
    @RolesAllowed(Roles.ADMIN)
    @Operation(summary = "Change some of a database's settings (admin): a JSON merge patch, e.g. {\"schedule\": \"0 * * * *\"}; "
            + "null removes an optional setting. Refused for databases declared in configuration")
    public Uni<Response> patch(@PathParam("id") String id, JsonNode patch) {
        if (patch == null || !patch.isObject()) {
            return Uni.createFrom().item(ApiError.response(Response.Status.BAD_REQUEST, "a JSON object with the settings to change is required"));
        }
        if (patch.hasNonNull("id") && !patch.get("id").asText().equals(id)) {
            return Uni.createFrom().item(ApiError.response(Response.Status.BAD_REQUEST,
                    "the patch's id '" + patch.get("id").asText() + "' differs from the path's '" + id + "'; an id cannot change"));
        }
        return registry.find(id).flatMap(existing -> {
            if (existing == null) {
                return Uni.createFrom().item(notFound(id));
            }
            if (existing.declaredIn == RegisteredDatabase.DeclaredIn.CONFIG) {
                return Uni.createFrom().item(declaredInConfig(id));
            }
            DatabaseBody patched;
            try {
                patched = json.treeToValue(JsonMergePatch.apply(json.valueToTree(DatabaseBody.of(existing)), patch), DatabaseBody.class);
            } catch (JsonProcessingException e) {
                return Uni.createFrom().item(ApiError.response(Response.Status.BAD_REQUEST, "the patched settings are not valid: "
                        + e.getOriginalMessage()));
            }
            return withSettings(patched, id, settings -> updated(existing, settings));
        });
    }

    @DELETE
    @Path("/{id}")
    @RolesAllowed(Roles.ADMIN)
    @Operation(summary = "Stop protecting a database (admin); its backups stay until retention or an admin removes them")
    public Uni<Response> remove(@PathParam("id") String id) {
        return registry.find(id).flatMap(existing -> {
            if (existing == null) {
                return Uni.createFrom().item(notFound(id));
            }
            if (existing.declaredIn == RegisteredDatabase.DeclaredIn.CONFIG) {
                return Uni.createFrom().item(declaredInConfig(id));
            }
            return registry.remove(id, RequestActor.of(identity)).map(removed -> Response.noContent().build());
        });
    }

    @POST
    @Path("/{id}/test-connection")
    @RolesAllowed({Roles.OPERATOR, Roles.ADMIN})
    @Operation(summary = "Connect to a database with its registered settings (operator)",
            description = "200 with the server version (and, for D1, its tables), or 422 saying why the connection failed.")
    public Uni<Response> testConnection(@PathParam("id") String id) {
        return registry.find(id)
                .emitOn(Infrastructure.getDefaultWorkerPool())
                .map(row -> row == null ? notFound(id) : connect(row));
    }

    @GET
    @Path("/{id}/retention/preview")
    @RolesAllowed({Roles.VIEWER, Roles.OPERATOR, Roles.ADMIN})
    @Operation(summary = "What retention would expire now, and why each backup is kept (viewer)")
    public Uni<Response> retentionPreview(@PathParam("id") String id) {
        return registry.find(id).flatMap(row -> row == null
                ? Uni.createFrom().item(notFound(id))
                : retentionPreview.of(row).map(plan -> Response.ok(plan).build()));
    }

    private Response connect(RegisteredDatabase row) {
        return switch (row.engine) {
            case POSTGRESQL -> connectPostgres(row);
            case D1 -> connectD1(row);
        };
    }

    /** A real query through wrangler: the database's tables, or wrangler's reason (without the token) in a 422. */
    private Response connectD1(RegisteredDatabase row) {
        long start = System.nanoTime();
        try {
            List<String> tables = new D1Queries(d1.quickCommands(secrets))
                    .tables(D1Location.of(row.databaseName, row.d1(), row.credentialRef));
            return Response.ok(new ConnectionTestResult(true, D1BackupJob.SERVER_VERSION, (System.nanoTime() - start) / 1_000_000, tables))
                    .build();
        } catch (WranglerFailure e) {
            return ApiError.response(422, e.reason() + ": " + e.getMessage());
        }
    }

    private Response connectPostgres(RegisteredDatabase row) {
        long start = System.nanoTime();
        try (Connection connection = TargetConnections.open(row, TargetConnections.server(row, secrets), "connection test")) {
            String version = connection.getMetaData().getDatabaseProductVersion();
            return Response.ok(new ConnectionTestResult(true, version, (System.nanoTime() - start) / 1_000_000, null)).build();
        } catch (BackupFailure e) {
            return ApiError.response(422, e.code() + ": " + e.getMessage());
        } catch (SecretUnavailableException e) {
            return ApiError.response(422, "CREDENTIAL_UNAVAILABLE: " + e.getMessage());
        } catch (SQLException e) {
            return ApiError.response(422, "connected, but could not read the server version: " + e.getSQLState());
        }
    }

    /** Builds the settings from a body (the defaults fill what it omits) or answers 400 with what is wrong. */
    private Uni<Response> withSettings(DatabaseBody body, String pathId, Function<DatabaseSettings, Uni<Response>> action) {
        DatabaseSettings settings;
        try {
            settings = settingsOf(body, pathId);
        } catch (UnprocessableSettings e) {
            return Uni.createFrom().item(ApiError.response(422, e.getMessage()));
        } catch (IllegalArgumentException e) {
            return Uni.createFrom().item(ApiError.response(Response.Status.BAD_REQUEST, e.getMessage()));
        }
        return action.apply(settings);
    }

    private DatabaseSettings settingsOf(DatabaseBody body, String pathId) {
        if (body == null) {
            throw new IllegalArgumentException("a JSON body with id, host, username and credentialRef is required");
        }
        String id = pathId != null ? pathId : body.id();
        DatabaseBody.Retention r = body.retention();
        RetentionRules retention = r == null
                ? new RetentionRules(defaults.defaultMaxAgeDays(), null, defaults.defaultDaily(), defaults.defaultWeekly(), defaults.defaultMonthly(), List.of())
                : new RetentionRules(r.maxAgeDays(), r.keepLast(), r.daily(), r.weekly(), r.monthly(), r.pinned());
        Engine engine = Engine.of(body.engine());
        return new DatabaseSettings(id, body.host(), body.port() == null ? (engine == Engine.POSTGRESQL ? 5432 : 0) : body.port(),
                body.database() == null ? id : body.database(), body.username(), body.credentialRef(),
                body.restore() == null ? null : new RestoreRole(body.restore().username(), body.restore().credentialRef()),
                body.schedule() == null ? defaults.defaultSchedule() : body.schedule(),
                body.rpo() == null ? defaults.defaultRpo() : body.rpo(), retention, body.labels(), body.freshnessColumns(),
                body.pointInTime() == null ? null : body.pointInTime().enabledWindow(),
                body.pointInTime() == null ? null : body.pointInTime().enabledMaxReplay(), body.maxConcurrentPerServer(), engine, body.d1(),
                body.tls(), Boolean.TRUE.equals(body.restoreWithoutSafetyBackup())).provisionedBy(secrets);
    }

    /** The new settings stored; an engine never changes under a registration whose backups were taken with the other one. */
    private Uni<Response> updated(RegisteredDatabase existing, DatabaseSettings settings) {
        if (settings.engine() != existing.engine) {
            return Uni.createFrom().item(ApiError.response(Response.Status.CONFLICT, "database '" + existing.id + "' is a "
                    + existing.engine.wireName() + " database and its backups are " + existing.engine.wireName()
                    + "'s: its engine cannot change; register the other database under a new id"));
        }
        return registry.update(settings, RequestActor.of(identity)).map(row -> Response.ok(DatabaseView.of(row)).build());
    }

    private static Response notFound(String id) {
        return ApiError.response(Response.Status.NOT_FOUND, "no registered database with id '" + id + "'");
    }

    private static Response declaredInConfig(String id) {
        return ApiError.response(Response.Status.CONFLICT, "database '" + id
                + "' is declared in configuration (lifeboat.registry.databases." + id + "); change it there");
    }

    /** The answer of a successful connection test; {@code tables} for an engine that lists them cheaply (D1), else null. */
    public record ConnectionTestResult(boolean connected, String serverVersion, long millis, List<String> tables) {
    }
}
