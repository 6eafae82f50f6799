package dev.lifeboat.events.restore;

import dev.lifeboat.events.data.EventData;

import java.util.List;

/** A restore finished and passed validation. */
public record RestoreCompleted(String restoreId, String databaseId, String backupId, RestoreTarget.Kind targetKind,
                               String targetDatabase, long durationMs, long rowsRestored,
                               List<ValidationResult> validations) implements EventData {

    public RestoreCompleted {
        validations = List.copyOf(validations);
    }
}
