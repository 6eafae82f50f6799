package dev.lifeboat.service.api;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import com.fasterxml.jackson.databind.exc.ValueInstantiationException;
import dev.lifeboat.events.envelope.InvalidEventException;
import jakarta.validation.ConstraintViolation;
import jakarta.validation.ConstraintViolationException;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.Response;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

import java.util.stream.Collectors;

/**
 * A request body that is not valid JSON, has a field of the wrong type, a field the API does not know
 * ({@code quarkus.jackson.fail-on-unknown-properties=true}), or breaks a rule of the contract's records
 * (e.g. an IN_PLACE target without {@code confirmed: true}) is a 400 {@link ApiError} naming the problem
 * and the field. Quarkus' own mappers for these answer without a sentence, and so do a broken validation rule
 * (another JSON shape) and an unknown path, a wrong method or media type (no body): all get the one error shape.
 */
public class JsonBodyErrors {

    @ServerExceptionMapper
    public Response unreadable(WebApplicationException e) {
        for (Throwable cause = e.getCause(); cause != null; cause = cause.getCause()) {
            if (cause instanceof JsonProcessingException json) {
                return badJson(json);
            }
        }
        Response original = e.getResponse();
        if (original.hasEntity() || original.getStatus() < 400) {
            return original;
        }
        String reason = switch (original.getStatus()) {
            case 404 -> "no such resource: the service's page lists its API's paths";
            case 405 -> "this path does not take that method" + (original.getAllowedMethods().isEmpty() ? ""
                    : "; it takes " + String.join(", ", new java.util.TreeSet<>(original.getAllowedMethods())));
            case 406 -> "this API answers in JSON (Accept: application/json)";
            case 415 -> "the request body must be JSON (Content-Type: application/json)";
            default -> e.getMessage();
        };
        return Response.fromResponse(ApiError.response(original.getStatus(), reason)).build();
    }

    /** A bean-validation rule broken by a parameter or the body: 400 with each rule's message, in the one error shape. */
    @ServerExceptionMapper
    public Response brokenRule(ConstraintViolationException e) {
        return ApiError.response(Response.Status.BAD_REQUEST, e.getConstraintViolations().stream()
                .map(ConstraintViolation::getMessage).sorted().collect(Collectors.joining("; ")));
    }

    @ServerExceptionMapper
    public Response badJson(JsonProcessingException e) {
        if (e instanceof ValueInstantiationException invalid && invalid.getCause() != null) {
            return ApiError.response(Response.Status.BAD_REQUEST, invalid.getCause().getMessage());
        }
        if (e instanceof UnrecognizedPropertyException unknown) {
            return ApiError.response(Response.Status.BAD_REQUEST, "unknown field '" + unknown.getPropertyName()
                    + "'; known fields: " + unknown.getKnownPropertyIds().stream().map(String::valueOf).sorted().toList());
        }
        if (e instanceof MismatchedInputException mismatched && !mismatched.getPath().isEmpty()) {
            String field = mismatched.getPath().stream().map(reference -> reference.getFieldName() != null
                    ? reference.getFieldName() : "[" + reference.getIndex() + "]").collect(Collectors.joining("."));
            return ApiError.response(Response.Status.BAD_REQUEST, "request body is not valid JSON for this API: field '" + field
                    + "': " + e.getOriginalMessage());
        }
        return ApiError.response(Response.Status.BAD_REQUEST, "request body is not valid JSON for this API: " + e.getOriginalMessage());
    }

    /** A request that its consumer would refuse (a text too long for the contract, a message over 1 MiB) is refused now. */
    @ServerExceptionMapper
    public Response brokenContract(InvalidEventException e) {
        return e.problem() == InvalidEventException.Problem.OVERSIZED
                ? ApiError.response(413, "the request is too large: " + e.getMessage())
                : ApiError.response(Response.Status.BAD_REQUEST, e.getMessage());
    }

    /** More specific than Quarkus' built-in mapper for this one, which answers without a reason. */
    @ServerExceptionMapper
    public Response wrongValue(MismatchedInputException e) {
        return badJson(e);
    }
}
