package dev.lifeboat.backup.api;

import jakarta.ws.rs.core.Response;

/** The body of every 4xx answer: what is wrong, in one sentence. */
public record ApiError(String error) {

    public static Response response(Response.Status status, String message) {
        return response(status.getStatusCode(), message);
    }

    public static Response response(int status, String message) {
        return Response.status(status).entity(new ApiError(message)).type("application/json").build();
    }
}
