package dev.lifeboat.audit.chain;

import dev.lifeboat.audit.entry.AuditEntry;
import dev.lifeboat.audit.entry.Outcome;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Consumer;

import static org.assertj.core.api.Assertions.assertThat;

class EntryDigestTest {

    /** The content of {@link #requested()}: every column in order, the canonical payload as a JSON string, the previous hash last. */
    private static final String REQUESTED_CONTENT = "[7,"
            + "\"lifeboat.backup.requests/ev-1\","
            + "\"lifeboat.backup.requests\","
            + "0,42,"
            + "\"ev-1\","
            + "\"dev.lifeboat.backup.requested.v1\","
            + "\"/test\","
            + "\"shop\","
            + "\"flow-1\","
            + "\"alice\","
            + "\"REQUESTED\","
            + "null,"
            + "\"2026-11-21T02:00:00.123Z\","
            + "\"2026-11-21T02:00:01Z\","
            + "\"{\\\"a\\\":1.50,\\\"b\\\":2}\","
            + "\"0000000000000000000000000000000000000000000000000000000000000000\"]";

    private static AuditEntry requested() {
        AuditEntry entry = new AuditEntry();
        entry.seq = 7;
        entry.messageKey = "lifeboat.backup.requests/ev-1";
        entry.topic = "lifeboat.backup.requests";
        entry.kafkaPartition = 0;
        entry.kafkaOffset = 42L;
        entry.eventId = "ev-1";
        entry.type = "dev.lifeboat.backup.requested.v1";
        entry.source = "/test";
        entry.databaseId = "shop";
        entry.correlationId = "flow-1";
        entry.actor = "alice";
        entry.outcome = Outcome.REQUESTED;
        entry.detail = null;
        entry.occurredAt = Instant.parse("2026-11-21T02:00:00.123Z");
        entry.recordedAt = Instant.parse("2026-11-21T02:00:01Z");
        entry.payload = "{\"a\":1.50,\"b\":2}";
        entry.prevHash = EntryDigest.GENESIS;
        return entry;
    }

    private static String sha256(String text) throws NoSuchAlgorithmException {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8)));
    }

    @Test
    void aNewRowsHashIsTheSha256OfItsColumnsAsOneJsonArrayWithThePreviousHashLast() throws Exception {
        String hash = EntryDigest.ofNew(requested());
        assertThat(hash).isEqualTo(sha256(REQUESTED_CONTENT));
        assertThat(hash).matches("[0-9a-f]{64}");
    }

    @Test
    void aRowReadBackFromJsonbHashesLikeTheRowThatWasWritten() throws Exception {
        AuditEntry readBack = requested();
        readBack.payload = "{\"a\": 1.50, \"b\": 2}";
        assertThat(EntryDigest.of(readBack)).isEqualTo(sha256(REQUESTED_CONTENT)).isEqualTo(EntryDigest.ofNew(requested()));
        assertThat(EntryDigest.ofNew(readBack)).as("a new row's payload is taken as canonical already").isNotEqualTo(sha256(REQUESTED_CONTENT));
    }

    @Test
    void missingColumnsAreJsonNullsAndTextIsEscapedAsJson() throws Exception {
        AuditEntry unreadable = new AuditEntry();
        unreadable.seq = 1;
        unreadable.messageKey = "lifeboat.backup.requests-0@42";
        unreadable.topic = "lifeboat.backup.requests";
        unreadable.type = "unreadable";
        unreadable.detail = "said \"no\"\n\tat C:\\dump \u00e9";
        unreadable.payload = "{}";
        unreadable.prevHash = EntryDigest.GENESIS;
        String content = "[1,\"lifeboat.backup.requests-0@42\",\"lifeboat.backup.requests\",null,null,null,\"unreadable\","
                + "null,null,null,null,null,"
                + "\"said \\\"no\\\"\\n\\tat C:\\\\dump \u00e9\","
                + "null,null,\"{}\",\"" + "0".repeat(64) + "\"]";
        assertThat(EntryDigest.ofNew(unreadable)).isEqualTo(sha256(content));
        assertThat(EntryDigest.of(unreadable)).isEqualTo(sha256(content));
    }

    @Test
    void everyColumnButTheHashItselfIsInTheHash() {
        String original = EntryDigest.ofNew(requested());
        Map<String, Consumer<AuditEntry>> changes = new LinkedHashMap<>();
        changes.put("seq", entry -> entry.seq = 8);
        changes.put("messageKey", entry -> entry.messageKey = "lifeboat.backup.requests/ev-2");
        changes.put("topic", entry -> entry.topic = "lifeboat.dead-letter");
        changes.put("kafkaPartition", entry -> entry.kafkaPartition = 1);
        changes.put("kafkaOffset", entry -> entry.kafkaOffset = 43L);
        changes.put("eventId", entry -> entry.eventId = "ev-2");
        changes.put("type", entry -> entry.type = "dev.lifeboat.backup.started.v1");
        changes.put("source", entry -> entry.source = "/other");
        changes.put("databaseId", entry -> entry.databaseId = "shop-2");
        changes.put("correlationId", entry -> entry.correlationId = "flow-2");
        changes.put("actor", entry -> entry.actor = "mallory");
        changes.put("outcome", entry -> entry.outcome = Outcome.DEAD_LETTERED);
        changes.put("detail", entry -> entry.detail = "from lifeboat.backup.requests: refused");
        changes.put("occurredAt", entry -> entry.occurredAt = entry.occurredAt.plusMillis(1));
        changes.put("recordedAt", entry -> entry.recordedAt = entry.recordedAt.plusSeconds(1));
        changes.put("payload", entry -> entry.payload = "{\"a\":1.5,\"b\":2}");
        changes.put("prevHash", entry -> entry.prevHash = "1" + "0".repeat(63));
        changes.forEach((column, change) -> {
            AuditEntry changed = requested();
            change.accept(changed);
            assertThat(EntryDigest.ofNew(changed)).as(column).isNotEqualTo(original);
            assertThat(EntryDigest.of(changed)).as(column).isNotEqualTo(original);
        });
        AuditEntry withHash = requested();
        withHash.hash = "f".repeat(64);
        assertThat(EntryDigest.ofNew(withHash)).isEqualTo(original);
    }

    @Test
    void aMissingValueDiffersFromTheTextNullAndTextMovedToTheNextColumnChangesTheHash() {
        AuditEntry textNull = requested();
        textNull.detail = "null";
        assertThat(EntryDigest.ofNew(textNull)).isNotEqualTo(EntryDigest.ofNew(requested()));
        AuditEntry first = requested();
        first.actor = "ab";
        first.detail = "c";
        AuditEntry second = requested();
        second.actor = "a";
        second.detail = "bc";
        assertThat(EntryDigest.ofNew(first)).isNotEqualTo(EntryDigest.ofNew(second));
    }
}
