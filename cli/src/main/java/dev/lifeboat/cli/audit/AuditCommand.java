package dev.lifeboat.cli.audit;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import dev.lifeboat.cli.command.Context;
import dev.lifeboat.cli.command.ExitCodes;
import dev.lifeboat.cli.command.JsonOption;
import dev.lifeboat.cli.api.Service;
import dev.lifeboat.cli.output.Output;
import dev.lifeboat.cli.output.Table;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.Callable;

/** {@code lifeboat audit --flow ID | --actor NAME | --database DB}: the audit log, as a table. */
@Command(name = "audit", mixinStandardHelpOptions = true,
        description = "Show the audit log: one flow from request to end (--flow), what someone did (--actor), or a database's history (--database).")
public final class AuditCommand implements Callable<Integer> {

    private final Context root;

    @Mixin
    JsonOption json;

    @ArgGroup(exclusive = true, multiplicity = "1")
    Filter filter;

    static final class Filter {
        @Option(names = "--flow", paramLabel = "ID", description = "a correlation id: a backup's request id, a restore id or a restore test id")
        String flow;

        @Option(names = "--actor", paramLabel = "NAME", description = "who asked (the token's user)")
        String actor;

        @Option(names = "--database", paramLabel = "DB", description = "a database's id")
        String databaseId;
    }

    @Option(names = "--limit", defaultValue = "50", description = "how many entries at most, newest first (not for --flow; default ${DEFAULT-VALUE})")
    int limit;

    public AuditCommand(Context root) {
        this.root = root;
    }

    @Override
    public Integer call() {
        Output output = json.output(root);
        JsonNode entries;
        if (filter.flow != null) {
            entries = root.api().get(Service.AUDIT, "/api/audit/flows/" + URLEncoder.encode(filter.flow, StandardCharsets.UTF_8).replace("+", "%20"));
        } else {
            String query = filter.actor != null ? "actor=" + encode(filter.actor) : "databaseId=" + encode(filter.databaseId);
            entries = root.api().get(Service.AUDIT, "/api/audit?" + query + "&limit=" + limit).path("entries");
        }
        output.document(entries.isArray() ? entries : JsonNodeFactory.instance.arrayNode());
        Table table = new Table("WHEN", "WHAT", "DATABASE", "OUTCOME", "WHO", "DETAIL");
        for (JsonNode entry : entries) {
            table.row(entry.path("occurredAt").asText(), shortType(entry.path("type").asText()), entry.path("databaseId").asText("-"),
                    entry.path("outcome").asText("-"), entry.path("actor").asText("-"), entry.path("detail").asText(""));
        }
        if (table.isEmpty()) {
            output.line("No audit entry matches.");
        } else {
            output.table(table);
        }
        return ExitCodes.OK;
    }

    /** {@code dev.lifeboat.restore.completed.v1} as {@code restore.completed}. */
    public static String shortType(String type) {
        String shorter = type.startsWith("dev.lifeboat.") ? type.substring("dev.lifeboat.".length()) : type;
        return shorter.replaceFirst("\\.v\\d+$", "");
    }

    private static String encode(String text) {
        return URLEncoder.encode(text, StandardCharsets.UTF_8);
    }
}
