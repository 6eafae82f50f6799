package dev.lifeboat.changes.ddl;

import dev.lifeboat.changes.model.RowChange;
import dev.lifeboat.changes.model.SchemaChange;
import dev.lifeboat.changes.model.Transaction;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Decides, for the DDL commands one committed transaction recorded, which statement replay runs for each and whether it
 * reproduces the source exactly. The event trigger sees the client's whole query text, which may hold several
 * statements: the commands one text ran (same text, same start) are matched to its statements in order, each command's
 * tag to its statement's first keyword; a text that also holds other statements (rows, transaction control: a migration
 * sent as one query) is matched by {@link StatementMatch}, each command to its own statement, the rows coming from the
 * stream. Where they do not match (a function, a trigger or a DO block that runs DDL) the text cannot be split into
 * what ran, and replaying it whole would run its other statements twice: the command is not replayable. Nor is one whose result depends on the moment or on chance (a
 * volatile or time-dependent default or expression: the new values are not in the stream), nor a subscription (a copy
 * must not subscribe to anything).
 */
public final class CommandStatements {

    /** Functions whose value depends on the moment or chance: a command using them computes other values on replay. */
    private static final Set<String> MOMENT_OR_CHANCE = Set.of("random", "setseed", "now", "clock_timestamp",
            "statement_timestamp", "transaction_timestamp", "timeofday", "current_timestamp", "current_date", "current_time",
            "localtime", "localtimestamp", "nextval", "gen_random_uuid", "uuid_generate_v1", "uuid_generate_v1mc",
            "uuid_generate_v4", "txid_current", "pg_current_xact_id");

    private CommandStatements() {
    }

    /** The transaction with each DDL command given its statement, or the reason it cannot be replayed. */
    public static Transaction resolve(Transaction transaction) {
        Map<String, List<Integer>> byText = new LinkedHashMap<>();
        List<RowChange> changes = transaction.changes();
        for (int i = 0; i < changes.size(); i++) {
            SchemaChange command = changes.get(i).schemaChange();
            if (command != null) {
                byText.computeIfAbsent(command.startedAt() + "\u0000" + command.query(), key -> new ArrayList<>()).add(i);
            }
        }
        if (byText.isEmpty()) {
            return transaction;
        }
        List<RowChange> resolved = new ArrayList<>(changes);
        for (List<Integer> commands : byText.values()) {
            String query = changes.get(commands.get(0)).schemaChange().query();
            List<SqlStatements.Statement> statements = SqlStatements.split(query == null ? "" : query);
            boolean whole = statements.size() == commands.size();
            for (int k = 0; whole && k < commands.size(); k++) {
                whole = firstWord(changes.get(commands.get(k)).schemaChange().tag()).equals(statements.get(k).firstWord());
            }
            List<SchemaChange> ran = commands.stream().map(k -> changes.get(k).schemaChange()).toList();
            Optional<List<SqlStatements.Statement>> matched = whole ? Optional.of(statements) : StatementMatch.of(ran, statements);
            for (int k = 0; k < commands.size(); k++) {
                SchemaChange command = ran.get(k);
                resolved.set(commands.get(k), RowChange.schema(matched.isPresent() ? judge(command, matched.get().get(k))
                        : command.notReplayable(command.tag() + " ran inside a query text that cannot be"
                        + " split into the commands that ran (DDL run by a function, a trigger or a DO block, or a text whose"
                        + " statements cannot be told apart): replaying the text whole would run the rest again")));
            }
        }
        return new Transaction(transaction.xid(), transaction.commitLsn(), transaction.endLsn(), transaction.commitTime(), resolved);
    }

    private static SchemaChange judge(SchemaChange command, SqlStatements.Statement statement) {
        if (command.tag().toUpperCase(Locale.ROOT).contains("SUBSCRIPTION")) {
            return command.notReplayable(command.tag() + " is not replayed: a restored copy subscribes to nothing");
        }
        List<String> moment = statement.words().stream().filter(MOMENT_OR_CHANCE::contains).distinct().toList();
        if (!moment.isEmpty()) {
            return command.notReplayable(command.tag() + " computes values from " + String.join(", ", moment)
                    + ", which give other values on replay, and the stream does not carry what it wrote");
        }
        if ((command.rewrite() & SchemaChange.REWRITE_DEFAULT_VALUE) != 0 && !statement.words().contains("stored")) {
            return command.notReplayable(command.tag() + " rewrote " + String.join(", ", command.tables())
                    + " to fill a new column from a volatile default, whose values the stream does not carry");
        }
        return command.replaying(statement.text());
    }

    private static String firstWord(String tag) {
        String lower = tag == null ? "" : tag.strip().toLowerCase(Locale.ROOT);
        int space = lower.indexOf(' ');
        return space < 0 ? lower : lower.substring(0, space);
    }
}
