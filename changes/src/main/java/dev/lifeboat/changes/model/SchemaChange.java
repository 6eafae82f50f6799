package dev.lifeboat.changes.model;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.util.List;

/**
 * One DDL command as the capture's event trigger recorded it, inside the transaction that ran it, at its place in the
 * stream: replay runs {@code statement} there.
 *
 * @param tag           the command tag ({@code ALTER TABLE}, {@code CREATE INDEX}, …)
 * @param query         the text the client sent ({@code current_query()}): it may hold other statements too
 * @param startedAt     when that text began to run ({@code statement_timestamp()}): the commands one text ran share it
 * @param searchPath    the {@code search_path} it ran under: unqualified names in it resolve so on replay too
 * @param tables        the tables it created or changed ({@code schema.name})
 * @param dropped       the tables it dropped
 * @param rewrite       why it rewrote a table ({@code table_rewrite}'s reason bits; 0: no rewrite)
 * @param statement     the one statement of {@code query} that ran this command: what replay runs (set by the capture)
 * @param notReplayable why it cannot be replayed exactly (null: it can); a gap starts at its commit
 * @param role          the session's role that ran it ({@code session_user}; null in what an older trigger recorded)
 */
public record SchemaChange(String tag, String query, String startedAt, String searchPath, List<String> tables,
                           List<String> dropped, int rewrite, String statement, String notReplayable, String role) {

    /** The logical messages' prefix; the slot's name follows it, so two captures of one database keep theirs apart. */
    public static final String PREFIX = "lifeboat-ddl:";
    /** {@code table_rewrite}'s reason bit for a column added with a volatile default (its values are not in the stream). */
    public static final int REWRITE_DEFAULT_VALUE = 2;

    private static final ObjectMapper JSON = new ObjectMapper().disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);

    public SchemaChange {
        tables = tables == null ? List.of() : List.copyOf(tables);
        dropped = dropped == null ? List.of() : List.copyOf(dropped);
    }

    /** A command whose role is not known. */
    public SchemaChange(String tag, String query, String startedAt, String searchPath, List<String> tables,
                        List<String> dropped, int rewrite, String statement, String notReplayable) {
        this(tag, query, startedAt, searchPath, tables, dropped, rewrite, statement, notReplayable, null);
    }

    /** The record the event trigger sent as a transactional logical message. */
    public static SchemaChange parse(String json) throws IOException {
        return JSON.readValue(json, SchemaChange.class);
    }

    public SchemaChange replaying(String statement) {
        return new SchemaChange(tag, query, startedAt, searchPath, tables, dropped, rewrite, statement, null, role);
    }

    public SchemaChange notReplayable(String why) {
        return new SchemaChange(tag, query, startedAt, searchPath, tables, dropped, rewrite, null, why, role);
    }

    /** The tables whose rows replay cannot count from the stream after this command: made, changed or dropped by it. */
    public List<String> reshaped() {
        return java.util.stream.Stream.concat(tables.stream(), dropped.stream()).distinct().toList();
    }
}
