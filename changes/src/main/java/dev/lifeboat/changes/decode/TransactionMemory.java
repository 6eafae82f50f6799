package dev.lifeboat.changes.decode;

import java.nio.file.Path;

/**
 * How much of an open transaction a capture holds in memory, and where the rest goes.
 *
 * @param bytes          the changes (as JSON, roughly) held in memory before a transaction spills to disk
 * @param spillDirectory where a large transaction's changes wait for its commit
 * @param owner          whose files they are (the database's id): a capture starting again deletes what its last run left
 */
public record TransactionMemory(long bytes, Path spillDirectory, String owner) {

    /** The start of every file name of this owner's (a dot ends the id, so no other id's files match). */
    String filePrefix() {
        return "lifeboat-spill-" + owner + ".";
    }
}
