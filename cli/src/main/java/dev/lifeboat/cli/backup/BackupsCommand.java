package dev.lifeboat.cli.backup;

import com.fasterxml.jackson.databind.JsonNode;
import dev.lifeboat.cli.command.Context;
import dev.lifeboat.cli.command.ExitCodes;
import dev.lifeboat.cli.command.JsonOption;
import dev.lifeboat.cli.api.Service;
import dev.lifeboat.cli.output.Human;
import dev.lifeboat.cli.output.Output;
import dev.lifeboat.cli.output.Table;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.concurrent.Callable;

/** {@code lifeboat backups DB}: the database's backups, newest first. */
@Command(name = "backups", mixinStandardHelpOptions = true, description = "List a database's backups, newest first.")
public final class BackupsCommand implements Callable<Integer> {

    private final Context root;

    @Mixin
    JsonOption json;

    @Parameters(paramLabel = "DB", description = "the database's id in the registry")
    String databaseId;

    @Option(names = "--limit", defaultValue = "20", description = "how many (1 to 500, default ${DEFAULT-VALUE})")
    int limit;

    public BackupsCommand(Context root) {
        this.root = root;
    }

    @Override
    public Integer call() {
        Output output = json.output(root);
        JsonNode page = root.api().get(Service.BACKUP, "/api/backups?databaseId=" + URLEncoder.encode(databaseId, StandardCharsets.UTF_8)
                + "&size=" + limit);
        output.document(page);
        Instant now = root.clock().instant();
        Table table = new Table("BACKUP", "COMPLETED", "AGE", "SIZE", "TOOK", "TRIGGER", "ENCRYPTED", "VERIFIED");
        for (JsonNode backup : page.path("items")) {
            Instant completed = Instant.parse(backup.path("completedAt").asText());
            table.row(backup.path("backupId").asText(), completed.toString(), Human.age(completed, now),
                    Human.size(backup.path("sizeBytes").asLong()), Human.millis(backup.path("durationMs").asLong()),
                    backup.path("trigger").asText(), backup.path("encrypted").asBoolean() ? "yes" : "no",
                    backup.path("verification").asText("UNVERIFIED").toLowerCase(java.util.Locale.ROOT));
        }
        if (table.isEmpty()) {
            output.line(databaseId + " has no backup yet: lifeboat backup " + databaseId);
        } else {
            output.table(table);
            output.line(Human.count(page.path("total").asLong(), "backup") + " in all");
        }
        return ExitCodes.OK;
    }
}
