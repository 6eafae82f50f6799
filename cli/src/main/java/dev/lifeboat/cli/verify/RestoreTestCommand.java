package dev.lifeboat.cli.verify;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import dev.lifeboat.cli.command.Context;
import dev.lifeboat.cli.command.ExitCodes;
import dev.lifeboat.cli.command.JsonOption;
import dev.lifeboat.cli.command.WaitOptions;
import dev.lifeboat.cli.api.Service;
import dev.lifeboat.cli.output.Human;
import dev.lifeboat.cli.output.Output;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;

import java.util.Optional;
import java.util.Set;
import java.util.concurrent.Callable;

/** {@code lifeboat restore-test DB}: prove the newest verified backup restores, now, and show what was checked. */
@Command(name = "restore-test", mixinStandardHelpOptions = true,
        description = "Restore the database's newest verified backup into a scratch database, check it, drop it, and show the result (the RTO measured).")
public final class RestoreTestCommand implements Callable<Integer> {

    private static final Set<String> ENDED = Set.of("PASSED", "FAILED", "ERROR");

    private final Context root;

    @Mixin
    JsonOption json;

    @Parameters(paramLabel = "DB", description = "the database's id in the registry")
    String databaseId;

    @Mixin
    WaitOptions waiting;

    public RestoreTestCommand(Context root) {
        this.root = root;
    }

    @Override
    public Integer call() {
        Output output = json.output(root);
        JsonNode accepted = root.api().post(Service.VERIFIER, "/api/restore-tests",
                JsonNodeFactory.instance.objectNode().put("databaseId", databaseId));
        String testId = accepted.path("testId").asText();
        output.line("Restore test of " + databaseId + " requested: " + testId);
        Optional<JsonNode> followed = waiting.follow(root, output, accepted, Service.VERIFIER, "/api/restore-tests/" + testId, ENDED,
                reading -> { });
        if (followed.isEmpty()) {
            return ExitCodes.OK;
        }
        JsonNode test = followed.get();
        String status = test.path("status").asText();
        if (!ENDED.contains(status)) {
            output.line(waiting.stillRunning(status, "lifeboat audit --flow " + testId));
            return ExitCodes.NOT_OK;
        }
        output.line(status + ": backup " + test.path("backupId").asText("-") + ", restored in "
                + (test.path("restoreMs").isNumber() ? Human.millis(test.path("restoreMs").asLong()) : "-") + " (RTO), "
                + test.path("rowsRestored").asLong() + " rows");
        for (JsonNode check : test.path("checks")) {
            output.line(String.format("  %-6s %-18s %s", check.path("passed").asBoolean() ? "PASSED" : "FAILED",
                    check.path("check").asText(), check.path("details").asText("")));
        }
        if (test.path("error").isTextual()) {
            output.line("  " + test.path("error").asText());
        }
        return status.equals("PASSED") ? ExitCodes.OK : ExitCodes.NOT_OK;
    }
}
