package dev.lifeboat.audit.api;

import dev.lifeboat.service.api.RequestActor;
import dev.lifeboat.service.api.Roles;
import dev.lifeboat.service.api.ApiError;
import dev.lifeboat.audit.chain.ChainReport;
import dev.lifeboat.audit.verification.ChainVerifier;
import dev.lifeboat.audit.query.AuditEntryView;
import dev.lifeboat.audit.query.AuditExport;
import dev.lifeboat.audit.query.AuditFilter;
import dev.lifeboat.audit.query.AuditPage;
import dev.lifeboat.audit.query.AuditSearch;
import dev.lifeboat.audit.query.BadQueryException;
import dev.lifeboat.audit.query.ExportFormat;
import dev.lifeboat.audit.retention.AuditRetention;
import dev.lifeboat.audit.retention.PruneResult;
import io.quarkus.security.identity.SecurityIdentity;
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
import jakarta.ws.rs.core.StreamingOutput;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.jboss.logging.Logger;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;


/** The activity log: query, follow one flow, export, verify the chain, prune by retention. */
@Path("/api/audit")
@Tag(name = "audit")
@Produces(MediaType.APPLICATION_JSON)
public class AuditResource {

    private static final Logger LOG = Logger.getLogger(AuditResource.class);

    private final AuditSearch search;
    private final AuditExport export;
    private final ChainVerifier verifier;
    private final AuditRetention retention;
    private final SecurityIdentity identity;

    public AuditResource(AuditSearch search, AuditExport export, ChainVerifier verifier, AuditRetention retention,
                         SecurityIdentity identity) {
        this.search = search;
        this.export = export;
        this.verifier = verifier;
        this.retention = retention;
        this.identity = identity;
    }

    @GET
    @RolesAllowed({Roles.VIEWER, Roles.OPERATOR, Roles.ADMIN})
    @Operation(summary = "Rows newest first, filtered, a page at a time: pass nextCursor as cursor for the next page (viewer)")
    public Uni<AuditPage> list(@QueryParam("databaseId") String databaseId, @QueryParam("type") String type,
                               @QueryParam("outcome") String outcome, @QueryParam("actor") String actor,
                               @QueryParam("correlationId") String correlationId, @QueryParam("from") String from,
                               @QueryParam("to") String to, @QueryParam("cursor") String cursor,
                               @QueryParam("limit") @DefaultValue("100") @Min(1) @Max(1000) int limit) {
        AuditFilter filter = AuditFilter.parse(databaseId, type, outcome, actor, correlationId, from, to);
        return search.newestFirst(filter, cursor, limit);
    }

    @GET
    @Path("/flows/{correlationId}")
    @RolesAllowed({Roles.VIEWER, Roles.OPERATOR, Roles.ADMIN})
    @Operation(summary = "One whole flow (request, started, completed, verified, notified …) in the order it happened (viewer)")
    public Uni<Response> flow(@PathParam("correlationId") String correlationId) {
        return search.flow(correlationId).map(rows -> rows.isEmpty()
                ? ApiError.response(Response.Status.NOT_FOUND, "no audit entry has correlation id '" + correlationId + "'")
                : Response.ok(rows).build());
    }

    @GET
    @Path("/export")
    @Produces({"application/x-ndjson", "text/csv", MediaType.APPLICATION_JSON})
    @Blocking
    @RolesAllowed({Roles.VIEWER, Roles.OPERATOR, Roles.ADMIN})
    @Operation(summary = "Every row the filters select, oldest first, streamed as NDJSON (format=ndjson) or CSV (format=csv) (viewer)")
    public Response export(@QueryParam("format") String format, @QueryParam("databaseId") String databaseId,
                           @QueryParam("type") String type, @QueryParam("outcome") String outcome,
                           @QueryParam("actor") String actor, @QueryParam("correlationId") String correlationId,
                           @QueryParam("from") String from, @QueryParam("to") String to) {
        ExportFormat exportFormat = ExportFormat.parse(format);
        AuditFilter filter = AuditFilter.parse(databaseId, type, outcome, actor, correlationId, from, to);
        StreamingOutput body = out -> {
            long rows = export.write(filter, exportFormat, out);
            LOG.infof("Exported %d audit rows as %s for %s", rows, exportFormat, RequestActor.of(identity));
        };
        return Response.ok(body, exportFormat.mediaType() + (exportFormat == ExportFormat.CSV ? "; charset=utf-8" : ""))
                .header("Content-Disposition", "attachment; filename=\"" + exportFormat.fileName() + "\"").build();
    }

    @GET
    @Path("/verify")
    @Blocking
    @RolesAllowed({Roles.VIEWER, Roles.OPERATOR, Roles.ADMIN})
    @Operation(summary = "Walks the hash chain: intact with its row count and head hash, or the first row where it breaks (viewer)")
    public ChainReport verify() throws Throwable {
        return verifier.verify();
    }

    @POST
    @Path("/prune")
    @RolesAllowed(Roles.ADMIN)
    @Operation(summary = "Prunes the rows older than the retention now (as the nightly run does); the prune is itself logged (admin)")
    public Uni<PruneResult> prune() {
        return retention.prune(RequestActor.of(identity));
    }

    @ServerExceptionMapper
    public Response badQuery(BadQueryException e) {
        return ApiError.response(Response.Status.BAD_REQUEST, e.getMessage());
    }
}
