package dev.lifeboat.cli.deadletters;

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

import java.util.concurrent.Callable;

/** {@code lifeboat dead-letters replay SEQ}: a dead letter published again on its topic (admin). */
@Command(name = "replay", mixinStandardHelpOptions = true,
        description = "Publish a dead letter again on its topic, with its own id: the consumers that took it ignore it, the one that"
                + " dead-lettered it takes it now. Only a BackupCompleted is sent again; ask for a request again (admin).")
public final class ReplayCommand implements Callable<Integer> {

    private final Context root;

    @Mixin
    JsonOption json;

    @Parameters(paramLabel = "SEQ", description = "the dead letter's row in the audit log (the SEQ 'lifeboat dead-letters' shows)")
    long seq;

    public ReplayCommand(Context root) {
        this.root = root;
    }

    @Override
    public Integer call() {
        Output output = json.output(root);
        JsonNode replayed = root.api().post(Service.AUDIT, "/api/dead-letters/" + seq + "/replay", JsonNodeFactory.instance.objectNode());
        output.document(replayed);
        output.line("Replayed: " + replayed.path("type").asText() + " " + replayed.path("eventId").asText() + " is published again on "
                + replayed.path("topic").asText() + ".");
        return ExitCodes.OK;
    }
}
