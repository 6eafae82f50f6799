package dev.lifeboat.cli.backup;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import dev.lifeboat.cli.api.Service;
import dev.lifeboat.cli.command.Context;
import dev.lifeboat.cli.command.ExitCodes;
import dev.lifeboat.cli.command.JsonOption;
import dev.lifeboat.cli.output.Output;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.Callable;

/**
 * {@code lifeboat purge BACKUP}: a deleted backup's objects gone now, before its time to be kept has passed (admin); a
 * database's last verified backup only when a second admin asks too.
 */
@Command(name = "purge", mixinStandardHelpOptions = true,
        description = "Purge a deleted backup now (admin): its objects are gone for good. A database's last verified backup needs a second admin to run it too.")
public final class PurgeCommand implements Callable<Integer> {

    private final Context root;

    @Mixin
    JsonOption json;

    @Parameters(paramLabel = "BACKUP", description = "the deleted backup's id (lifeboat backups DB --deleted)")
    String backupId;

    public PurgeCommand(Context root) {
        this.root = root;
    }

    @Override
    public Integer call() {
        Output output = json.output(root);
        JsonNode answer = root.api().post(Service.BACKUP, "/api/deleted-backups/" + URLEncoder.encode(backupId, StandardCharsets.UTF_8)
                + "/purge", JsonNodeFactory.instance.objectNode());
        output.document(answer);
        if (answer.path("purged").asBoolean()) {
            output.line("Purged: backup " + backupId + " is gone for good.");
            return ExitCodes.OK;
        }
        output.line("Not purged yet: backup " + backupId + " is " + answer.path("awaiting").asText() + " (asked by "
                + answer.path("requestedBy").asText() + ").");
        return ExitCodes.NOT_OK;
    }
}
