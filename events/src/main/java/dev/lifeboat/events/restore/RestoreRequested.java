package dev.lifeboat.events.restore;

import dev.lifeboat.events.data.Request;

/**
 * Asks for a restore. A repeated {@code restoreId} does nothing twice.
 *
 * @param restoreId    unique id, chosen by the requester; the flow's correlation id
 * @param safetyBackup take a {@code PRE_RESTORE} backup of the live database first (IN_PLACE and TABLES into it)
 */
public record RestoreRequested(String restoreId, String databaseId, RestoreSource source, RestoreTarget target,
                               boolean safetyBackup, String requestedBy) implements Request {

    @Override
    public RestoreRequested requestedBy(String actor) {
        return new RestoreRequested(restoreId, databaseId, source, target, safetyBackup, actor);
    }
}
