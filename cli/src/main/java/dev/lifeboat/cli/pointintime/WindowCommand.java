package dev.lifeboat.cli.pointintime;

import com.fasterxml.jackson.databind.JsonNode;
import dev.lifeboat.cli.api.Service;
import dev.lifeboat.cli.command.Context;
import dev.lifeboat.cli.command.ExitCodes;
import dev.lifeboat.cli.command.JsonOption;
import dev.lifeboat.cli.output.Human;
import dev.lifeboat.cli.output.Output;
import dev.lifeboat.cli.output.Table;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.Callable;

/**
 * {@code lifeboat window DB}: the seconds a point-in-time restore of the database reaches exactly, the stretches inside
 * them it cannot (each with why and the backup that ends it), and how its capture fares. Exits 1 when no second is
 * restorable to the second (not registered for it, or no backup aligned to the stream yet).
 */
@Command(name = "window", mixinStandardHelpOptions = true,
        description = {"Show the seconds a database can be restored to (lifeboat restore DB --at TIME), the stretches it cannot",
                "be, and how its point-in-time capture fares."})
public final class WindowCommand implements Callable<Integer> {

    /** How long after a backup the capture has surely stored a segment after it (it stores one about every 10 s). */
    private static final Duration JUST_TAKEN = Duration.ofMinutes(1);

    private final Context root;

    @Mixin
    JsonOption json;

    @Parameters(paramLabel = "DB", description = "the database's id in the registry")
    String databaseId;

    public WindowCommand(Context root) {
        this.root = root;
    }

    @Override
    public Integer call() {
        Output output = json.output(root);
        JsonNode window = root.api().get(Service.BACKUP, "/api/databases/"
                + URLEncoder.encode(databaseId, StandardCharsets.UTF_8) + "/point-in-time");
        output.document(window);
        if (!window.path("enabled").asBoolean()) {
            output.line(databaseId + " is not registered for point-in-time restore: register it with"
                    + " \"pointInTime\": {\"enabled\": true, \"window\": \"P7D\"} (its source needs wal_level=logical)");
            return ExitCodes.NOT_OK;
        }
        output.line(capture(window.path("capture")));
        if (!window.path("from").isTextual()) {
            output.line(notYet(window.path("capture").path("state").asText()));
            return ExitCodes.NOT_OK;
        }
        output.line(databaseId + " can be restored to any second from " + window.path("from").asText() + " to "
                + window.path("to").asText() + " (keeping " + window.path("window").asText() + ")"
                + (window.path("unreachable").isEmpty() ? "" : ", except:"));
        Table table = new Table("FROM", "UNTIL", "TABLE", "WHY");
        for (JsonNode gap : window.path("unreachable")) {
            table.row(gap.path("from").asText(), gap.path("until").isTextual() ? gap.path("until").asText() : "the next backup",
                    gap.path("table").isTextual() ? gap.path("table").asText() : "all", gap.path("reason").asText());
        }
        if (!table.isEmpty()) {
            output.table(table);
        }
        output.line("Restore one: lifeboat restore " + databaseId + " --at " + window.path("to").asText() + " --new "
                + databaseId.replaceAll("[^A-Za-z0-9_]", "_") + "_then");
        return ExitCodes.OK;
    }

    /**
     * Why no second is restorable yet. A backup taken while the capture streams opens the window once the capture has
     * stored the changes after it (a segment about every 10 s): right after one, the user is told to wait a moment, not
     * to take the backup they just took.
     */
    private String notYet(String captureState) {
        JsonNode newest = root.api().get(Service.BACKUP, "/api/backups?databaseId=" + URLEncoder.encode(databaseId, StandardCharsets.UTF_8)
                + "&size=1").path("items").path(0);
        if ("RUNNING".equals(captureState) && newest.path("completedAt").isTextual()) {
            Instant completed = Instant.parse(newest.path("completedAt").asText());
            Instant now = root.clock().instant();
            if (Duration.between(completed, now).compareTo(JUST_TAKEN) < 0) {
                return "No second is restorable to the second yet: the window opens from backup " + newest.path("backupId").asText()
                        + " (completed " + Human.age(completed, now) + ") once the capture has stored the changes"
                        + " after it, within about 10 s; ask again in a moment";
            }
        }
        return "No second is restorable to the second yet: the window opens with the first backup taken while the"
                + " capture streams (lifeboat backup " + databaseId + ")";
    }

    private static String capture(JsonNode capture) {
        String state = capture.path("state").asText();
        StringBuilder line = new StringBuilder("Capture ").append(state);
        if (state.equals("STOPPED")) {
            line.append(" since ").append(capture.path("since").asText()).append(" (").append(capture.path("code").asText())
                    .append(": ").append(capture.path("message").asText()).append(")");
        }
        if (capture.path("schemaChanges").isTextual()) {
            line.append("; ").append(capture.path("schemaChanges").asText());
        }
        if (capture.path("retainedWalBytes").isNumber()) {
            line.append("; its slot keeps ").append(Human.size(capture.path("retainedWalBytes").asLong())).append(" of WAL");
        }
        return line.toString();
    }
}
