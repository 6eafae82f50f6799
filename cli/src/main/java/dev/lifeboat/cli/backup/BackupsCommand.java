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

/** {@code lifeboat backups DB}: the database's backups, newest first; {@code --deleted}: those deleted and not yet purged. */
@Command(name = "backups", mixinStandardHelpOptions = true,
        description = "List a database's backups, newest first; with --deleted, its deleted backups kept until they are purged.")
public final class BackupsCommand implements Callable<Integer> {

    private final Context root;

    @Mixin
    JsonOption json;

    @Parameters(paramLabel = "DB", description = "the database's id in the registry")
    String databaseId;

    @Option(names = "--limit", defaultValue = "20", description = "how many (1 to 500, default ${DEFAULT-VALUE})")
    int limit;

    @Option(names = "--deleted", description = "the deleted backups not yet purged: who deleted each, why, and until when `lifeboat undelete` can bring it back")
    boolean deleted;

    public BackupsCommand(Context root) {
        this.root = root;
    }

    @Override
    public Integer call() {
        Output output = json.output(root);
        if (deleted) {
            return listDeleted(output);
        }
        JsonNode page = root.api().get(Service.BACKUP, "/api/backups?databaseId=" + URLEncoder.encode(databaseId, StandardCharsets.UTF_8)
                + "&size=" + limit);
        output.document(page);
        Instant now = root.clock().instant();
        Table table = new Table("BACKUP", "COMPLETED", "AGE", "SIZE", "TOOK", "TRIGGER", "ENCRYPTED", "VERIFIED", "SECOND COPY");
        for (JsonNode backup : page.path("items")) {
            Instant completed = Instant.parse(backup.path("completedAt").asText());
            table.row(backup.path("backupId").asText(), completed.toString(), Human.age(completed, now),
                    Human.size(backup.path("sizeBytes").asLong()), Human.millis(backup.path("durationMs").asLong()),
                    backup.path("trigger").asText(), backup.path("encrypted").asBoolean() ? "yes" : "no",
                    backup.path("verification").asText("UNVERIFIED").toLowerCase(java.util.Locale.ROOT),
                    backup.path("copiedAt").isTextual() ? Human.age(Instant.parse(backup.path("copiedAt").asText()), now) : "-");
        }
        if (table.isEmpty()) {
            output.line(databaseId + " has no backup yet: lifeboat backup " + databaseId);
        } else {
            output.table(table);
            output.line(Human.count(page.path("total").asLong(), "backup") + " in all");
        }
        return ExitCodes.OK;
    }

    private Integer listDeleted(Output output) {
        JsonNode deletedBackups = root.api().get(Service.BACKUP, "/api/deleted-backups?databaseId=" + URLEncoder.encode(databaseId, StandardCharsets.UTF_8));
        output.document(deletedBackups);
        Table table = new Table("BACKUP", "COMPLETED", "DELETED", "BY", "WHY", "UNDELETE UNTIL");
        for (JsonNode deleted : deletedBackups) {
            JsonNode backup = deleted.path("backup");
            table.row(backup.path("backupId").asText(), backup.path("completedAt").asText(), deleted.path("deletedAt").asText(),
                    deleted.path("deletedBy").asText("-"), deleted.path("reason").asText("-"),
                    deleted.path("purging").asBoolean() ? "being purged" : deleted.path("purgeAfter").asText());
        }
        if (table.isEmpty()) {
            output.line(databaseId + " has no deleted backup kept");
        } else {
            output.table(table);
            output.line("Bring one back: lifeboat undelete <backup>");
        }
        return ExitCodes.OK;
    }
}
