package dev.lifeboat.cli.deadletters;

import com.fasterxml.jackson.databind.JsonNode;
import dev.lifeboat.cli.api.Service;
import dev.lifeboat.cli.audit.AuditCommand;
import dev.lifeboat.cli.command.Context;
import dev.lifeboat.cli.command.ExitCodes;
import dev.lifeboat.cli.command.JsonOption;
import dev.lifeboat.cli.output.Output;
import dev.lifeboat.cli.output.Table;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.util.concurrent.Callable;

/** {@code lifeboat dead-letters}: the messages consumers dead-lettered, newest first, each with its reason. */
@Command(name = "dead-letters", mixinStandardHelpOptions = true, subcommands = ReplayCommand.class,
        description = "List the messages a consumer dead-lettered, newest first, with the reason; send one again with"
                + " 'lifeboat dead-letters replay SEQ' once its cause is mended.")
public final class DeadLettersCommand implements Callable<Integer> {

    private final Context root;

    @Mixin
    JsonOption json;

    @Option(names = "--limit", defaultValue = "50", description = "how many at most, 1 to 1000 (default ${DEFAULT-VALUE})")
    int limit;

    public DeadLettersCommand(Context root) {
        this.root = root;
    }

    @Override
    public Integer call() {
        Output output = json.output(root);
        JsonNode entries = root.api().get(Service.AUDIT, "/api/audit?outcome=DEAD_LETTERED&limit=" + limit).path("entries");
        output.document(entries);
        Table table = new Table("SEQ", "WHEN", "WHAT", "DATABASE", "REASON");
        for (JsonNode entry : entries) {
            table.row(entry.path("seq").asText(), entry.path("occurredAt").asText(), what(entry), entry.path("databaseId").asText("-"),
                    entry.path("detail").asText(""));
        }
        if (table.isEmpty()) {
            output.line("No message was dead-lettered.");
        } else {
            output.table(table);
            output.line("Send one again once its cause is mended (admin): lifeboat dead-letters replay <seq>");
        }
        return ExitCodes.OK;
    }

    /** {@code dev.lifeboat.backup.completed.v1} as {@code backup.completed}; an unreadable message as such. */
    private static String what(JsonNode entry) {
        boolean readable = entry.path("eventId").isTextual();
        return readable ? AuditCommand.shortType(entry.path("type").asText()) : "unreadable";
    }
}
