package dev.lifeboat.changes.decode;

import dev.lifeboat.changes.model.Lsn;
import dev.lifeboat.changes.model.RowChange;
import dev.lifeboat.changes.model.SchemaChange;
import dev.lifeboat.changes.model.TableName;
import dev.lifeboat.changes.model.Transaction;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** The buffer driven directly, as the decoder drives it: changes added, then the commit. */
class TransactionBufferTest {

    private static final TableName ORDERS = new TableName("public", "orders");
    private static final TableName CUSTOMERS = new TableName("public", "customers");
    private static final TableName AUDIT_LOG = new TableName("audit", "log");
    private static final Instant COMMITTED = Instant.parse("2026-11-25T13:33:32.882145Z");
    private static final Lsn COMMIT = new Lsn(0xB0);
    private static final Lsn END = new Lsn(0xB8);

    @TempDir
    Path spill;

    private TransactionMemory memory(long bytes) {
        return new TransactionMemory(bytes, spill, "orders-db");
    }

    private static RowChange order(int id) {
        return RowChange.insert(ORDERS, Map.of("id", String.valueOf(id)));
    }

    private static SchemaChange command(String query) {
        return new SchemaChange("ALTER TABLE", query, "2026-11-25 13:33:30.5+00", "public", List.of("public.orders"), List.of(),
                0, null, null);
    }

    private List<String> spillFiles() throws IOException {
        try (var files = Files.list(spill)) {
            return files.map(file -> file.getFileName().toString()).sorted().toList();
        }
    }

    @Test
    void aTransactionWithinItsMemoryLimitStaysInMemoryAndIsDeliveredWhole() throws IOException {
        RowChange insert = order(1);
        RowChange update = RowChange.update(ORDERS, Map.of("id", "1", "note", "x"), Map.of("id", "1"));
        RowChange delete = RowChange.delete(ORDERS, Map.of("id", "1"));
        try (TransactionBuffer buffer = new TransactionBuffer(memory(1 << 20), 16)) {
            buffer.add(insert);
            buffer.add(update);
            buffer.add(delete);

            assertThat(buffer.spilled()).isFalse();
            assertThat(buffer.header()).as("no commit yet").isNull();
            assertThat(buffer.inMemory(COMMIT, END, COMMITTED))
                    .isEqualTo(new Transaction(16, COMMIT, END, COMMITTED, List.of(insert, update, delete)));
            assertThat(spillFiles()).isEmpty();
        }
        assertThat(spillFiles()).as("closing one that never spilled leaves nothing either").isEmpty();
    }

    @Test
    void spillsOnlyOnceTheHeldChangesExceedTheLimitNotWhenTheyReachIt() throws IOException {
        RowChange first = order(1);
        RowChange second = order(2);
        try (TransactionBuffer buffer = new TransactionBuffer(memory(first.estimatedBytes()), 7)) {
            buffer.add(first);
            assertThat(buffer.spilled()).isFalse();
            assertThat(spillFiles()).isEmpty();

            buffer.add(second);
            assertThat(buffer.spilled()).isTrue();
            assertThat(spillFiles()).singleElement()
                    .satisfies(name -> assertThat(name).startsWith("lifeboat-spill-orders-db.7-").endsWith(".jsonl"));
        }
        assertThat(spillFiles()).isEmpty();
    }

    @Test
    void createsAMissingSpillDirectoryWhenItFirstSpills() throws IOException {
        Path nested = spill.resolve("not").resolve("there-yet");
        try (TransactionBuffer buffer = new TransactionBuffer(new TransactionMemory(0, nested, "orders-db"), 42)) {
            buffer.add(order(1));

            assertThat(nested).isDirectory();
            try (var files = Files.list(nested)) {
                assertThat(files.map(file -> file.getFileName().toString()).toList()).singleElement()
                        .satisfies(name -> assertThat(name).startsWith("lifeboat-spill-orders-db.42-").endsWith(".jsonl"));
            }
        }
        try (var files = Files.list(nested)) {
            assertThat(files).isEmpty();
        }
    }

    @Test
    void theChangesStillHeldAtTheCommitFollowThoseSpilledBeforeIt() throws IOException {
        List<RowChange> changes = List.of(order(1), order(2), order(3), order(4), order(5));
        long each = changes.get(0).estimatedBytes();
        assertThat(changes).allSatisfy(change -> assertThat(change.estimatedBytes()).isEqualTo(each));
        // the third change outgrows the limit and spills the first three; the last two are held until the commit
        try (TransactionBuffer buffer = new TransactionBuffer(memory(3 * each - 1), 5)) {
            buffer.add(changes.get(0));
            buffer.add(changes.get(1));
            assertThat(buffer.spilled()).isFalse();
            buffer.add(changes.get(2));
            assertThat(buffer.spilled()).isTrue();
            buffer.add(changes.get(3));
            buffer.add(changes.get(4));

            assertThat(buffer.committed(COMMIT, END, COMMITTED)).isSameAs(buffer);

            assertThat(buffer.changeCount()).isEqualTo(5);
            assertThat(spillFiles()).hasSize(1);
            Iterator<Transaction> parts = buffer.parts(List.of());
            assertThat(parts.hasNext()).isTrue();
            assertThat(parts.next()).isEqualTo(new Transaction(5, COMMIT, END, COMMITTED, changes));
            assertThat(parts.hasNext()).isFalse();
        }
        assertThat(spillFiles()).isEmpty();
    }

    @Test
    void aSpilledTransactionIsReadBackInPartsOfPartChangesOfTheSameCommit() throws IOException {
        int total = 2 * TransactionBuffer.PART_CHANGES + 1;
        try (TransactionBuffer buffer = new TransactionBuffer(memory(0), 3_000_000_000L)) {
            for (int id = 1; id <= total; id++) {
                buffer.add(order(id));
            }
            buffer.committed(COMMIT, END, COMMITTED);
            assertThat(buffer.changeCount()).isEqualTo(total);
            assertThat(buffer.rowChanges()).containsExactly(Map.entry("public.orders", (long) total));

            List<Integer> sizes = new ArrayList<>();
            List<RowChange> read = new ArrayList<>();
            for (Iterator<Transaction> parts = buffer.parts(List.of()); parts.hasNext(); ) {
                Transaction part = parts.next();
                assertThat(part.xid()).isEqualTo(3_000_000_000L);
                assertThat(part.commitLsn()).isEqualTo(COMMIT);
                assertThat(part.endLsn()).isEqualTo(END);
                assertThat(part.commitTime()).isEqualTo(COMMITTED);
                sizes.add(part.changes().size());
                read.addAll(part.changes());
            }

            assertThat(sizes).containsExactly(TransactionBuffer.PART_CHANGES, TransactionBuffer.PART_CHANGES, 1);
            assertThat(read).hasSize(total);
            for (int i = 0; i < total; i++) {
                assertThat(read.get(i)).isEqualTo(order(i + 1));
            }
        }
        assertThat(spillFiles()).isEmpty();
    }

    @Test
    void exactlyPartChangesAreReadBackAsOnePart() throws IOException {
        try (TransactionBuffer buffer = new TransactionBuffer(memory(0), 9)) {
            for (int id = 1; id <= TransactionBuffer.PART_CHANGES; id++) {
                buffer.add(order(id));
            }
            buffer.committed(COMMIT, END, COMMITTED);

            Iterator<Transaction> parts = buffer.parts(List.of());
            assertThat(parts.next().changes()).hasSize(TransactionBuffer.PART_CHANGES);
            assertThat(parts.hasNext()).isFalse();
        }
    }

    @Test
    void eachSpilledSchemaChangeIsReplacedInOrderByItsResolvedCommand() throws IOException {
        SchemaChange addColumn = command("ALTER TABLE orders ADD c int; SELECT 1");
        SchemaChange dropColumn = command("ALTER TABLE orders DROP c");
        SchemaChange addResolved = addColumn.replaying("ALTER TABLE orders ADD c int");
        SchemaChange dropResolved = dropColumn.notReplayable("for the test");
        try (TransactionBuffer buffer = new TransactionBuffer(memory(0), 11)) {
            buffer.add(order(1));
            buffer.add(RowChange.schema(addColumn));
            buffer.add(order(2));
            buffer.add(RowChange.schema(dropColumn));
            buffer.add(order(3));
            buffer.committed(COMMIT, END, COMMITTED);

            Iterator<Transaction> parts = buffer.parts(List.of(addResolved, dropResolved));

            assertThat(parts.next().changes()).containsExactly(order(1), RowChange.schema(addResolved), order(2),
                    RowChange.schema(dropResolved), order(3));
            assertThat(parts.hasNext()).isFalse();
        }
    }

    @Test
    void commandsAreTheTransactionsSchemaChangesAloneAsTheyArrivedAtItsCommit() {
        SchemaChange addColumn = command("ALTER TABLE orders ADD c int");
        SchemaChange dropColumn = command("ALTER TABLE orders DROP c");
        try (TransactionBuffer buffer = new TransactionBuffer(memory(0), 12)) {
            buffer.add(RowChange.schema(addColumn));
            buffer.add(order(1));
            buffer.add(RowChange.schema(dropColumn));
            buffer.committed(COMMIT, END, COMMITTED);

            assertThat(buffer.commands()).isEqualTo(new Transaction(12, COMMIT, END, COMMITTED,
                    List.of(RowChange.schema(addColumn), RowChange.schema(dropColumn))));
            assertThat(buffer.header()).isEqualTo(new Transaction(12, COMMIT, END, COMMITTED, List.of()));
            assertThat(buffer.changeCount()).as("a DDL command counts as a change").isEqualTo(3);
            assertThat(buffer.rowChanges()).as("but touches no table's rows").containsExactly(Map.entry("public.orders", 1L));
            assertThat(buffer.touched()).containsExactly(ORDERS);
        }
    }

    @Test
    void countsRowChangesByTableAndEveryTableATruncateEmpties() {
        try (TransactionBuffer buffer = new TransactionBuffer(memory(1 << 20), 13)) {
            buffer.add(order(1));
            buffer.add(RowChange.insert(CUSTOMERS, Map.of("id", "1")));
            buffer.add(RowChange.delete(ORDERS, Map.of("id", "1")));
            buffer.add(RowChange.truncate(List.of(CUSTOMERS, AUDIT_LOG), true, false));
            buffer.add(RowChange.schema(command("ALTER TABLE orders ADD c int")));

            assertThat(buffer.changeCount()).isEqualTo(5);
            assertThat(buffer.rowChanges()).as("by qualified name, sorted").containsExactly(
                    Map.entry("audit.log", 1L), Map.entry("public.customers", 2L), Map.entry("public.orders", 2L));
            assertThat(buffer.touched()).as("in the order first touched").containsExactly(ORDERS, CUSTOMERS, AUDIT_LOG);
            assertThat(buffer.spilled()).isFalse();
        }
    }

    @Test
    void aScratchFileLiesBesideTheSpillFileOutlivesCloseAndIsSwept() throws IOException {
        Path scratch;
        try (TransactionBuffer buffer = new TransactionBuffer(memory(0), 21)) {
            buffer.add(order(1));
            buffer.committed(COMMIT, END, COMMITTED);

            scratch = buffer.scratchFile(".segment");

            assertThat(scratch).exists().hasParent(spill);
            assertThat(scratch.getFileName().toString()).startsWith("lifeboat-spill-orders-db.21-").endsWith(".segment");
            assertThat(spillFiles()).hasSize(2);
        }
        assertThat(spillFiles()).as("close deletes its spill file only").containsExactly(scratch.getFileName().toString());

        TransactionBuffer.sweep(memory(0));

        assertThat(spillFiles()).isEmpty();
    }

    @Test
    void sweepDeletesOnlyThisOwnersLeftovers() throws IOException {
        Files.writeString(spill.resolve("lifeboat-spill-orders-db.1-123.jsonl"), "{}");
        Files.writeString(spill.resolve("lifeboat-spill-orders-db.2-456.segment"), "x");
        Files.writeString(spill.resolve("lifeboat-spill-orders-db2.3-789.jsonl"), "{}");
        Files.writeString(spill.resolve("notes.txt"), "kept");

        TransactionBuffer.sweep(memory(0));

        assertThat(spillFiles()).containsExactly("lifeboat-spill-orders-db2.3-789.jsonl", "notes.txt");
    }

    @Test
    void sweepOfASpillDirectoryThatIsNotThereDoesNothing() throws IOException {
        Path missing = spill.resolve("missing");

        TransactionBuffer.sweep(new TransactionMemory(0, missing, "orders-db"));

        assertThat(missing).doesNotExist();
    }
}
