package dev.lifeboat.changes.decode;

import dev.lifeboat.changes.model.Lsn;
import dev.lifeboat.changes.model.RowChange;
import dev.lifeboat.changes.model.SchemaChange;
import dev.lifeboat.changes.model.TableDefinition;
import dev.lifeboat.changes.model.TableDefinition.Column;
import dev.lifeboat.changes.model.TableName;
import dev.lifeboat.changes.model.Transaction;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** pgoutput messages (protocol version 1, text values) built byte by byte as PostgreSQL documents them. */
class PgOutputDecoderTest {

    private static final Instant POSTGRES_EPOCH = Instant.parse("2000-01-01T00:00:00Z");
    private static final TableName ORDERS = new TableName("public", "orders");
    private static final int ORDERS_OID = 16385;
    private static final List<Column> ORDER_COLUMNS = List.of(new Column("id", 23, -1, true), new Column("note", 25, -1, false),
            new Column("amount", 1700, 655366, false));
    private static final TableDefinition ORDERS_TABLE = new TableDefinition(ORDERS, ORDERS_OID, 'd', ORDER_COLUMNS);
    private static final String PREFIX = SchemaChange.PREFIX + "lifeboat_slot";
    private static final Instant COMMITTED = Instant.parse("2026-11-25T13:33:32.882145Z");

    @TempDir
    Path spill;

    /** A column 'u': an unchanged TOAST value. */
    private enum Unchanged { VALUE }

    private record Described(TableDefinition before, TableDefinition definition) {
    }

    private record Message(String prefix, String content, Lsn at) {
    }

    /** Every callback, in stream order. */
    private static final class Recorder implements StreamListener {
        final List<Object> events = new ArrayList<>();

        @Override
        public void committed(Transaction transaction) {
            events.add(transaction);
        }

        @Override
        public void committed(TransactionBuffer spilled) {
            events.add(spilled);
        }

        @Override
        public void described(TableDefinition before, TableDefinition definition) {
            events.add(new Described(before, definition));
        }

        @Override
        public void schemaChanged(SchemaChange command) {
            events.add(command);
        }

        @Override
        public void message(String prefix, String content, Lsn at) {
            events.add(new Message(prefix, content, at));
        }

        Transaction lastTransaction() {
            return (Transaction) events.get(events.size() - 1);
        }
    }

    private final Recorder recorder = new Recorder();

    private PgOutputDecoder decoder(long memoryBytes) {
        return new PgOutputDecoder(recorder, PREFIX, new TransactionMemory(memoryBytes, spill, "orders-db"));
    }

    private PgOutputDecoder decoder() {
        return decoder(1 << 20);
    }

    // --- the messages, field by field ---

    private static final class Bytes {
        private final ByteBuffer buffer = ByteBuffer.allocate(8192);

        Bytes(char type) {
            buffer.put((byte) type);
        }

        Bytes int8(int value) {
            buffer.put((byte) value);
            return this;
        }

        Bytes int16(int value) {
            buffer.putShort((short) value);
            return this;
        }

        Bytes int32(int value) {
            buffer.putInt(value);
            return this;
        }

        Bytes int64(long value) {
            buffer.putLong(value);
            return this;
        }

        Bytes string(String text) {
            buffer.put(text.getBytes(StandardCharsets.UTF_8)).put((byte) 0);
            return this;
        }

        /** TupleData: Int16 columns, then per column 'n', 'u' or 't' Int32 length and the text's bytes. */
        Bytes tuple(Object... values) {
            int16(values.length);
            for (Object value : values) {
                if (value == null) {
                    int8('n');
                } else if (value == Unchanged.VALUE) {
                    int8('u');
                } else {
                    byte[] text = ((String) value).getBytes(StandardCharsets.UTF_8);
                    int8('t').int32(text.length);
                    buffer.put(text);
                }
            }
            return this;
        }

        ByteBuffer message() {
            return buffer.flip();
        }
    }

    private static long micros(Instant instant) {
        return ChronoUnit.MICROS.between(POSTGRES_EPOCH, instant);
    }

    private static ByteBuffer begin(long xid) {
        return new Bytes('B').int64(0x16B3748L).int64(micros(Instant.parse("2026-01-01T00:00:00Z"))).int32((int) xid).message();
    }

    private static ByteBuffer commit(long commitLsn, long endLsn, Instant time) {
        return new Bytes('C').int8(0).int64(commitLsn).int64(endLsn).int64(micros(time)).message();
    }

    private static ByteBuffer relation(int oid, TableName table, char identity, List<Column> columns) {
        Bytes bytes = new Bytes('R').int32(oid).string(table.schema()).string(table.name()).int8(identity).int16(columns.size());
        for (Column column : columns) {
            bytes.int8(column.key() ? 1 : 0).string(column.name()).int32(column.typeOid()).int32(column.typeModifier());
        }
        return bytes.message();
    }

    private static ByteBuffer orders() {
        return relation(ORDERS_OID, ORDERS, 'd', ORDER_COLUMNS);
    }

    private static ByteBuffer insert(int oid, Object... values) {
        return new Bytes('I').int32(oid).int8('N').tuple(values).message();
    }

    private static ByteBuffer logicalMessage(boolean transactional, long lsn, String prefix, String content) {
        byte[] bytes = content.getBytes(StandardCharsets.UTF_8);
        Bytes message = new Bytes('M').int8(transactional ? 1 : 0).int64(lsn).string(prefix).int32(bytes.length);
        message.buffer.put(bytes);
        return message.message();
    }

    private static Map<String, String> row(String... namesAndValues) {
        Map<String, String> row = new LinkedHashMap<>();
        for (int i = 0; i < namesAndValues.length; i += 2) {
            row.put(namesAndValues[i], namesAndValues[i + 1]);
        }
        return row;
    }

    // --- the tests ---

    @Test
    void decodesATransactionsInsertsIntoOneCommittedTransactionAtItsCommit() {
        PgOutputDecoder decoder = decoder();
        assertThat(decoder.inTransaction()).isFalse();
        decoder.decode(begin(4_000_000_000L));
        assertThat(decoder.inTransaction()).isTrue();
        decoder.decode(orders());
        decoder.decode(insert(ORDERS_OID, "7", null, "12.50"));
        decoder.decode(insert(ORDERS_OID, "8", "ünïcødé ✓", "0"));
        assertThat(recorder.events).as("nothing is delivered before the commit").hasSize(1);
        decoder.decode(commit(0x1AFF000028L, 0x1AFF000060L, COMMITTED));

        assertThat(decoder.inTransaction()).isFalse();
        assertThat(recorder.events).containsExactly(new Described(null, ORDERS_TABLE),
                new Transaction(4_000_000_000L, Lsn.parse("1A/FF000028"), Lsn.parse("1A/FF000060"), COMMITTED, List.of(
                        RowChange.insert(ORDERS, row("id", "7", "note", null, "amount", "12.50")),
                        RowChange.insert(ORDERS, row("id", "8", "note", "ünïcødé ✓", "amount", "0")))));
        assertThat(recorder.lastTransaction().changes().get(0).values()).containsKey("note").containsEntry("note", null);
    }

    @Test
    void readsTimestampsAsMicrosecondsSincePostgresEpoch() {
        assertThat(PgOutputDecoder.instant(0)).isEqualTo(Instant.parse("2000-01-01T00:00:00Z"));
        assertThat(PgOutputDecoder.instant(1)).isEqualTo(Instant.parse("2000-01-01T00:00:00.000001Z"));
        assertThat(PgOutputDecoder.instant(-1)).isEqualTo(Instant.parse("1999-12-31T23:59:59.999999Z"));
        assertThat(PgOutputDecoder.instant(-900_000)).isEqualTo(Instant.parse("1999-12-31T23:59:59.1Z"));

        PgOutputDecoder decoder = decoder();
        decoder.decode(begin(9));
        decoder.decode(commit(0x10, 0x18, Instant.parse("1999-12-31T23:59:59.1Z")));
        assertThat(recorder.lastTransaction()).as("the commit's time, not the begin's").isEqualTo(
                new Transaction(9, new Lsn(0x10), new Lsn(0x18), Instant.parse("1999-12-31T23:59:59.1Z"), List.of()));
    }

    @Test
    void describesATableByItsUnsignedOidAndTellsTheDefinitionItSaidBefore() {
        TableName table = new TableName("shop \"eu\"", "bestellpositionen_ä");
        List<Column> columns = List.of(new Column("order_id", 20, -1, true), new Column("line", 21, -1, true),
                new Column("sku", 1043, 36, false));
        List<Column> widened = List.of(new Column("order_id", 20, -1, true), new Column("line", 21, -1, true),
                new Column("sku", 1043, 68, false));
        PgOutputDecoder decoder = decoder();

        decoder.decode(relation((int) 3_000_000_000L, table, 'f', columns));
        decoder.decode(relation((int) 3_000_000_000L, table, 'f', widened));

        TableDefinition first = new TableDefinition(table, 3_000_000_000L, 'f', columns);
        TableDefinition second = new TableDefinition(table, 3_000_000_000L, 'f', widened);
        assertThat(recorder.events).containsExactly(new Described(null, first), new Described(first, second));
        assertThat(second.keyColumns()).containsExactly("order_id", "line");
    }

    @Test
    void anUpdateWithoutAnOldRowFindsItsRowByTheNewRowsKeyAndLeavesAnUnchangedToastValueOut() {
        PgOutputDecoder decoder = decoder();
        decoder.decode(begin(10));
        decoder.decode(orders());
        decoder.decode(new Bytes('U').int32(ORDERS_OID).int8('N').tuple("7", Unchanged.VALUE, "13.00").message());
        decoder.decode(commit(0x20, 0x28, COMMITTED));

        RowChange update = recorder.lastTransaction().changes().get(0);
        assertThat(update).isEqualTo(RowChange.update(ORDERS, row("id", "7", "amount", "13.00"), row("id", "7")));
        assertThat(update.values()).doesNotContainKey("note");
        assertThat(update.values().keySet()).containsExactly("id", "amount");
    }

    @Test
    void anUpdateOfItsKeyFindsItsRowByTheOldKeyAndOneOfAFullIdentityByTheWholeOldRow() {
        PgOutputDecoder decoder = decoder();
        decoder.decode(begin(11));
        decoder.decode(orders());
        decoder.decode(new Bytes('U').int32(ORDERS_OID).int8('K').tuple("6", null, null)
                .int8('N').tuple("7", "moved", "1").message());
        decoder.decode(new Bytes('U').int32(ORDERS_OID).int8('O').tuple("7", null, "1")
                .int8('N').tuple("7", "paid", "1").message());
        decoder.decode(commit(0x30, 0x38, COMMITTED));

        assertThat(recorder.lastTransaction().changes()).containsExactly(
                RowChange.update(ORDERS, row("id", "7", "note", "moved", "amount", "1"), row("id", "6")),
                RowChange.update(ORDERS, row("id", "7", "note", "paid", "amount", "1"), row("id", "7", "note", null, "amount", "1")));
    }

    @Test
    void aDeleteFindsItsRowByItsKeyOrByTheWholeOldRow() {
        PgOutputDecoder decoder = decoder();
        decoder.decode(begin(12));
        decoder.decode(orders());
        decoder.decode(new Bytes('D').int32(ORDERS_OID).int8('K').tuple("7", null, null).message());
        decoder.decode(new Bytes('D').int32(ORDERS_OID).int8('O').tuple("8", "gift", "5.00").message());
        decoder.decode(commit(0x40, 0x48, COMMITTED));

        assertThat(recorder.lastTransaction().changes()).containsExactly(
                RowChange.delete(ORDERS, row("id", "7")),
                RowChange.delete(ORDERS, row("id", "8", "note", "gift", "amount", "5.00")));
        assertThat(recorder.lastTransaction().changes()).allSatisfy(delete -> assertThat(delete.values()).isNull());
    }

    @Test
    void aTruncateNamesEveryTableWithItsCascadeAndRestartIdentity() {
        TableName lines = new TableName("public", "order_lines");
        PgOutputDecoder decoder = decoder();
        decoder.decode(begin(13));
        decoder.decode(orders());
        decoder.decode(relation(16390, lines, 'd', List.of(new Column("id", 23, -1, true))));
        decoder.decode(new Bytes('T').int32(2).int8(1).int32(ORDERS_OID).int32(16390).message());
        decoder.decode(new Bytes('T').int32(1).int8(2).int32(16390).message());
        decoder.decode(new Bytes('T').int32(1).int8(3).int32(ORDERS_OID).message());
        decoder.decode(new Bytes('T').int32(1).int8(0).int32(ORDERS_OID).message());
        decoder.decode(commit(0x50, 0x58, COMMITTED));

        assertThat(recorder.lastTransaction().changes()).containsExactly(
                RowChange.truncate(List.of(ORDERS, lines), true, false),
                RowChange.truncate(List.of(lines), false, true),
                RowChange.truncate(List.of(ORDERS), true, true),
                RowChange.truncate(List.of(ORDERS), false, false));
    }

    @Test
    void aTransactionalSchemaChangeMessageTakesItsPlaceAmongTheRowChanges() {
        String record = "{\"tag\":\"ALTER TABLE\",\"query\":\"ALTER TABLE orders ADD c int; SELECT 1\","
                + "\"startedAt\":\"2026-11-25 13:33:30.5+00\",\"searchPath\":\"\\\"$user\\\", public\",\"tables\":[\"public.orders\"],"
                + "\"dropped\":null,\"rewrite\":0}";
        SchemaChange command = new SchemaChange("ALTER TABLE", "ALTER TABLE orders ADD c int; SELECT 1", "2026-11-25 13:33:30.5+00",
                "\"$user\", public", List.of("public.orders"), List.of(), 0, null, null);
        PgOutputDecoder decoder = decoder();
        decoder.decode(begin(14));
        decoder.decode(orders());
        decoder.decode(insert(ORDERS_OID, "1", null, "1"));
        decoder.decode(logicalMessage(true, 0x60, PREFIX, record));
        decoder.decode(insert(ORDERS_OID, "2", null, "2"));
        decoder.decode(commit(0x70, 0x78, COMMITTED));

        assertThat(recorder.events).hasSize(3);
        assertThat(recorder.events.get(1)).as("told while its transaction is open").isEqualTo(command);
        assertThat(recorder.lastTransaction().changes()).containsExactly(
                RowChange.insert(ORDERS, row("id", "1", "note", null, "amount", "1")),
                RowChange.schema(command),
                RowChange.insert(ORDERS, row("id", "2", "note", null, "amount", "2")));
    }

    @Test
    void aNonTransactionalMessageGoesToTheListenerAndAnotherPrefixsTransactionalOneIsPassedOver() {
        PgOutputDecoder decoder = decoder();
        decoder.decode(logicalMessage(false, 0x1AFF000100L, "lifeboat-heartbeat", "2026-11-25 13:40:00+00"));
        decoder.decode(begin(15));
        decoder.decode(logicalMessage(true, 0x80, SchemaChange.PREFIX + "another_slot", "{\"tag\":\"DROP TABLE\"}"));
        decoder.decode(logicalMessage(true, 0x81, "someone-else", "not json at all"));
        decoder.decode(commit(0x90, 0x98, COMMITTED));

        assertThat(recorder.events).containsExactly(
                new Message("lifeboat-heartbeat", "2026-11-25 13:40:00+00", Lsn.parse("1A/FF000100")),
                new Transaction(15, new Lsn(0x90), new Lsn(0x98), COMMITTED, List.of()));
    }

    @Test
    void originAndTypeMessagesChangeNothing() {
        PgOutputDecoder decoder = decoder();
        decoder.decode(new Bytes('Y').int32(70000).string("public").string("mood").message());
        decoder.decode(begin(16));
        decoder.decode(new Bytes('O').int64(0x1234).string("pg_16384").message());
        decoder.decode(orders());
        decoder.decode(new Bytes('Y').int32(70001).string("public").string("colour").message());
        decoder.decode(insert(ORDERS_OID, "1", "x", "2"));
        decoder.decode(commit(0xA0, 0xA8, COMMITTED));

        assertThat(recorder.events).containsExactly(new Described(null, ORDERS_TABLE),
                new Transaction(16, new Lsn(0xA0), new Lsn(0xA8), COMMITTED,
                        List.of(RowChange.insert(ORDERS, row("id", "1", "note", "x", "amount", "2")))));
    }

    @Test
    void aTransactionTooLargeForMemoryIsDeliveredSpilledAndReadBackInOrder() throws Exception {
        PgOutputDecoder decoder = decoder(0);
        decoder.decode(begin(4_000_000_000L));
        decoder.decode(orders());
        decoder.decode(insert(ORDERS_OID, "1", null, "1"));
        decoder.decode(new Bytes('U').int32(ORDERS_OID).int8('N').tuple("1", "x", Unchanged.VALUE).message());
        decoder.decode(new Bytes('D').int32(ORDERS_OID).int8('K').tuple("1", null, null).message());
        decoder.decode(commit(0xB0, 0xB8, COMMITTED));

        assertThat(recorder.events).hasSize(2).last().isInstanceOf(TransactionBuffer.class);
        try (TransactionBuffer spilled = (TransactionBuffer) recorder.events.get(1)) {
            assertThat(spilled.spilled()).isTrue();
            assertThat(spilled.header()).isEqualTo(new Transaction(4_000_000_000L, new Lsn(0xB0), new Lsn(0xB8), COMMITTED, List.of()));
            assertThat(spilled.changeCount()).isEqualTo(3);
            assertThat(spilled.rowChanges()).containsExactly(Map.entry("public.orders", 3L));
            assertThat(spilled.touched()).containsExactly(ORDERS);
            try (var files = Files.list(spill)) {
                assertThat(files.map(file -> file.getFileName().toString()).toList()).singleElement()
                        .satisfies(name -> assertThat(name).startsWith("lifeboat-spill-orders-db.4000000000-").endsWith(".jsonl"));
            }
            Iterator<Transaction> parts = spilled.parts(List.of());
            assertThat(parts.next()).isEqualTo(new Transaction(4_000_000_000L, new Lsn(0xB0), new Lsn(0xB8), COMMITTED, List.of(
                    RowChange.insert(ORDERS, row("id", "1", "note", null, "amount", "1")),
                    RowChange.update(ORDERS, row("id", "1", "note", "x"), row("id", "1")),
                    RowChange.delete(ORDERS, row("id", "1")))));
            assertThat(parts.hasNext()).isFalse();
        }
        try (var files = Files.list(spill)) {
            assertThat(files).as("closing it deletes its changes").isEmpty();
        }
    }

    @Test
    void closeLetsGoOfATransactionTheStreamBrokeOff() throws Exception {
        PgOutputDecoder decoder = decoder(0);
        decoder.decode(begin(17));
        decoder.decode(orders());
        decoder.decode(insert(ORDERS_OID, "1", null, "1"));
        try (var files = Files.list(spill)) {
            assertThat(files).hasSize(1);
        }

        decoder.close();

        assertThat(decoder.inTransaction()).isFalse();
        try (var files = Files.list(spill)) {
            assertThat(files).isEmpty();
        }
        assertThatThrownBy(() -> decoder.decode(commit(0xC0, 0xC8, COMMITTED)))
                .isInstanceOf(DecodingException.class).hasMessage("Commit outside a transaction");
        assertThat(recorder.events).containsExactly(new Described(null, ORDERS_TABLE));
    }

    @Test
    void refusesAMessageItCannotRead() {
        assertRefused("unknown pgoutput message 'X'", new Bytes('X').int32(1).message());
        assertRefused("a change of relation 99 before its description", begin(1), insert(99, "1"));
        assertRefused("Insert outside a transaction", orders(), insert(ORDERS_OID, "1", null, "1"));
        assertRefused("Commit outside a transaction", commit(0x10, 0x18, COMMITTED));
        assertRefused("Insert with part 'K' where 'N' belongs", begin(1), orders(),
                new Bytes('I').int32(ORDERS_OID).int8('K').tuple("1", null, null).message());
        assertRefused("public.orders has 3 columns but a row of 2", begin(1), orders(), insert(ORDERS_OID, "1", "x"));
        assertRefused("value kind 'b' in a row of public.orders", begin(1), orders(),
                new Bytes('I').int32(ORDERS_OID).int8('N').int16(3).int8('b').int32(4).int32(7).message());
        assertRefused("Update of public.orders without its new row", begin(1), orders(),
                new Bytes('U').int32(ORDERS_OID).int8('X').tuple("1", null, null).message());
        assertRefused("Delete of public.orders without its key", begin(1), orders(),
                new Bytes('D').int32(ORDERS_OID).int8('N').tuple("1", null, null).message());
    }

    @Test
    void refusesASchemaChangeRecordThatIsNotOne() {
        PgOutputDecoder decoder = decoder();
        decoder.decode(begin(18));

        assertThatThrownBy(() -> decoder.decode(logicalMessage(true, 0x10, PREFIX, "ALTER TABLE orders ADD c int")))
                .isInstanceOf(DecodingException.class).hasMessageStartingWith("a schema change record that is not one: ");
    }

    private void assertRefused(String why, ByteBuffer... messages) {
        PgOutputDecoder decoder = decoder();
        for (int i = 0; i < messages.length - 1; i++) {
            decoder.decode(messages[i]);
        }
        assertThatThrownBy(() -> decoder.decode(messages[messages.length - 1]))
                .as(why).isInstanceOf(DecodingException.class).hasMessage(why);
    }
}
