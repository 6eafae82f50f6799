package dev.lifeboat.verifier.api;

import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Pattern;

/** {@code POST /api/restore-tests}: which database to prove restorable now. */
public record RestoreTestBody(
        @NotBlank(message = "databaseId is required")
        @Pattern(regexp = "[a-z0-9][a-z0-9_-]{0,62}", message = "databaseId must be 1-63 characters of a-z, 0-9, '_' and '-', starting with a letter or digit")
        String databaseId) {
}
