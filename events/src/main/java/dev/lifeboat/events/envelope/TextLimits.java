package dev.lifeboat.events.envelope;

import dev.lifeboat.events.envelope.InvalidEventException.Problem;

import java.nio.charset.StandardCharsets;

/**
 * What a text of the contract may hold, so that whatever an event carries can be stored by every
 * service that records it: no NUL character (PostgreSQL's {@code text} and {@code jsonb} refuse it),
 * and at most as many UTF-8 bytes as the field's kind allows. A field's kind follows from its name:
 * database ids and PostgreSQL names ({@value #NAME} bytes, PostgreSQL's identifier length), other ids and
 * the names of people and systems ({@value #ID}), object keys and label values ({@value #KEY}), any
 * other text such as a message ({@value #TEXT}).
 */
public final class TextLimits {

    /** A database id, a database name, a table: PostgreSQL's identifier length (NAMEDATALEN - 1). */
    public static final int NAME = 63;
    /** An event, request, backup or restore id; who asked; a CloudEvents source is {@value #SOURCE}. */
    public static final int ID = 200;
    /** The CloudEvents {@code source}. */
    public static final int SOURCE = 500;
    /** An object key in the bucket, a label's value. */
    public static final int KEY = 1024;
    /** Anything else: messages, reasons, details. */
    public static final int TEXT = 64 * 1024;

    private TextLimits() {
    }

    /** The most UTF-8 bytes the field of that name may hold (for a list or map, each element or value). */
    public static int maxBytes(String field) {
        return switch (field) {
            case "databaseId", "databaseName", "targetDatabase", "username" -> NAME;
            case "host" -> 255;
            case "tables" -> 2 * NAME + 1;
            case "objectKey", "manifestKey", "reportKey", "labels", "credentialRef", "schedule", "path", "location" -> KEY;
            case "requestedBy", "deletedBy", "purgedBy", "changedBy", "actor", "method", "declaredIn", "channel", "policy", "step", "check", "errorCode", "eventType", "keyId",
                    "serverVersion" -> ID;
            default -> field.endsWith("Id") ? ID : TEXT;
        };
    }

    /**
     * @param what the field as a reader would name it, e.g. {@code field 'labels.ticket' of dev.lifeboat.backup.requested.v1}
     * @throws InvalidEventException if the text has a NUL character or more than {@code maxBytes} UTF-8 bytes
     */
    public static void check(String text, int maxBytes, String what) {
        if (text.indexOf('\0') >= 0) {
            throw new InvalidEventException(Problem.INVALID_VALUE,
                    what + " contains a NUL character (U+0000), which PostgreSQL cannot store");
        }
        int bytes = text.length() <= maxBytes / 3 ? text.length() : text.getBytes(StandardCharsets.UTF_8).length;
        if (bytes > maxBytes) {
            throw new InvalidEventException(Problem.INVALID_VALUE,
                    what + " is " + bytes + " bytes long; at most " + maxBytes + " are allowed");
        }
    }

    /** A text from a refused message, fit to quote in a reason: control characters shown as '?', cut after 80 characters. */
    public static String quote(String text) {
        return "'" + printable(text, 80) + "'";
    }

    /** A text as it can be shown and stored: control characters (NUL included) as '?', cut after {@code maxCodePoints} with '…'. */
    public static String printable(String text, int maxCodePoints) {
        StringBuilder shown = new StringBuilder();
        text.codePoints().limit(maxCodePoints).forEach(c -> shown.appendCodePoint(Character.isISOControl(c) ? '?' : c));
        return text.codePointCount(0, text.length()) > maxCodePoints ? shown.append('…').toString() : shown.toString();
    }
}
