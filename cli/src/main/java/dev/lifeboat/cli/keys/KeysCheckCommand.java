package dev.lifeboat.cli.keys;

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

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;

/**
 * {@code lifeboat keys check}: which backups each key the verifier is configured with opens, and which none does (read
 * from every manifest in the bucket). Exits 1 when a backup no key opens, or a key that cannot be used, is found.
 */
@Command(name = "check", mixinStandardHelpOptions = true,
        description = "List which backups each configured encryption key opens and which none does; exit 1 if any.")
public final class KeysCheckCommand implements Callable<Integer> {

    private final Context root;

    @Mixin
    JsonOption json;

    public KeysCheckCommand(Context root) {
        this.root = root;
    }

    @Override
    public Integer call() {
        Output output = json.output(root);
        JsonNode coverage = root.api().get(Service.VERIFIER, "/api/keys");
        output.document(coverage);
        Table keys = new Table("KEY ID", "FINGERPRINT", "BUCKET RECORD", "OPENS");
        List<String> problems = new ArrayList<>();
        for (JsonNode key : coverage.path("keys")) {
            String fingerprint = key.path("fingerprint").asText("-");
            String recorded = key.path("recordedFingerprint").asText(null);
            keys.row(key.path("keyId").asText(), fingerprint, recorded == null ? "none yet" : recorded.equals(fingerprint) ? "matches" : "DIFFERS",
                    Human.count(key.path("backups").asLong(), "backup") + byDatabase(key.path("backupsByDatabase")));
            if (key.path("problem").isTextual()) {
                problems.add("KEY " + key.path("keyId").asText() + ": " + key.path("problem").asText());
            }
        }
        if (keys.isEmpty()) {
            output.line("The verifier is configured with no encryption key.");
        } else {
            output.table(keys);
        }
        problems.forEach(output::line);
        JsonNode unopened = coverage.path("unopened");
        if (unopened.isEmpty()) {
            output.line("Every encrypted backup in the bucket opens with a configured key.");
        } else {
            output.line(Human.count(unopened.size(), "backup") + " no configured key opens:");
            for (JsonNode backup : unopened) {
                output.line("  " + backup.path("databaseId").asText() + " " + backup.path("backupId").asText() + " (key '"
                        + backup.path("keyId").asText() + "'): " + backup.path("reason").asText());
            }
        }
        if (coverage.path("unencrypted").asLong() > 0) {
            output.line(Human.count(coverage.path("unencrypted").asLong(), "backup") + " stored unencrypted.");
        }
        return problems.isEmpty() && unopened.isEmpty() ? ExitCodes.OK : ExitCodes.NOT_OK;
    }

    private static String byDatabase(JsonNode counts) {
        List<String> parts = new ArrayList<>();
        counts.fields().forEachRemaining(entry -> parts.add(entry.getKey() + " " + entry.getValue().asLong()));
        return parts.isEmpty() ? "" : " (" + String.join(", ", parts) + ")";
    }
}
