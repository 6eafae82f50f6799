package dev.lifeboat.service.api;

import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

/**
 * The body of every error answer of every Lifeboat API (4xx, and the 401/403 of a missing or refused token):
 * {@code {"error": "what is wrong, in one sentence", "code": "WHAT_KIND"}}. {@code code} is never null: a
 * specific one when the caller names it (e.g. {@code UNKNOWN_DATABASE}, {@code NO_BACKUP}), else one that
 * follows from the status ({@link #codeOf(int)}).
 */
public record ApiError(String error, String code) {

    public ApiError {
        code = code == null ? "ERROR" : code;
    }

    public static Response response(Response.Status status, String message) {
        return response(status.getStatusCode(), message);
    }

    public static Response response(int status, String message) {
        return response(status, codeOf(status), message);
    }

    public static Response response(int status, String code, String message) {
        return Response.status(status).type(MediaType.APPLICATION_JSON).entity(new ApiError(message, code == null ? codeOf(status) : code)).build();
    }

    /** The code of an answer whose caller named none: it says the kind of failure the status stands for. */
    public static String codeOf(int status) {
        return switch (status) {
            case 400 -> "INVALID_REQUEST";
            case 401 -> "UNAUTHENTICATED";
            case 403 -> "FORBIDDEN";
            case 404 -> "NOT_FOUND";
            case 405 -> "METHOD_NOT_ALLOWED";
            case 409 -> "CONFLICT";
            case 413 -> "TOO_LARGE";
            case 415 -> "UNSUPPORTED_MEDIA_TYPE";
            case 422 -> "UNPROCESSABLE";
            case 503 -> "UNAVAILABLE";
            default -> "HTTP_" + status;
        };
    }
}
