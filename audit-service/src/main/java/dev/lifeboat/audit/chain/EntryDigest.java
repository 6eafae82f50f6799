package dev.lifeboat.audit.chain;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.lifeboat.audit.entry.AuditEntry;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.Arrays;
import java.util.HexFormat;

/**
 * A row's hash: SHA-256 of its canonical content, a JSON array of every column in a fixed order with the
 * previous row's hash last. Changing any column of any row, or removing a row from the middle, breaks the chain.
 */
public final class EntryDigest {

    /** The {@code prev_hash} of row 1 of a chain that was never pruned. */
    public static final String GENESIS = "0".repeat(64);

    private static final ObjectMapper ARRAY_WRITER = new ObjectMapper();

    private EntryDigest() {
    }

    /** The hash of a row read back: its payload is {@code jsonb}'s text, made canonical first. */
    public static String of(AuditEntry entry) {
        return digest(entry, CanonicalJson.of(entry.payload));
    }

    /** The hash of a row about to be written, whose payload is canonical JSON already (see {@code EntryDraft}). */
    public static String ofNew(AuditEntry entry) {
        return digest(entry, entry.payload);
    }

    private static String digest(AuditEntry entry, String canonicalPayload) {
        Object[] content = {
                entry.seq, entry.messageKey, entry.topic, entry.kafkaPartition, entry.kafkaOffset, entry.eventId, entry.type, entry.source,
                entry.databaseId, entry.correlationId, entry.actor, entry.outcome == null ? null : entry.outcome.name(),
                entry.detail, text(entry.occurredAt), text(entry.recordedAt), canonicalPayload, entry.prevHash};
        try {
            return sha256(ARRAY_WRITER.writeValueAsString(Arrays.asList(content)));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write the content of audit entry " + entry.seq, e);
        }
    }

    private static String text(Instant instant) {
        return instant == null ? null : instant.toString();
    }

    private static String sha256(String text) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from this JVM", e);
        }
    }
}
