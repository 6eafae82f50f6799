package dev.lifeboat.changes.segment;

import dev.lifeboat.changes.model.Transaction;

/** What reading a segment hands on, one transaction at a time in commit order. */
public interface TransactionSink {
    void accept(Transaction transaction) throws Exception;
}
