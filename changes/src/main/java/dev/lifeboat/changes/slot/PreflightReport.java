package dev.lifeboat.changes.slot;

import dev.lifeboat.changes.model.TableName;

import java.util.List;

/**
 * What the preflight found in a database before capture starts.
 *
 * @param problems what stops capture altogether, each saying how to fix it (empty: capture can start)
 * @param captured the tables whose every change can be replayed: they go into the publication
 * @param excluded tables left out of capture, each with why and how to bring it in
 */
public record PreflightReport(List<String> problems, List<TableName> captured, List<Excluded> excluded) {

    public PreflightReport {
        problems = List.copyOf(problems);
        captured = List.copyOf(captured);
        excluded = List.copyOf(excluded);
    }

    public boolean ready() {
        return problems.isEmpty();
    }

    public record Excluded(TableName table, String reason) {
    }
}
