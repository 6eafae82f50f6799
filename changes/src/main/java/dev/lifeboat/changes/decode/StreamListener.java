package dev.lifeboat.changes.decode;

import dev.lifeboat.changes.model.Lsn;
import dev.lifeboat.changes.model.SchemaChange;
import dev.lifeboat.changes.model.TableDefinition;
import dev.lifeboat.changes.model.Transaction;

/** What a decoded stream tells its reader, in stream order. */
public interface StreamListener {

    /** A transaction committed; it arrives whole, after its commit. */
    void committed(Transaction transaction);

    /**
     * A transaction too large for memory committed: its changes are on disk, read back in parts. The listener closes it
     * once done with it (which deletes them).
     */
    void committed(TransactionBuffer spilled);

    /**
     * The stream described a table, before its first change in this stream and again whenever its definition may have
     * changed: {@code before} is what this stream said of it last (absent the first time). The changes that follow are
     * written under {@code definition}.
     */
    default void described(TableDefinition before, TableDefinition definition) {
    }

    /** A DDL command arrived, at its place in its (still open) transaction. */
    default void schemaChanged(SchemaChange command) {
    }

    /** A non-transactional logical message ({@code pg_logical_emit_message}): everything before {@code at} has arrived. */
    default void message(String prefix, String content, Lsn at) {
    }
}
