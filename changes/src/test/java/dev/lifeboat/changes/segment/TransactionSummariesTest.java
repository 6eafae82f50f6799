package dev.lifeboat.changes.segment;

import dev.lifeboat.changes.model.Lsn;
import dev.lifeboat.changes.model.RowChange;
import dev.lifeboat.changes.model.SchemaChange;
import dev.lifeboat.changes.model.TableName;
import dev.lifeboat.changes.model.Transaction;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class TransactionSummariesTest {

    private static final TableName ORDERS = new TableName("public", "orders");

    @Test
    void theLinesOfOneCommitAreOneTransactionTheirRowsCountedTogether() {
        TransactionSummaries summaries = new TransactionSummaries();
        summaries.add(line(10, RowChange.delete(ORDERS, Map.of("id", "1")), RowChange.delete(ORDERS, Map.of("id", "2"))));
        summaries.add(line(10, RowChange.delete(ORDERS, Map.of("id", "3")), RowChange.insert(ORDERS, Map.of("id", "4"))));
        summaries.add(line(20, RowChange.truncate(List.of(ORDERS), false, false)));

        assertThat(summaries.summaries()).extracting(TransactionSummary::commitLsn).containsExactly(new Lsn(10), new Lsn(20));
        assertThat(summaries.summaries().get(0).tables().get("public.orders"))
                .isEqualTo(new TransactionSummary.TableRows(1, 0, 3, false));
        assertThat(summaries.summaries().get(1).tables().get("public.orders").truncated()).isTrue();
        assertThat(summaries.summaries().get(1).rowsTouched()).isZero();
    }

    @Test
    void aCommandThatMayCarryAPasswordIsShownWithoutItsText() {
        TransactionSummaries summaries = new TransactionSummaries();
        summaries.add(line(30, ddl("CREATE SUBSCRIPTION", "CREATE SUBSCRIPTION s CONNECTION 'host=h password=hunter2' PUBLICATION p"),
                ddl("CREATE USER MAPPING", "CREATE USER MAPPING FOR app SERVER remote OPTIONS (user 'app', password 'hunter2')"),
                ddl("ALTER TABLE", "ALTER TABLE vault ADD COLUMN note text DEFAULT 'secret'"),
                ddl("ALTER TABLE", "ALTER TABLE orders ADD COLUMN note text")));

        List<TransactionSummary.SchemaCommand> commands = summaries.summaries().get(0).schemaChanges();
        assertThat(commands).extracting(TransactionSummary.SchemaCommand::statement).containsExactly(
                "CREATE SUBSCRIPTION (its text is withheld: it may carry a password)",
                "CREATE USER MAPPING (its text is withheld: it may carry a password)",
                "ALTER TABLE (its text is withheld: it may carry a password)",
                "ALTER TABLE orders ADD COLUMN note text");
        assertThat(commands.toString()).doesNotContain("hunter2");
    }

    private static Transaction line(long commit, RowChange... changes) {
        return new Transaction(commit, new Lsn(commit), new Lsn(commit + 1), Instant.parse("2026-11-27T03:00:00Z"), List.of(changes));
    }

    private static RowChange ddl(String tag, String statement) {
        return RowChange.schema(new SchemaChange(tag, statement, "2026-11-27 03:00:00+00", "public", List.of(), List.of(), 0,
                statement, null, "app_owner"));
    }
}
