package dev.lifeboat.restore.api;

import jakarta.ws.rs.core.Response;

/**
 * The body of every 4xx answer: what is wrong, in one sentence, and a code when there is one.
 *
 * @param code e.g. UNKNOWN_DATABASE, NO_BACKUP, INVALID_TABLES; absent for plain validation errors
 */
public record ApiError(String error, String code) {

    public static Response response(Response.Status status, String message) {
        return Response.status(status).entity(new ApiError(message, null)).build();
    }

    public static Response response(int status, String code, String message) {
        return Response.status(status).entity(new ApiError(message, code)).build();
    }
}
