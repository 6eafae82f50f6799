package dev.lifeboat.events.backup;

import dev.lifeboat.events.data.Request;
import dev.lifeboat.events.data.OptionalField;

import java.util.Map;

/**
 * Asks for a backup of one registered database. A repeated {@code requestId} does nothing twice.
 *
 * @param requestId   unique id of this request, chosen by the requester; the flow's correlation id
 * @param databaseId  id of a registered database
 * @param trigger     what asked
 * @param requestedBy the person or system that asked
 * @param labels      free key/value labels copied to the backup
 */
public record BackupRequested(String requestId, String databaseId, BackupTrigger trigger, String requestedBy,
                              @OptionalField Map<String, String> labels) implements Request {

    public BackupRequested {
        labels = labels == null ? Map.of() : Map.copyOf(labels);
    }

    @Override
    public BackupRequested requestedBy(String actor) {
        return new BackupRequested(requestId, databaseId, trigger, actor, labels);
    }
}
