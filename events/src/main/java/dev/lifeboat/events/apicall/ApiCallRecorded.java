package dev.lifeboat.events.apicall;

import dev.lifeboat.events.data.EventData;
import dev.lifeboat.events.data.OptionalField;

/**
 * A call to a Lifeboat API that changed something (POST, PUT, PATCH, DELETE, whatever its answer) or was refused
 * (401, 403, any method): who made it, what it asked, what it was answered. Published by the service that answered,
 * so the audit log answers "what did alice do", refusals included. It never holds a request body, a header or a
 * token: only the method, the path and the answer's status and {@code Location}.
 *
 * @param databaseId the database the call names in its path or query ({@code /api/databases/{id}},
 *                   {@code ?databaseId=}), else the answering service's name ({@code backup-service})
 * @param actor      the token's user name; {@code anonymous} for a call without a valid token
 * @param method     the HTTP method
 * @param path       the request's path, without its query
 * @param status     the HTTP status answered
 * @param location   the answer's {@code Location}: what the call created or started (e.g. {@code /api/restores/{id}})
 */
public record ApiCallRecorded(String databaseId, String actor, String method, String path, int status,
                              @OptionalField String location) implements EventData {

    /** The actor of a call without a valid token. */
    public static final String ANONYMOUS = "anonymous";

    /** Whether the call was refused for its token (401) or its roles (403). */
    public boolean refused() {
        return status == 401 || status == 403;
    }
}
