package dev.lifeboat.changes.segment;

import dev.lifeboat.changes.model.ChangeJson;
import dev.lifeboat.changes.model.Lsn;
import dev.lifeboat.changes.model.RowChange;
import dev.lifeboat.changes.model.SchemaChange;
import dev.lifeboat.changes.model.TableName;
import dev.lifeboat.changes.model.Transaction;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

class TransactionDecoderTest {

    private static final TableName ORDERS = new TableName("public", "orders");
    private static final TableName LINES = new TableName("shop \"eu\"", "order.lines");

    @Test
    void decodesEveryKindOfChangeAsDataBindingDoes() throws Exception {
        Map<String, String> row = new LinkedHashMap<>();
        row.put("id", "7");
        row.put("note", null);
        row.put("body", "{\"a\": [1, \"x\\ny\"]} ünïcødé \u0000");
        row.put("amount", "12.50");
        Map<String, String> key = new LinkedHashMap<>();
        key.put("id", "7");
        SchemaChange ddl = new SchemaChange("ALTER TABLE", "ALTER TABLE orders ADD c int; SELECT 1", "2026-11-25 13:00:00+00",
                "public", List.of("public.orders"), List.of(), 0, "ALTER TABLE orders ADD c int", null);
        List<Transaction> transactions = List.of(
                new Transaction(1234, Lsn.parse("0/16B3748"), Lsn.parse("0/16B3780"), Instant.parse("2026-11-25T13:33:32.882145Z"),
                        List.of(RowChange.insert(ORDERS, row), RowChange.update(ORDERS, row, key), RowChange.delete(ORDERS, key))),
                new Transaction(4_000_000_000L, Lsn.parse("1A/FF000028"), Lsn.parse("1A/FF000060"), Instant.parse("2026-11-25T13:33:33Z"),
                        List.of(RowChange.truncate(List.of(ORDERS, LINES), true, true), RowChange.schema(ddl),
                                RowChange.schema(ddl.notReplayable("DDL inside a DO block")))),
                new Transaction(5, Lsn.parse("1A/FF000100"), Lsn.parse("1A/FF000120"), Instant.parse("1999-12-31T23:59:59.1Z"), List.of()));

        assertEquals(transactions, decode(lines(transactions)));
        assertEquals(bound(lines(transactions)), decode(lines(transactions)));
    }

    @Test
    void passesOverPropertiesItDoesNotKnow() throws Exception {
        String line = "{\"xid\":9,\"later\":{\"a\":[1,{\"b\":2}]},\"commitLsn\":\"0/10\",\"endLsn\":\"0/18\","
                + "\"commitTime\":\"2026-01-01T00:00:00.5Z\",\"changes\":[{\"kind\":\"INSERT\",\"table\":{\"schema\":\"s\",\"name\":\"t\","
                + "\"oid\":5},\"values\":{\"a\":\"1\"},\"weight\":[3]}]}\n";
        assertEquals(bound(line), decode(line));
    }

    @Test
    void refusesALineThatIsNotATransaction() {
        assertThrows(IOException.class, () -> decode("[1, 2]\n"));
        assertThrows(IOException.class, () -> decode("{\"xid\":1,\"changes\":[{\"kind\":\"INSERT\",\"values\":{\"a\":[1]}}]}"));
        assertThrows(IOException.class, () -> decode("{\"xid\":1,\"commitLsn\":\"nowhere\",\"changes\":[]}"));
        assertThrows(IOException.class, () -> decode("{\"xid\":1,\"changes\":[{\"kind\":\"UPSERT\"}]}"));
        assertThrows(IOException.class, () -> decode("{\"xid\":1,\"commitTime\":\"yesterday\",\"changes\":[]}"));
    }

    @Test
    void readsInstantsAsInstantParseDoes() {
        Random random = new Random(42);
        for (int i = 0; i < 20_000; i++) {
            Instant instant = Instant.ofEpochSecond(random.nextLong(-2_000_000_000L, 8_000_000_000L), random.nextInt(1_000_000_000));
            Instant truncated = switch (i % 4) {
                case 0 -> instant.truncatedTo(java.time.temporal.ChronoUnit.SECONDS);
                case 1 -> instant.truncatedTo(java.time.temporal.ChronoUnit.MILLIS);
                case 2 -> instant.truncatedTo(java.time.temporal.ChronoUnit.MICROS);
                default -> instant;
            };
            assertEquals(truncated, TransactionDecoder.instant(truncated.toString()), truncated.toString());
        }
        for (String edge : List.of("2026-11-25T13:33:32.1Z", "+12026-11-25T13:33:32Z", "2026-02-30T13:33:32Z", "2024-02-29T00:00:00Z",
                "2026-11-25T24:00:00Z", "2016-12-31T23:59:60Z", "2026-11-25T13:33:32.Z", "2026-11-25T13:33:32.1234567890Z",
                "2026-11-25T13:3a:32Z", "2026-11-25 13:33:32Z")) {
            assertSameAsInstantParse(edge);
        }
    }

    private static void assertSameAsInstantParse(String text) {
        Instant expected;
        try {
            expected = Instant.parse(text);
        } catch (DateTimeParseException refused) {
            assertThrows(DateTimeParseException.class, () -> TransactionDecoder.instant(text), text);
            return;
        }
        assertEquals(expected, TransactionDecoder.instant(text), text);
    }

    private static String lines(List<Transaction> transactions) throws IOException {
        StringBuilder lines = new StringBuilder();
        for (Transaction transaction : transactions) {
            lines.append(ChangeJson.MAPPER.writeValueAsString(transaction)).append('\n');
        }
        return lines.toString();
    }

    private static List<Transaction> bound(String lines) throws IOException {
        List<Transaction> transactions = new ArrayList<>();
        for (String line : lines.split("\n")) {
            transactions.add(ChangeJson.MAPPER.readValue(line, Transaction.class));
        }
        return transactions;
    }

    private static List<Transaction> decode(String lines) throws Exception {
        List<Transaction> transactions = new ArrayList<>();
        TransactionDecoder.read(new ByteArrayInputStream(lines.getBytes(StandardCharsets.UTF_8)), transactions::add);
        return transactions;
    }
}
