package dev.lifeboat.changes.replay;

import dev.lifeboat.changes.model.Lsn;
import dev.lifeboat.changes.model.RowChange;
import dev.lifeboat.changes.model.Transaction;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Transactions and rows for replay tests: transaction {@code xid} committed {@code xid} seconds after {@link Segments#T0}. */
final class Stream {

    private Stream() {
    }

    static Transaction transaction(long xid, RowChange... changes) {
        return new Transaction(xid, new Lsn(100 + xid), new Lsn(101 + xid), Segments.T0.plusSeconds(xid), List.of(changes));
    }

    /** Column, value, column, value...: in that order (a null value is SQL NULL). */
    static Map<String, String> row(String... pairs) {
        Map<String, String> row = new LinkedHashMap<>();
        for (int i = 0; i < pairs.length; i += 2) {
            row.put(pairs[i], pairs[i + 1]);
        }
        return row;
    }
}
