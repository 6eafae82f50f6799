package dev.lifeboat.backup.api;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.Response;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

import java.util.stream.Collectors;

/**
 * A body that is not valid JSON, has a field of the wrong type, or a field the API does not know
 * ({@code quarkus.jackson.fail-on-unknown-properties=true}) is a 400 naming the problem and the field.
 */
public class JsonBodyErrors {

    @ServerExceptionMapper
    public Response unreadable(WebApplicationException e) {
        Throwable cause = e.getCause();
        while (cause != null && !(cause instanceof JsonProcessingException)) {
            cause = cause.getCause();
        }
        return cause == null ? e.getResponse() : badJson((JsonProcessingException) cause);
    }

    /** Quarkus has its own mapper for this one, which does not say which fields are known; this one does. */
    @ServerExceptionMapper
    public Response unknownField(UnrecognizedPropertyException e) {
        return ApiError.response(Response.Status.BAD_REQUEST, "unknown field '" + e.getPropertyName()
                + "'; known fields: " + e.getKnownPropertyIds());
    }

    /** A value of the wrong type or format (Quarkus' own mapper answers without a sentence). */
    @ServerExceptionMapper
    public Response wrongValue(MismatchedInputException e) {
        if (e instanceof UnrecognizedPropertyException unknown) {
            return unknownField(unknown);
        }
        String field = e.getPath().stream().map(reference -> reference.getFieldName() != null
                ? reference.getFieldName() : "[" + reference.getIndex() + "]").collect(Collectors.joining("."));
        return ApiError.response(Response.Status.BAD_REQUEST, "request body is not valid JSON for this API: field '" + field
                + "': " + e.getOriginalMessage());
    }

    @ServerExceptionMapper
    public Response badJson(JsonProcessingException e) {
        if (e instanceof UnrecognizedPropertyException unknown) {
            return unknownField(unknown);
        }
        return ApiError.response(Response.Status.BAD_REQUEST, "request body is not valid JSON for this API: " + e.getOriginalMessage());
    }
}
