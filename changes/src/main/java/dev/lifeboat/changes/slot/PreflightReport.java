package dev.lifeboat.changes.slot;

import dev.lifeboat.changes.model.TableName;

import java.util.List;

/**
 * What the preflight found in a database before capture starts.
 *
 * @param problems what stops capture altogether, each saying how to fix it (empty: capture can start)
 * @param captured the tables whose every change can be replayed: they go into the publication
 * @param excluded tables left out of capture, each with why and how to bring it in
 * @param schemaChanges how schema changes reach a restore (replayed, or gaps), once the capture's setup has decided it
 */
public record PreflightReport(List<String> problems, List<TableName> captured, List<Excluded> excluded,
                              SchemaChangeMode schemaChanges) {

    public PreflightReport {
        problems = List.copyOf(problems);
        captured = List.copyOf(captured);
        excluded = List.copyOf(excluded);
    }

    public PreflightReport(List<String> problems, List<TableName> captured, List<Excluded> excluded) {
        this(problems, captured, excluded, null);
    }

    public PreflightReport withSchemaChanges(SchemaChangeMode mode) {
        return new PreflightReport(problems, captured, excluded, mode);
    }

    public boolean ready() {
        return problems.isEmpty();
    }

    public record Excluded(TableName table, String reason) {
    }
}
