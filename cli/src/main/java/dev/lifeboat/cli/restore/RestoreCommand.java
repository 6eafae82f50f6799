package dev.lifeboat.cli.restore;

import com.fasterxml.jackson.databind.JsonNode;
import dev.lifeboat.cli.command.Context;
import dev.lifeboat.cli.command.ExitCodes;
import dev.lifeboat.cli.command.JsonOption;
import dev.lifeboat.cli.command.WaitOptions;
import dev.lifeboat.cli.api.Service;
import dev.lifeboat.cli.output.Human;
import dev.lifeboat.cli.output.Output;
import dev.lifeboat.cli.pointintime.MomentConverter;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.Callable;

/** {@code lifeboat restore DB --new NAME | --in-place --yes | --tables T...}: a restore, its steps shown as they run. */
@Command(name = "restore", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Restore a database from its backups and wait, showing each step as it runs:",
                "into a new database (--new NAME), in place of the live one (--in-place --yes:",
                "the live one is kept aside, renamed), or chosen tables (--tables, into the",
                "live database or --new NAME). The backup is the latest unless --backup says;",
                "--at TIME restores to that second: the backup before it, and the changes",
                "captured after it replayed up to TIME; --before LSN (or XID) to just",
                "before one transaction (lifeboat changes DB shows both)."},
        footer = {"%nExamples:",
                "  lifeboat restore orders-db --new orders_copy",
                "  lifeboat window orders-db          (the seconds --at can reach)",
                "  lifeboat restore orders-db --at 2026-11-24T10:15:03Z --new orders_then",
                "  lifeboat restore orders-db --at 2026-11-24T11:15:03+01:00 --new orders_then",
                "  lifeboat restore orders-db --at '2026-11-24T11:15:03[Europe/Berlin]' \\",
                "      --new orders_then              (a wall-clock time in a zone)",
                "  lifeboat changes orders-db --since 30m --largest   (find the bad transaction)",
                "  lifeboat restore orders-db --before 0/3A2F000 --new orders_before",
                "  lifeboat restore orders-db --before 5126 --new orders_before      (by its xid)"})
public final class RestoreCommand implements Callable<Integer> {

    private static final Set<String> ENDED = Set.of("COMPLETED", "FAILED", "ROLLED_BACK");

    private final Context root;

    @Spec
    CommandSpec spec;

    @Mixin
    JsonOption json;

    @Parameters(paramLabel = "DB", description = "the database's id in the registry")
    String databaseId;

    @Option(names = "--new", paramLabel = "NAME", description = "restore into a new database of this name")
    String newDatabase;

    @Option(names = "--in-place", description = "replace the live database (needs --yes)")
    boolean inPlace;

    @Option(names = "--tables", paramLabel = "T", split = ",", description = "restore these tables (schema.table; comma-separated, or --tables again)")
    List<String> tables;

    @Option(names = "--include-dependents", description = "with --tables: also the tables whose foreign keys reference them")
    boolean includeDependents;

    @Option(names = "--backup", paramLabel = "ID", description = "restore this backup (default: the latest)")
    String backupId;

    @Option(names = "--at", paramLabel = "TIME", converter = MomentConverter.class, description = "restore the database as it"
            + " was at this second (see the examples below; lifeboat window DB shows which seconds can be reached); a database"
            + " not registered for point-in-time restore gets the newest backup completed at or before TIME")
    Instant at;

    @Option(names = "--before", paramLabel = "LSN|XID", description = "restore the database as it was just before the transaction"
            + " that committed at LSN, or the newest of id XID (exact to the transaction; lifeboat changes DB shows each one's LSN and xid)")
    String before;

    @Option(names = "--include-safety-backups", description = "let the latest (or --at) be a safety backup taken before an earlier restore")
    boolean includeSafetyBackups;

    @Option(names = "--no-safety-backup", negatable = false, description = "do not back up the live database before changing it")
    boolean noSafetyBackup;

    @Option(names = "--yes", description = "confirm an --in-place restore")
    boolean yes;

    @Mixin
    WaitOptions waiting;

    public RestoreCommand(Context root) {
        this.root = root;
    }

    @Override
    public Integer call() {
        JsonNode body;
        try {
            body = RestoreBody.of(databaseId, newDatabase, inPlace, tables, backupId, RestorePoint.of(at, before), includeSafetyBackups, includeDependents,
                    !noSafetyBackup, yes);
        } catch (IllegalArgumentException wrong) {
            throw new CommandLine.ParameterException(spec.commandLine(), wrong.getMessage());
        }
        Output output = json.output(root);
        JsonNode accepted = root.api().post(Service.RESTORE, "/api/restores", body);
        String restoreId = accepted.path("restoreId").asText();
        output.line("Restore of " + databaseId + " requested: " + restoreId);
        output.line("Backup " + accepted.path("backupId").asText() + ": " + accepted.path("chosenBecause").asText());
        Optional<JsonNode> followed = waiting.follow(root, output, accepted, Service.RESTORE, "/api/restores/" + restoreId, ENDED,
                new StepLines(output)::show);
        if (followed.isEmpty()) {
            return ExitCodes.OK;
        }
        JsonNode restore = followed.get();
        String status = restore.path("status").asText();
        if (status.equals("COMPLETED")) {
            output.line("Completed: " + restored(databaseId, restore) + ", " + Human.count(restore.path("rowsRestored").asLong(), "row")
                    + ", in " + Human.millis(restore.path("durationMs").asLong())
                    + (restore.path("preRestoreDatabase").isTextual() ? "; the previous database is kept as "
                    + restore.path("preRestoreDatabase").asText() : ""));
            JsonNode point = restore.path("pointReached");
            if (point.isObject()) {
                output.line((point.path("beforeTransaction").isTextual() ? "As it was just before the transaction at "
                        + point.path("beforeTransaction").asText() + " (committed " + point.path("target").asText() + ")"
                        : "As it was at " + point.path("target").asText()) + ": " + Human.count(point.path("transactions").asLong(), "transaction")
                        + " (" + Human.count(point.path("rowChanges").asLong(), "row change") + ") replayed onto the backup"
                        + (point.path("committedAt").isTextual() ? ", the last committed at " + point.path("committedAt").asText() : "")
                        + " (LSN " + point.path("lsn").asText() + ")");
                point.path("notReplayed").fields().forEachRemaining(table -> output.line(
                        "  " + table.getKey() + " is as the backup had it: " + table.getValue().asText()));
            }
            return ExitCodes.OK;
        }
        if (ENDED.contains(status)) {
            JsonNode error = restore.path("error");
            output.line(status.replace('_', ' ') + " at " + error.path("step").asText() + " (" + error.path("code").asText() + "): "
                    + error.path("message").asText());
            return ExitCodes.NOT_OK;
        }
        output.line(waiting.stillRunning(status, "lifeboat audit --flow " + restoreId));
        return ExitCodes.NOT_OK;
    }

    /** What a completed restore made: the new database, or the live one replaced in place, and from which backup. */
    static String restored(String databaseId, JsonNode restore) {
        String backup = restore.path("resolvedBackupId").isTextual() ? restore.path("resolvedBackupId").asText() : restore.path("backupId").asText();
        String into = restore.path("targetDatabase").isTextual() ? restore.path("targetDatabase").asText() : null;
        return switch (restore.path("targetKind").asText()) {
            case "IN_PLACE" -> databaseId + " replaced in place" + (into == null ? "" : " (database " + into + ")") + " from backup " + backup;
            case "TABLES" -> restore.path("tables").size() + " of " + databaseId + "'s tables" + (into == null ? "" : " in " + into)
                    + " from backup " + backup;
            default -> (into == null ? databaseId : into) + " from backup " + backup;
        };
    }
}
