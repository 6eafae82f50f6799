package dev.lifeboat.cli.restore;

import com.fasterxml.jackson.databind.JsonNode;
import dev.lifeboat.cli.output.Human;
import dev.lifeboat.cli.output.Output;
import dev.lifeboat.cli.output.ProgressBar;

/** Prints each step of a restore once, as it appears in the restore's record, and its progress while it reads the archive. */
final class StepLines {

    private final Output output;
    private final ProgressBar bar;
    private int shown;

    StepLines(Output output) {
        this.output = output;
        this.bar = new ProgressBar(output);
    }

    /** Each new step, then the archive's progress while PG_RESTORE reads it. */
    void show(JsonNode restore) {
        JsonNode steps = restore.path("steps");
        for (; shown < steps.size(); shown++) {
            JsonNode step = steps.get(shown);
            output.line(String.format("  %-6s %-16s %9s  %s", step.path("outcome").asText(), step.path("step").asText(),
                    Human.millis(step.path("durationMs").asLong()), step.path("details").asText("")));
        }
        bar.show(restore);
    }
}
