package dev.lifeboat.changes.segment;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import dev.lifeboat.changes.model.ChangeJson;
import dev.lifeboat.changes.model.Lsn;
import dev.lifeboat.changes.model.RowChange;
import dev.lifeboat.changes.model.SchemaChange;
import dev.lifeboat.changes.model.TableName;
import dev.lifeboat.changes.model.Transaction;

import java.io.IOException;
import java.io.InputStream;
import java.time.DateTimeException;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A segment's transactions (one JSON object per line, as {@link ChangeJson} writes them) read with Jackson's streaming
 * parser: the same {@link Transaction}s as data binding gives, at about twice its speed, which matters because a replay
 * reads every row change of the window (a DDL command's record, rare, is still bound). Properties it does not know are
 * passed over, as the archive's mapper does.
 */
final class TransactionDecoder {

    private TransactionDecoder() {
    }

    static void read(InputStream lines, TransactionSink sink) throws Exception {
        try (JsonParser parser = ChangeJson.MAPPER.createParser(lines)) {
            JsonToken token;
            while ((token = parser.nextToken()) != null) {
                expect(parser, token, JsonToken.START_OBJECT);
                Transaction transaction;
                try {
                    transaction = transaction(parser);
                } catch (IllegalArgumentException | DateTimeException e) {
                    // a position, kind or time that is not one: unreadable as data binding's errors were
                    throw new IOException("a segment line cannot be read at " + parser.currentLocation() + ": " + e.getMessage(), e);
                }
                sink.accept(transaction);
            }
        }
    }

    private static Transaction transaction(JsonParser parser) throws IOException {
        long xid = 0;
        Lsn commitLsn = null;
        Lsn endLsn = null;
        Instant commitTime = null;
        List<RowChange> changes = new ArrayList<>();
        while (parser.nextToken() == JsonToken.FIELD_NAME) {
            String field = parser.currentName();
            JsonToken value = parser.nextToken();
            switch (field) {
                case "xid" -> xid = parser.getLongValue();
                case "commitLsn" -> commitLsn = lsn(parser, value);
                case "endLsn" -> endLsn = lsn(parser, value);
                case "commitTime" -> commitTime = value == JsonToken.VALUE_NULL ? null : instant(parser.getText());
                case "changes" -> {
                    expect(parser, value, JsonToken.START_ARRAY);
                    while (parser.nextToken() == JsonToken.START_OBJECT) {
                        changes.add(change(parser));
                    }
                }
                default -> parser.skipChildren();
            }
        }
        return new Transaction(xid, commitLsn, endLsn, commitTime, changes);
    }

    private static RowChange change(JsonParser parser) throws IOException {
        RowChange.Kind kind = null;
        TableName table = null;
        Map<String, String> values = null;
        Map<String, String> key = null;
        List<TableName> tables = null;
        boolean cascade = false;
        boolean restartIdentity = false;
        SchemaChange schemaChange = null;
        while (parser.nextToken() == JsonToken.FIELD_NAME) {
            String field = parser.currentName();
            JsonToken value = parser.nextToken();
            if (value == JsonToken.VALUE_NULL) {
                continue;
            }
            switch (field) {
                case "kind" -> kind = RowChange.Kind.valueOf(parser.getText());
                case "table" -> table = table(parser, value);
                case "values" -> values = texts(parser, value);
                case "key" -> key = texts(parser, value);
                case "tables" -> {
                    expect(parser, value, JsonToken.START_ARRAY);
                    tables = new ArrayList<>();
                    JsonToken next;
                    while ((next = parser.nextToken()) != JsonToken.END_ARRAY) {
                        tables.add(table(parser, next));
                    }
                }
                case "cascade" -> cascade = parser.getBooleanValue();
                case "restartIdentity" -> restartIdentity = parser.getBooleanValue();
                case "schemaChange" -> schemaChange = ChangeJson.MAPPER.readValue(parser, SchemaChange.class);
                default -> parser.skipChildren();
            }
        }
        return new RowChange(kind, table, values, key, tables, cascade, restartIdentity, schemaChange);
    }

    private static TableName table(JsonParser parser, JsonToken value) throws IOException {
        expect(parser, value, JsonToken.START_OBJECT);
        String schema = null;
        String name = null;
        while (parser.nextToken() == JsonToken.FIELD_NAME) {
            String field = parser.currentName();
            parser.nextToken();
            switch (field) {
                case "schema" -> schema = parser.getValueAsString();
                case "name" -> name = parser.getValueAsString();
                default -> parser.skipChildren();
            }
        }
        return new TableName(schema, name);
    }

    /** A map of column to text, in its order; a JSON null is SQL NULL. */
    private static Map<String, String> texts(JsonParser parser, JsonToken value) throws IOException {
        expect(parser, value, JsonToken.START_OBJECT);
        Map<String, String> texts = new LinkedHashMap<>();
        while (parser.nextToken() == JsonToken.FIELD_NAME) {
            String column = parser.currentName();
            JsonToken text = parser.nextToken();
            if (text != JsonToken.VALUE_STRING && text != JsonToken.VALUE_NULL) {
                throw new IOException("column " + column + " holds " + text + " where a text or null belongs, at " + parser.currentLocation());
            }
            texts.put(column, text == JsonToken.VALUE_NULL ? null : parser.getText());
        }
        return texts;
    }

    private static Lsn lsn(JsonParser parser, JsonToken value) throws IOException {
        return value == JsonToken.VALUE_NULL ? null : Lsn.parse(parser.getText());
    }

    /**
     * An instant as ISO-8601 in UTC writes it ({@code 2026-11-25T13:33:32.882145Z}, the fraction of 0 to 9 digits),
     * read without a formatter; any other form goes to {@link Instant#parse}.
     */
    static Instant instant(String text) {
        int length = text.length();
        if (length >= 20 && length <= 30 && text.charAt(4) == '-' && text.charAt(7) == '-' && text.charAt(10) == 'T'
                && text.charAt(13) == ':' && text.charAt(16) == ':' && text.charAt(length - 1) == 'Z'
                && (length == 20 || text.charAt(19) == '.' && length > 21)) {
            try {
                long day = LocalDate.of(digits(text, 0, 4), digits(text, 5, 7), digits(text, 8, 10)).toEpochDay();
                int hour = digits(text, 11, 13);
                int minute = digits(text, 14, 16);
                int second = digits(text, 17, 19);
                int nanos = 0;
                if (length > 20) {
                    int fraction = length - 21;
                    nanos = digits(text, 20, length - 1);
                    for (int i = fraction; i < 9; i++) {
                        nanos *= 10;
                    }
                }
                if (hour < 24 && minute < 60 && second < 60) {
                    return Instant.ofEpochSecond(day * 86_400 + hour * 3_600L + minute * 60L + second, nanos);
                }
            } catch (DateTimeException | NumberFormatException e) {
                // not a date: Instant.parse says why
            }
        }
        return Instant.parse(text);
    }

    private static int digits(String text, int from, int to) {
        int value = 0;
        for (int i = from; i < to; i++) {
            char c = text.charAt(i);
            if (c < '0' || c > '9') {
                throw new NumberFormatException(text);
            }
            value = value * 10 + (c - '0');
        }
        return value;
    }

    private static void expect(JsonParser parser, JsonToken found, JsonToken expected) throws IOException {
        if (found != expected) {
            throw new IOException("a segment line holds " + found + " where " + expected + " belongs, at " + parser.currentLocation());
        }
    }
}
