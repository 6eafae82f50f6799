package dev.lifeboat.cli.backup;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.lifeboat.cli.command.Context;
import dev.lifeboat.cli.command.ExitCodes;
import dev.lifeboat.cli.command.JsonOption;
import dev.lifeboat.cli.command.WaitOptions;
import dev.lifeboat.cli.api.Service;
import dev.lifeboat.cli.output.Human;
import dev.lifeboat.cli.output.Output;
import dev.lifeboat.cli.output.ProgressBar;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;

import java.util.Optional;
import java.util.Set;
import java.util.concurrent.Callable;

/** {@code lifeboat backup DB}: a backup now, followed until it ends. */
@Command(name = "backup", mixinStandardHelpOptions = true, description = "Back up a registered database now and wait until the backup ends.")
public final class BackupCommand implements Callable<Integer> {

    private static final Set<String> ENDED = Set.of("COMPLETED", "FAILED", "RETRYING");

    private final Context root;

    @Mixin
    JsonOption json;

    @Parameters(paramLabel = "DB", description = "the database's id in the registry (lifeboat status lists them)")
    String databaseId;

    @Mixin
    WaitOptions waiting;

    public BackupCommand(Context root) {
        this.root = root;
    }

    @Override
    public Integer call() {
        Output output = json.output(root);
        ObjectNode body = JsonNodeFactory.instance.objectNode().put("databaseId", databaseId);
        JsonNode accepted = root.api().post(Service.BACKUP, "/api/backups", body);
        String requestId = accepted.path("requestId").asText();
        output.line("Backup of " + databaseId + " requested: " + requestId);
        Optional<JsonNode> followed = waiting.follow(root, output, accepted, Service.BACKUP, "/api/backups/requests/" + requestId, ENDED,
                new ProgressBar(output)::show);
        if (followed.isEmpty()) {
            return ExitCodes.OK;
        }
        JsonNode request = followed.get();
        String status = request.path("status").asText();
        switch (status) {
            case "COMPLETED" -> {
                JsonNode backup = root.api().get(Service.BACKUP, "/api/backups/" + request.path("backupId").asText()).path("backup");
                output.line("Completed: backup " + backup.path("backupId").asText() + ", " + Human.size(backup.path("sizeBytes").asLong())
                        + " in " + Human.millis(backup.path("durationMs").asLong()) + (backup.path("encrypted").asBoolean() ? ", encrypted" : ""));
                return ExitCodes.OK;
            }
            case "FAILED", "RETRYING" -> {
                output.line((status.equals("FAILED") ? "Failed" : "Failed, to be tried again") + " (" + request.path("lastErrorCode").asText()
                        + "): " + request.path("lastError").asText() + (status.equals("RETRYING")
                        ? "\nFollow it with: lifeboat backups " + databaseId : ""));
                return ExitCodes.NOT_OK;
            }
            default -> {
                output.line(waiting.stillRunning(status, "lifeboat backups " + databaseId));
                return ExitCodes.NOT_OK;
            }
        }
    }
}
