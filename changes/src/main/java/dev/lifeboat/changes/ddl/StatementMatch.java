package dev.lifeboat.changes.ddl;

import dev.lifeboat.changes.model.SchemaChange;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/**
 * Which statements of one query text ran the DDL commands a transaction recorded from it, where the text also holds
 * other statements: a migration sent as one query ({@code BEGIN; ALTER TABLE …; UPDATE …; ALTER TABLE …; COMMIT;}, as
 * Prisma Migrate and hand-written runbooks send it). The text is cut into its transaction blocks at its transaction
 * control statements; the block that ran the transaction's commands is the one whose DDL statements match them one to
 * one, in order, by their command tags, and by name the tables each command changed; its other statements (rows,
 * settings) are passed over, as the stream carries what they wrote. Refused (empty) where that cannot be told for sure:
 * a text with a statement that may run DDL of its own anywhere in it ({@code DO}, {@code CALL}, a {@code SELECT} or any
 * statement that calls a function by its nature), a role's, a database's or the server's statement (they fire no event
 * trigger, so they could stand in for a command a function ran), a statement this does not know, more commands than DDL
 * statements, or two blocks that match with different statements.
 */
final class StatementMatch {

    /** Statements that end or begin a transaction block. */
    private static final Set<String> CONTROL = Set.of("begin", "start", "commit", "end", "rollback", "abort");
    /** Statements that may run DDL (an event trigger command of their own). */
    private static final Set<String> DDL = Set.of("create", "alter", "drop", "comment", "grant", "revoke", "refresh",
            "security", "import", "reindex");
    /** Statements that run no DDL of their own: what they change of rows is in the stream. */
    private static final Set<String> PLAIN = Set.of("insert", "update", "delete", "copy", "merge", "lock", "set", "reset",
            "analyze", "analyse", "vacuum", "notify", "listen", "unlisten", "show", "savepoint", "release", "truncate",
            "discard", "checkpoint");
    /** What follows a DDL word in a statement that fires no event trigger (a role's, a database's, the server's). */
    private static final Set<String> GLOBAL_OBJECTS = Set.of("role", "user", "group", "database", "tablespace", "system");
    /** Words a statement may hold between its command tag's words ({@code CREATE OR REPLACE VIEW}, {@code CREATE UNIQUE INDEX}). */
    private static final Set<String> FILLERS = Set.of("or", "replace", "unique", "temp", "temporary", "unlogged", "global",
            "local", "recursive", "trusted", "procedural", "constraint", "default");

    private StatementMatch() {
    }

    /** The statement that ran each command, in order; empty where the text cannot be told apart for sure. */
    static Optional<List<SqlStatements.Statement>> of(List<SchemaChange> commands, List<SqlStatements.Statement> statements) {
        List<List<SqlStatements.Statement>> candidates = new ArrayList<>();
        for (List<SqlStatements.Statement> block : blocks(statements)) {
            Optional<List<SqlStatements.Statement>> ddl = ddlOf(block);
            if (ddl.isEmpty()) {
                return Optional.empty(); // this block may have run the DDL itself: which statement ran what cannot be told
            }
            if (matches(commands, ddl.get()) && namesTheirTables(commands, ddl.get())) {
                candidates.add(ddl.get());
            }
        }
        if (candidates.isEmpty() || candidates.stream().map(StatementMatch::texts).distinct().count() > 1) {
            return Optional.empty();
        }
        return Optional.of(candidates.get(0));
    }

    /** The text's transaction blocks: the statements between its transaction control statements. */
    private static List<List<SqlStatements.Statement>> blocks(List<SqlStatements.Statement> statements) {
        List<List<SqlStatements.Statement>> blocks = new ArrayList<>();
        List<SqlStatements.Statement> block = new ArrayList<>();
        for (SqlStatements.Statement statement : statements) {
            if (CONTROL.contains(statement.firstWord())) {
                if (!block.isEmpty()) {
                    blocks.add(block);
                }
                block = new ArrayList<>();
            } else {
                block.add(statement);
            }
        }
        if (!block.isEmpty()) {
            blocks.add(block);
        }
        return blocks;
    }

    /** A block's DDL statements, in order; empty when it holds one that may run DDL unseen, or one not known. */
    private static Optional<List<SqlStatements.Statement>> ddlOf(List<SqlStatements.Statement> block) {
        List<SqlStatements.Statement> ddl = new ArrayList<>();
        for (SqlStatements.Statement statement : block) {
            if (DDL.contains(statement.firstWord()) && !global(statement)) {
                ddl.add(statement);
            } else if (!PLAIN.contains(statement.firstWord())) {
                return Optional.empty();
            }
        }
        return Optional.of(ddl);
    }

    /** A role's, a database's or the server's statement ({@code ALTER ROLE}, {@code GRANT r TO u}): no event trigger fires. */
    private static boolean global(SqlStatements.Statement statement) {
        List<String> words = statement.words();
        boolean roleGrant = (words.get(0).equals("grant") || words.get(0).equals("revoke")) && !words.contains("on");
        boolean userMapping = words.size() > 2 && words.get(1).equals("user") && words.get(2).equals("mapping");
        return roleGrant || (words.size() > 1 && GLOBAL_OBJECTS.contains(words.get(1)) && !userMapping);
    }

    private static boolean matches(List<SchemaChange> commands, List<SqlStatements.Statement> ddl) {
        if (commands.size() != ddl.size()) {
            return false;
        }
        for (int k = 0; k < commands.size(); k++) {
            if (!tagMatches(commands.get(k).tag(), ddl.get(k).words())) {
                return false;
            }
        }
        return true;
    }

    /** Whether the statement begins with the tag's first two words ({@code ALTER TABLE}), fillers between passed over. */
    static boolean tagMatches(String tag, List<String> words) {
        String[] tagWords = (tag == null ? "" : tag.strip().toLowerCase(Locale.ROOT)).split("\\s+");
        int j = 0;
        for (int i = 0; i < Math.min(2, tagWords.length); i++) {
            while (j < words.size() && !words.get(j).equals(tagWords[i]) && FILLERS.contains(words.get(j))) {
                j++;
            }
            if (j >= words.size() || !words.get(j).equals(tagWords[i])) {
                return false;
            }
            j++;
        }
        return true;
    }

    /** Whether each command that names the tables it changed has one of their names among its statement's words. */
    private static boolean namesTheirTables(List<SchemaChange> commands, List<SqlStatements.Statement> ddl) {
        for (int k = 0; k < commands.size(); k++) {
            List<String> tables = commands.get(k).reshaped();
            List<String> words = ddl.get(k).words();
            if (!tables.isEmpty() && tables.stream().map(table -> table.substring(table.lastIndexOf('.') + 1).toLowerCase(Locale.ROOT))
                    .noneMatch(words::contains)) {
                return false;
            }
        }
        return true;
    }

    private static List<String> texts(List<SqlStatements.Statement> statements) {
        return statements.stream().map(SqlStatements.Statement::text).toList();
    }
}
