package dev.lifeboat.restore.api;

import dev.lifeboat.events.restore.RestoreSource;
import dev.lifeboat.events.restore.RestoreTarget;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;

/**
 * Body of {@code POST /api/restores}. The source and target are the contract's own records, so the
 * same rules apply to the API and to {@code RestoreRequested} events (e.g. IN_PLACE needs {@code confirmed: true}).
 *
 * @param safetyBackup take a PRE_RESTORE backup of the live database first; default true
 */
public record RestoreRequestBody(
        @NotBlank(message = "databaseId is required")
        @Pattern(regexp = "[a-z0-9][a-z0-9_-]{0,62}", message = "databaseId must be 1-63 characters of a-z, 0-9, '_' and '-', starting with a letter or digit")
        String databaseId,
        @NotNull(message = "source is required") @Valid RestoreSource source,
        @NotNull(message = "target is required") @Valid RestoreTarget target,
        Boolean safetyBackup) {
}
