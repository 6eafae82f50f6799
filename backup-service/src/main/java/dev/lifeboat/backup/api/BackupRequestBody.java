package dev.lifeboat.backup.api;

import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;

import java.util.Map;

/**
 * Body of {@code POST /api/backups}.
 *
 * @param databaseId id of the database to back up
 * @param labels     optional labels copied to the backup
 */
public record BackupRequestBody(
        @NotBlank(message = "databaseId is required")
        @Pattern(regexp = "[a-z0-9][a-z0-9_-]{0,62}", message = "databaseId must be 1-63 characters of a-z, 0-9, '_' and '-', starting with a letter or digit")
        String databaseId,
        @Size(max = 32, message = "at most 32 labels") Map<String, String> labels) {
}
