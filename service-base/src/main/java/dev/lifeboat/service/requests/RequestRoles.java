package dev.lifeboat.service.requests;

import dev.lifeboat.events.backup.BackupRequested;
import dev.lifeboat.events.data.Request;
import dev.lifeboat.events.restore.RestoreRequested;
import dev.lifeboat.service.api.Roles;

import java.util.Map;
import java.util.Set;

/**
 * The roles a request of each kind needs on Kafka: the roles its API call needs ({@code POST /api/backups},
 * {@code POST /api/restores}), so neither door lets in whom the other refuses (a test holds the API's
 * {@code @RolesAllowed} to this table).
 */
public final class RequestRoles {

    private static final Map<Class<? extends Request>, Set<String>> NEEDED = Map.of(
            BackupRequested.class, Set.of(Roles.OPERATOR, Roles.ADMIN),
            RestoreRequested.class, Set.of(Roles.ADMIN));

    private RequestRoles() {
    }

    /** The roles of which a request of this kind needs one. */
    public static Set<String> of(Class<? extends Request> kind) {
        Set<String> roles = NEEDED.get(kind);
        if (roles == null) {
            throw new IllegalArgumentException("no roles are set for " + kind.getSimpleName());
        }
        return roles;
    }
}
