package dev.lifeboat.changes.decode;

import dev.lifeboat.changes.model.Lsn;
import dev.lifeboat.changes.model.RowChange;
import dev.lifeboat.changes.model.SchemaChange;
import dev.lifeboat.changes.model.TableDefinition;
import dev.lifeboat.changes.model.TableName;
import dev.lifeboat.changes.model.Transaction;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Decodes the built-in {@code pgoutput} plugin's messages (protocol version 1, values in text form) into whole committed
 * transactions. One decoder per stream: it keeps the table definitions the stream has given, by relation id.
 *
 * @see <a href="https://www.postgresql.org/docs/15/protocol-logicalrep-message-formats.html">Logical replication message formats</a>
 */
public final class PgOutputDecoder {

    /** PostgreSQL's epoch, 2000-01-01, in microseconds since 1970. */
    private static final long POSTGRES_EPOCH_MICROS = 946_684_800_000_000L;

    private final StreamListener listener;
    private final String schemaChangePrefix;
    private final TransactionMemory memory;
    private final Map<Integer, TableDefinition> relations = new HashMap<>();
    private final Map<TableName, TableDefinition> seen = new HashMap<>();
    private Open open;

    /**
     * @param schemaChangePrefix the prefix of the transactional messages that carry DDL commands ({@link SchemaChange})
     * @param memory             how much of an open transaction is held in memory before it spills to disk
     */
    public PgOutputDecoder(StreamListener listener, String schemaChangePrefix, TransactionMemory memory) {
        this.listener = listener;
        this.schemaChangePrefix = schemaChangePrefix;
        this.memory = memory;
    }

    private record Open(long xid, TransactionBuffer changes) {
    }

    /** Lets go of a transaction the stream broke off (its spilled changes are deleted). */
    public void close() {
        if (open != null) {
            open.changes().close();
            open = null;
        }
    }

    /** Whether a transaction has begun and not yet committed: the stream is between its Begin and its Commit. */
    public boolean inTransaction() {
        return open != null;
    }

    public void decode(ByteBuffer message) {
        byte type = message.get();
        switch (type) {
            case 'B' -> begin(message);
            case 'C' -> commit(message);
            case 'R' -> relation(message);
            case 'I' -> insert(message);
            case 'U' -> update(message);
            case 'D' -> delete(message);
            case 'T' -> truncate(message);
            case 'M' -> logicalMessage(message);
            case 'O', 'Y' -> {
                // origin (changes replayed from elsewhere are captured like any) and type descriptions (replay reads
                // the target's own types by column name)
            }
            default -> throw new DecodingException("unknown pgoutput message '" + (char) type + "'");
        }
    }

    private void begin(ByteBuffer message) {
        message.getLong(); // the commit's LSN, repeated by the Commit message
        message.getLong(); // the commit time, idem
        long xid = Integer.toUnsignedLong(message.getInt());
        open = new Open(xid, new TransactionBuffer(memory, xid));
    }

    private void commit(ByteBuffer message) {
        Open transaction = requireOpen("Commit");
        message.get(); // flags, unused
        Lsn commitLsn = new Lsn(message.getLong());
        Lsn endLsn = new Lsn(message.getLong());
        Instant committed = instant(message.getLong());
        open = null;
        if (transaction.changes().spilled()) {
            listener.committed(transaction.changes().committed(commitLsn, endLsn, committed));
        } else {
            listener.committed(transaction.changes().inMemory(commitLsn, endLsn, committed));
        }
    }

    private void relation(ByteBuffer message) {
        int relationId = message.getInt();
        TableName table = new TableName(string(message), string(message));
        char replicaIdentity = (char) message.get();
        int count = message.getShort();
        List<TableDefinition.Column> columns = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            boolean key = (message.get() & 1) == 1;
            columns.add(new TableDefinition.Column(string(message), message.getInt(), message.getInt(), key));
        }
        TableDefinition definition = new TableDefinition(table, Integer.toUnsignedLong(relationId), replicaIdentity, columns);
        relations.put(relationId, definition);
        listener.described(seen.put(table, definition), definition);
    }

    private void insert(ByteBuffer message) {
        TableDefinition table = relation(message.getInt());
        expect(message, 'N', "Insert");
        requireOpen("Insert").changes().add(RowChange.insert(table.table(), tuple(message, table)));
    }

    private void update(ByteBuffer message) {
        TableDefinition table = relation(message.getInt());
        byte part = message.get();
        Map<String, String> old = null;
        if (part == 'K' || part == 'O') {
            old = keyOf(tuple(message, table), table, part == 'O');
            part = message.get();
        }
        if (part != 'N') {
            throw new DecodingException("Update of " + table.table() + " without its new row");
        }
        Map<String, String> values = tuple(message, table);
        Map<String, String> key = old != null ? old : keyOf(values, table, false);
        requireOpen("Update").changes().add(RowChange.update(table.table(), values, key));
    }

    private void delete(ByteBuffer message) {
        TableDefinition table = relation(message.getInt());
        byte part = message.get();
        if (part != 'K' && part != 'O') {
            throw new DecodingException("Delete of " + table.table() + " without its key");
        }
        requireOpen("Delete").changes().add(RowChange.delete(table.table(), keyOf(tuple(message, table), table, part == 'O')));
    }

    private void truncate(ByteBuffer message) {
        int count = message.getInt();
        byte options = message.get();
        List<TableName> tables = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            tables.add(relation(message.getInt()).table());
        }
        requireOpen("Truncate").changes().add(RowChange.truncate(tables, (options & 1) != 0, (options & 2) != 0));
    }

    /**
     * A logical message: a transactional one with the schema-change prefix is a DDL command, at its place in its
     * transaction; a non-transactional one goes to the listener.
     */
    private void logicalMessage(ByteBuffer message) {
        boolean transactional = (message.get() & 1) != 0;
        Lsn at = new Lsn(message.getLong());
        String prefix = string(message);
        byte[] content = new byte[message.getInt()];
        message.get(content);
        String text = new String(content, StandardCharsets.UTF_8);
        if (!transactional) {
            listener.message(prefix, text, at);
        } else if (prefix.equals(schemaChangePrefix)) {
            SchemaChange command;
            try {
                command = SchemaChange.parse(text);
            } catch (java.io.IOException e) {
                throw new DecodingException("a schema change record that is not one: " + e.getMessage());
            }
            requireOpen("Message").changes().add(RowChange.schema(command));
            listener.schemaChanged(command);
        }
    }

    /** The row's values by column; an unchanged TOAST value is left out. */
    private static Map<String, String> tuple(ByteBuffer message, TableDefinition table) {
        int count = message.getShort();
        if (count != table.columns().size()) {
            throw new DecodingException(table.table() + " has " + table.columns().size() + " columns but a row of " + count);
        }
        Map<String, String> values = new LinkedHashMap<>();
        for (TableDefinition.Column column : table.columns()) {
            byte kind = message.get();
            switch (kind) {
                case 'n' -> values.put(column.name(), null);
                case 'u' -> {
                    // unchanged TOAST value: not sent, not set
                }
                case 't' -> {
                    byte[] text = new byte[message.getInt()];
                    message.get(text);
                    values.put(column.name(), new String(text, StandardCharsets.UTF_8));
                }
                default -> throw new DecodingException("value kind '" + (char) kind + "' in a row of " + table.table());
            }
        }
        return values;
    }

    /** The replica identity's values: the key columns, or every column of a {@code REPLICA IDENTITY FULL} old row. */
    private static Map<String, String> keyOf(Map<String, String> row, TableDefinition table, boolean wholeRow) {
        if (wholeRow) {
            return row;
        }
        Map<String, String> key = new LinkedHashMap<>();
        for (String column : table.keyColumns()) {
            key.put(column, row.get(column));
        }
        return key;
    }

    private TableDefinition relation(int relationId) {
        TableDefinition table = relations.get(relationId);
        if (table == null) {
            throw new DecodingException("a change of relation " + relationId + " before its description");
        }
        return table;
    }

    private Open requireOpen(String message) {
        if (open == null) {
            throw new DecodingException(message + " outside a transaction");
        }
        return open;
    }

    private static void expect(ByteBuffer message, char part, String of) {
        byte actual = message.get();
        if (actual != part) {
            throw new DecodingException(of + " with part '" + (char) actual + "' where '" + part + "' belongs");
        }
    }

    private static String string(ByteBuffer message) {
        int start = message.position();
        int end = start;
        while (message.get(end) != 0) {
            end++;
        }
        String text = new String(message.array(), message.arrayOffset() + start, end - start, StandardCharsets.UTF_8);
        message.position(end + 1);
        return text;
    }

    static Instant instant(long postgresMicros) {
        long micros = postgresMicros + POSTGRES_EPOCH_MICROS;
        return Instant.ofEpochSecond(Math.floorDiv(micros, 1_000_000), Math.floorMod(micros, 1_000_000) * 1000);
    }
}
