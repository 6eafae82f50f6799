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

/** {@code lifeboat undelete BACKUP}: a deleted backup, still kept, listed and restorable again (admin). */
@Command(name = "undelete", mixinStandardHelpOptions = true,
        description = "Bring back a deleted backup that is still kept (lifeboat backups DB --deleted): listed and restorable again, verified again.")
public final class UndeleteCommand implements Callable<Integer> {

    private final Context root;

    @Mixin
    JsonOption json;

    @Parameters(paramLabel = "BACKUP", description = "the deleted backup's id")
    String backupId;

    public UndeleteCommand(Context root) {
        this.root = root;
    }

    @Override
    public Integer call() {
        Output output = json.output(root);
        JsonNode backup = root.api().post(Service.BACKUP, "/api/deleted-backups/" + URLEncoder.encode(backupId, StandardCharsets.UTF_8)
                + "/undelete", JsonNodeFactory.instance.objectNode());
        output.document(backup);
        output.line("Undeleted: backup " + backup.path("backupId").asText() + " of " + backup.path("databaseId").asText()
                + " (completed " + backup.path("completedAt").asText() + ") is listed and restorable again; it is verified again.");
        return ExitCodes.OK;
    }
}
