package dev.lifeboat.changes.segment;

import dev.lifeboat.changes.model.RowChange;
import dev.lifeboat.changes.model.SchemaChange;
import dev.lifeboat.changes.model.TableName;
import dev.lifeboat.changes.model.Transaction;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Summarises a segment's lines as they are written or read, in commit order: the parts a large transaction is stored in
 * (consecutive lines of one commit) make one summary. Not thread-safe.
 */
public final class TransactionSummaries {

    private final List<TransactionSummary> summaries = new ArrayList<>();
    private Transaction current;
    /** Per table: inserted, updated, deleted, truncated (0 or 1). */
    private Map<String, long[]> tables;
    private List<TransactionSummary.SchemaCommand> commands;
    private String role;

    /** Adds a line: a whole transaction, or a part of the one the last line began. */
    public void add(Transaction line) {
        if (current == null || !current.commitLsn().equals(line.commitLsn())) {
            end();
            current = line;
            tables = new TreeMap<>();
            commands = new ArrayList<>();
            role = null;
        }
        for (RowChange change : line.changes()) {
            if (change.kind() == RowChange.Kind.SCHEMA) {
                SchemaChange command = change.schemaChange();
                commands.add(new TransactionSummary.SchemaCommand(command.tag(), shown(command), command.reshaped(),
                        command.notReplayable()));
                role = role != null ? role : command.role();
                continue;
            }
            int counter = switch (change.kind()) {
                case INSERT -> 0;
                case UPDATE -> 1;
                case DELETE -> 2;
                default -> 3;
            };
            for (TableName table : change.touched()) {
                long[] counts = tables.computeIfAbsent(table.qualified(), name -> new long[4]);
                counts[counter] = counter == 3 ? 1 : counts[counter] + 1;
            }
        }
    }

    /**
     * What the timeline shows of a command's text: the statement that ran (or the whole text where it could not be told
     * apart), withheld where it may carry a secret (a subscription's connection string, a server's or user mapping's
     * options, anything that names a password): the timeline is for viewers, and its text leaves the archive.
     */
    static String shown(SchemaChange command) {
        String text = command.statement() != null ? command.statement() : command.query();
        String tag = command.tag() == null ? "" : command.tag().toUpperCase(java.util.Locale.ROOT);
        boolean secretive = tag.contains("SUBSCRIPTION") || tag.contains("USER MAPPING") || tag.contains("SERVER")
                || (text != null && text.toLowerCase(java.util.Locale.ROOT).matches("(?s).*(password|passwd|pwd|passfile|secret).*"));
        return secretive ? command.tag() + " (its text is withheld: it may carry a password)" : text;
    }

    /** The summaries of every line added, in commit order. */
    public List<TransactionSummary> summaries() {
        end();
        return List.copyOf(summaries);
    }

    private void end() {
        if (current != null) {
            Map<String, TransactionSummary.TableRows> rows = new TreeMap<>();
            tables.forEach((table, counts) -> rows.put(table, new TransactionSummary.TableRows(counts[0], counts[1], counts[2], counts[3] > 0)));
            summaries.add(new TransactionSummary(current.xid(), current.commitLsn(), current.commitTime(), role, rows, commands));
            current = null;
        }
    }
}
