package dev.lifeboat.cli.pointintime;

import com.fasterxml.jackson.databind.JsonNode;
import dev.lifeboat.cli.api.Service;
import dev.lifeboat.cli.command.Context;
import dev.lifeboat.cli.command.ExitCodes;
import dev.lifeboat.cli.command.JsonOption;
import dev.lifeboat.cli.output.Human;
import dev.lifeboat.cli.output.Output;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;

/**
 * {@code lifeboat changes DB}: the database's captured transactions, a line each (when it committed, its position, what it
 * did to which table; large ones marked, DDL in full), to find the moment something went wrong and restore to just before
 * it.
 */
@Command(name = "changes", mixinStandardHelpOptions = true,
        description = {"Show what each captured transaction of a database did, and when: find the moment something went wrong,",
                "then restore to just before it (the line after the list says how)."})
public final class ChangesCommand implements Callable<Integer> {

    /** A transaction that touched at least this many rows, or truncated a table, is marked. */
    static final long LARGE = 1_000;

    private final Context root;

    @Mixin
    JsonOption json;

    @Parameters(paramLabel = "DB", description = "the database's id in the registry")
    String databaseId;

    @Option(names = "--since", paramLabel = "AGO", defaultValue = "1h", converter = SinceConverter.class,
            description = "how far back: 90s, 30m, 2h, 1d (default ${DEFAULT-VALUE})")
    Duration since;

    @Option(names = "--from", paramLabel = "TIME", converter = MomentConverter.class,
            description = "from this moment (in place of --since): 2026-11-24T10:15:03Z, 2026-11-24T11:15:03[Europe/Berlin]")
    Instant from;

    @Option(names = "--until", paramLabel = "TIME", converter = MomentConverter.class, description = "up to this moment (default: now)")
    Instant until;

    @Option(names = "--table", paramLabel = "TABLE", description = "only what touched this table (schema.table; a bare name is public's)")
    String table;

    @Option(names = "--kind", paramLabel = "KIND", description = "only transactions that did this: insert, update, delete, truncate, schema")
    String kind;

    @Option(names = "--min-rows", paramLabel = "N", defaultValue = "0", description = "only transactions that touched at least N rows")
    long minRows;

    @Option(names = "--largest", description = "the largest first (by rows inserted, updated and deleted), not in commit order")
    boolean largest;

    @Option(names = "--limit", paramLabel = "N", defaultValue = "50", description = "how many (1 to 1000, default ${DEFAULT-VALUE})")
    int limit;

    @Option(names = "--after", paramLabel = "LSN", description = "the next page: the position the last one ended at")
    String after;

    public ChangesCommand(Context root) {
        this.root = root;
    }

    @Override
    public Integer call() {
        Output output = json.output(root);
        Instant to = until != null ? until : root.clock().instant();
        Instant start = from != null ? from : to.minus(since);
        StringBuilder query = new StringBuilder("/api/databases/").append(encode(databaseId)).append("/changes?from=")
                .append(start).append("&to=").append(to).append("&order=").append(largest ? "rows" : "time")
                .append("&limit=").append(limit).append("&minRows=").append(minRows);
        filter(query, "table", table);
        filter(query, "kind", kind);
        filter(query, "after", after);
        JsonNode page = root.api().get(Service.BACKUP, query.toString());
        output.document(page);
        JsonNode transactions = page.path("transactions");
        output.line(databaseId + ": " + Human.count(transactions.size(), "transaction") + " from " + start + " to " + to
                + (largest ? ", the largest first" : ", in commit order"));
        for (JsonNode transaction : transactions) {
            lines(transaction).forEach(output::line);
        }
        if (page.path("next").isTextual()) {
            output.line("More: lifeboat changes " + databaseId + " --from " + start + " --until " + to + " --after "
                    + page.path("next").asText());
        }
        if (!transactions.isEmpty()) {
            output.line("Undo one: lifeboat restore " + databaseId + " --before " + transactions.get(0).path("lsn").asText() + " --new "
                    + databaseId.replaceAll("[^A-Za-z0-9_]", "_") + "_before   (the database just before the first one listed)");
        }
        return ExitCodes.OK;
    }

    /** A transaction's line, and its DDL commands in full under it. */
    static List<String> lines(JsonNode transaction) {
        List<String> what = new ArrayList<>();
        boolean large = transaction.path("rowsTouched").asLong() >= LARGE;
        for (Iterator<Map.Entry<String, JsonNode>> tables = transaction.path("tables").fields(); tables.hasNext(); ) {
            Map.Entry<String, JsonNode> table = tables.next();
            List<String> rows = new ArrayList<>();
            for (String change : List.of("inserted", "updated", "deleted")) {
                long count = table.getValue().path(change).asLong();
                if (count > 0) {
                    rows.add(String.format(Locale.ROOT, "%,d %s", count, change));
                }
            }
            if (table.getValue().path("truncated").asBoolean()) {
                rows.add("TRUNCATED");
                large = true;
            }
            what.add(table.getKey() + " " + String.join(", ", rows));
        }
        JsonNode commands = transaction.path("schemaChanges");
        if (!commands.isEmpty()) {
            what.add(0, "DDL" + (transaction.path("role").isTextual() ? " by " + transaction.path("role").asText() : ""));
        }
        List<String> lines = new ArrayList<>();
        lines.add(String.format(Locale.ROOT, "%-27s %-12s xid %-10s %s %s", transaction.path("committedAt").asText(),
                transaction.path("lsn").asText(), transaction.path("xid").asText(), large ? ">>" : "  ", String.join("; ", what)));
        for (JsonNode command : commands) {
            lines.add("    " + command.path("statement").asText().strip().replace("\n", "\n    ")
                    + (command.path("notReplayable").isTextual() ? "\n    (not replayable: " + command.path("notReplayable").asText() + ")" : ""));
        }
        return lines;
    }

    private static String encode(String text) {
        return URLEncoder.encode(text, StandardCharsets.UTF_8);
    }

    private static void filter(StringBuilder query, String name, String value) {
        if (value != null && !value.isEmpty()) {
            query.append('&').append(name).append('=').append(encode(value));
        }
    }
}
