package dev.lifeboat.restore.api;

import com.fasterxml.jackson.core.JsonParseException;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.exc.ValueInstantiationException;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.Response;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

/**
 * A request body that is not valid JSON, or that breaks a rule of the contract's records (e.g. an
 * IN_PLACE target without {@code confirmed: true}), is a 400 whose {@code error} says why.
 */
public class JsonBodyErrors {

    @ServerExceptionMapper
    public Response unreadableBody(WebApplicationException e) {
        for (Throwable cause = e.getCause(); cause != null; cause = cause.getCause()) {
            if (cause instanceof ValueInstantiationException invalid && invalid.getCause() != null) {
                return ApiError.response(Response.Status.BAD_REQUEST, invalid.getCause().getMessage());
            }
            if (cause instanceof JsonProcessingException unreadable) {
                return ApiError.response(Response.Status.BAD_REQUEST, "request body is not valid: " + unreadable.getOriginalMessage());
            }
        }
        return e.getResponse();
    }

    /** More specific than Quarkus' built-in mappers for these two, which answer without a reason. */
    @ServerExceptionMapper({JsonParseException.class, MismatchedInputException.class})
    public Response unparsableBody(JsonProcessingException e) {
        return ApiError.response(Response.Status.BAD_REQUEST, "request body is not valid: " + e.getOriginalMessage());
    }
}
