package dev.lifeboat.backup.api;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.Response;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

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

    @ServerExceptionMapper
    public Response badJson(JsonProcessingException e) {
        if (e instanceof UnrecognizedPropertyException unknown) {
            return ApiError.response(Response.Status.BAD_REQUEST, "unknown field '" + unknown.getPropertyName()
                    + "'; known fields: " + unknown.getKnownPropertyIds());
        }
        return ApiError.response(Response.Status.BAD_REQUEST, "request body is not valid JSON for this API: " + e.getOriginalMessage());
    }
}
