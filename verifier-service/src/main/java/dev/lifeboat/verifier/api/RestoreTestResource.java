package dev.lifeboat.verifier.api;

import dev.lifeboat.service.api.RequestActor;
import dev.lifeboat.service.api.Roles;
import dev.lifeboat.service.api.UnknownDatabase;
import dev.lifeboat.service.api.ApiError;
import dev.lifeboat.service.api.Page;
import java.time.Clock;
import dev.lifeboat.verifier.freshness.WatchedDatabases;
import dev.lifeboat.verifier.restoretest.RestoreTestWorker;
import dev.lifeboat.verifier.restoretest.RestoreTests;
import dev.lifeboat.archive.bucket.BucketObjects;
import dev.lifeboat.verifier.verification.VerificationQueue;
import io.quarkus.security.identity.SecurityIdentity;
import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.infrastructure.Infrastructure;
import jakarta.annotation.security.RolesAllowed;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import jakarta.ws.rs.Consumes;
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

import java.io.IOException;
import java.net.URI;
import java.util.Map;

/** Restore tests: ask for one now, list them, read one and its Markdown report. */
@Path("/api/restore-tests")
@Tag(name = "restore tests")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
public class RestoreTestResource {

    private final RestoreTests tests;
    private final WatchedDatabases watched;
    private final VerificationQueue verifications;
    private final RestoreTestWorker worker;
    private final BucketObjects objects;
    private final SecurityIdentity identity;
    private final Clock clock;

    public RestoreTestResource(RestoreTests tests, WatchedDatabases watched, VerificationQueue verifications, RestoreTestWorker worker,
                               BucketObjects objects, SecurityIdentity identity, Clock clock) {
        this.tests = tests;
        this.watched = watched;
        this.verifications = verifications;
        this.worker = worker;
        this.objects = objects;
        this.identity = identity;
        this.clock = clock;
    }

    @POST
    @RolesAllowed({Roles.OPERATOR, Roles.ADMIN})
    @Operation(summary = "Test a restore of the newest verified backup now (operator)",
            description = "404 UNKNOWN_DATABASE when the database is neither registered nor backed up (naming the closest ids), "
                    + "422 when no backup of it is verified yet; else 202 with the test id.")
    public Uni<Response> request(@Valid @NotNull(message = "a JSON body is required") RestoreTestBody body) {
        return watched.find(body.databaseId()).flatMap(database -> {
            if (database == null) {
                return watched.ids().map(ids -> UnknownDatabase.response(body.databaseId(), ids));
            }
            return verifications.list(body.databaseId(), "PASSED", 0, 1).flatMap(passed -> passed.items().isEmpty()
                    ? Uni.createFrom().item(ApiError.response(422,
                    "no backup of '" + body.databaseId() + "' is verified yet; a restore test restores the newest verified one"))
                    : tests.request(body.databaseId(), RequestActor.of(identity), clock.instant()).map(test -> {
                        worker.wakeUp();
                        return Response.accepted(Map.of("testId", test.testId, "status", test.status))
                                .location(URI.create("/api/restore-tests/" + test.testId)).build();
                    }));
        });
    }

    @GET
    @RolesAllowed({Roles.VIEWER, Roles.OPERATOR, Roles.ADMIN})
    @Operation(summary = "Restore tests, newest first, filtered by database, paged (viewer)",
            description = "Answers {items, page, size, total}: one page (page from 0, size 1-500, default 50) and how many restore tests match in all.")
    public Uni<Page<RestoreTestView>> list(@QueryParam("databaseId") String databaseId,
            @QueryParam("page") @DefaultValue("0") @Min(value = 0, message = "page must be 0 or more") int page,
            @QueryParam("size") @DefaultValue("50") @Min(value = 1, message = "size must be 1 to 500")
            @Max(value = 500, message = "size must be 1 to 500") int size) {
        return tests.list(databaseId, page, size).map(rows -> rows.map(RestoreTestView::of));
    }

    @GET
    @Path("/{testId}")
    @RolesAllowed({Roles.VIEWER, Roles.OPERATOR, Roles.ADMIN})
    @Operation(summary = "One restore test: its state, backup, measured RTO and RPO, checks and report key (viewer)")
    public Uni<Response> test(@PathParam("testId") String testId) {
        return tests.find(testId).map(test -> test == null ? notFound(testId) : Response.ok(RestoreTestView.of(test)).build());
    }

    @GET
    @Path("/{testId}/report")
    @Produces({"text/markdown", MediaType.APPLICATION_JSON})
    @RolesAllowed({Roles.VIEWER, Roles.OPERATOR, Roles.ADMIN})
    @Operation(summary = "A finished restore test's Markdown report, as stored in the bucket (viewer)")
    public Uni<Response> report(@PathParam("testId") String testId) {
        return tests.find(testId).flatMap(test -> {
            if (test == null) {
                return Uni.createFrom().item(notFound(testId));
            }
            if (test.reportKey == null) {
                return Uni.createFrom().item(ApiError.response(Response.Status.CONFLICT, "restore test " + testId + " is " + test.status
                        + (test.finishedAt == null ? "; its report is written when it ends" : " and has no stored report: " + test.error)));
            }
            return Uni.createFrom().item(() -> {
                try {
                    return Response.ok(objects.text(test.reportKey), "text/markdown; charset=utf-8").build();
                } catch (IOException e) {
                    return ApiError.response(Response.Status.BAD_GATEWAY, "cannot read the report: " + e.getMessage());
                }
            }).runSubscriptionOn(Infrastructure.getDefaultWorkerPool());
        });
    }

    private static Response notFound(String testId) {
        return ApiError.response(Response.Status.NOT_FOUND, "no restore test with id '" + testId + "'");
    }
}
