package dev.lifeboat.verifier.api;

import jakarta.ws.rs.core.Response;

/** The body of every 4xx answer: what is wrong, in one sentence. */
public record ApiError(String error) {

    public static Response of(Response.Status status, String message) {
        return of(status.getStatusCode(), message);
    }

    public static Response of(int status, String message) {
        return Response.status(status).entity(new ApiError(message)).build();
    }
}
