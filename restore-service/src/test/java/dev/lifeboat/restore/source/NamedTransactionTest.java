package dev.lifeboat.restore.source;

import dev.lifeboat.changes.model.Lsn;
import dev.lifeboat.changes.replay.NotCoveredException;
import dev.lifeboat.changes.segment.TransactionSummary;
import dev.lifeboat.restore.step.RestoreFailure;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class NamedTransactionTest {

    private static final TransactionSummary ON_THE_OLD_SERVER = transaction(734, "0/3000060", "2026-11-28T09:14:02Z");
    private static final TransactionSummary ON_THE_NEW_SERVER = transaction(734, "0/1A2B3C8", "2026-11-29T03:01:17Z");

    @Test
    void theOneTransactionAnIdNamesIsTheOneRestoredBefore() throws Exception {
        assertThat(NamedTransaction.one("orders-db", "has the id 734", List.of(ON_THE_NEW_SERVER))).isEqualTo(ON_THE_NEW_SERVER);
    }

    @Test
    void anIdNoCapturedTransactionHasIsNotRestorableSayingWhereToFindOne() {
        assertThatThrownBy(() -> NamedTransaction.one("orders-db", "has the id 734", List.of())).isInstanceOf(NotCoveredException.class)
                .hasMessageStartingWith("no captured transaction of orders-db has the id 734: name one by the position or id lifeboat"
                        + " changes shows (GET /api/databases/orders-db/changes)");
    }

    /** Before, the newest of the id was chosen without a word: after a move to another server it may not be the one meant. */
    @Test
    void anIdTwoCapturedTransactionsHaveIsRefusedNamingEachByItsTimeAndPosition() {
        assertThatThrownBy(() -> NamedTransaction.one("orders-db", "has the id 734", List.of(ON_THE_OLD_SERVER, ON_THE_NEW_SERVER)))
                .isInstanceOfSatisfying(RestoreFailure.class, failure -> {
                    assertThat(failure.code()).isEqualTo("AMBIGUOUS_TRANSACTION");
                    assertThat(failure.getMessage()).isEqualTo("2 captured transactions of orders-db have the id 734 (the database moved"
                            + " to another server, or its ids wrapped around): committed at 2026-11-28T09:14:02Z, position 0/3000060;"
                            + " committed at 2026-11-29T03:01:17Z, position 0/1A2B3C8. Name the one you mean by its position");
                });
    }

    private static TransactionSummary transaction(long xid, String commitLsn, String commitTime) {
        return new TransactionSummary(xid, Lsn.parse(commitLsn), Instant.parse(commitTime), "app", null, null);
    }
}
