package dev.lifeboat.changes.segment;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import dev.lifeboat.archive.BackupManifest;
import dev.lifeboat.changes.model.Lsn;
import dev.lifeboat.changes.model.TableDefinition;
import dev.lifeboat.changes.model.TableDefinition.Column;
import dev.lifeboat.changes.model.TableName;
import dev.lifeboat.events.backup.Compression;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The archive's JSON documents read back as they were written. */
class SegmentJsonTest {

    private static final TableDefinition ORDERS = new TableDefinition(new TableName("public", "orders"), 16385, 'f',
            List.of(new Column("id", 23, -1, true), new Column("amount", 1700, 655366, false)));
    private static final TableDefinition LINES = new TableDefinition(new TableName("shop \"eu\"", "order.lines"), 3_000_000_000L, 'd',
            List.of(new Column("id", 20, -1, true)));

    private static SegmentManifest manifest(String sha256, BackupManifest.Encryption encryption) {
        return new SegmentManifest(SegmentManifest.FORMAT_VERSION, "db-1", "00000016B3748000-00000016B3749000",
                "changes/db-1/segment/changes.jsonl.zst.enc", Lsn.parse("16/B3748000"), Lsn.parse("16/B3749000"),
                Lsn.parse("16/B3748100"), Lsn.parse("16/B3748F00"), Instant.parse("2026-11-25T13:33:32.882145Z"),
                Instant.parse("2026-11-25T13:34:00Z"), Instant.parse("2026-11-25T13:34:05.5Z"), 42,
                Map.of("public.orders", 40L, "shop \"eu\".order.lines", 3L), List.of(ORDERS, LINES),
                Map.of("public.audit", "UNLOGGED"), Map.of("public.orders_id_seq", 1_000_001L),
                123_456L, sha256, Compression.ZSTD, 3, encryption, Instant.parse("2026-11-25T13:34:06.000001Z"),
                new SegmentManifest.Timeline("changes/db-1/segment/timeline.jsonl.zst.enc", 2_048L, "f".repeat(64), 40L, 1));
    }

    private static final BackupManifest.Encryption ENCRYPTION =
            new BackupManifest.Encryption("AES256_GCM_HKDF_1MB", "key-1", 1_048_576, "segment-id");

    @Test
    void aManifestReadsBackAsItWasWritten() {
        SegmentManifest encrypted = manifest("ab12", ENCRYPTION);
        SegmentManifest plain = manifest("cd34", null);

        assertThat(SegmentJson.manifest(SegmentJson.write(encrypted))).isEqualTo(encrypted);
        assertThat(SegmentJson.manifest(SegmentJson.write(plain))).isEqualTo(plain);
    }

    @Test
    void writesPositionsAndMomentsAsTextAndLeavesAnAbsentPropertyOut() throws Exception {
        String json = SegmentJson.write(manifest("ab12", null));
        JsonNode tree = SegmentJson.MAPPER.readTree(json);

        assertThat(json).as("pretty printed").contains("\n");
        assertThat(tree.get("fromLsn").asText()).isEqualTo("16/B3748000");
        assertThat(tree.get("firstCommitTime").asText()).isEqualTo("2026-11-25T13:33:32.882145Z");
        assertThat(tree.get("compression").asText()).isEqualTo("ZSTD");
        assertThat(tree.get("definitions").get(0).get("replicaIdentity").asText()).isEqualTo("f");
        assertThat(tree.has("encryption")).isFalse();
    }

    @Test
    void aManifestWithoutItsIdentityOrChecksumIsRefused() {
        String withoutChecksum = SegmentJson.write(manifest(null, null));

        assertThatThrownBy(() -> SegmentJson.manifest(withoutChecksum)).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("segment manifest lacks segmentId, fromLsn, toLsn or sha256");
        assertThatThrownBy(() -> SegmentJson.manifest("{\"segmentId\":\"s\",\"fromLsn\":\"0/10\",\"sha256\":\"ab\"}"))
                .isInstanceOf(IllegalArgumentException.class).hasMessage("segment manifest lacks segmentId, fromLsn, toLsn or sha256");
    }

    @Test
    void textThatIsNotAManifestIsRefusedAsSuch() {
        assertThatThrownBy(() -> SegmentJson.manifest("not a manifest")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("not a segment manifest: ").hasCauseInstanceOf(JsonProcessingException.class);
        assertThatThrownBy(() -> SegmentJson.manifest("[1, 2]")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("not a segment manifest: ");
        assertThatThrownBy(() -> SegmentJson.manifest("{\"segmentId\":\"s\",\"fromLsn\":\"nowhere\",\"toLsn\":\"0/20\",\"sha256\":\"ab\"}"))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void aManifestPassesOverPropertiesItDoesNotKnow() {
        SegmentManifest manifest = manifest("ab12", ENCRYPTION);
        String later = SegmentJson.write(manifest).replaceFirst("\\{", "{\"laterProperty\":{\"a\":[1,{\"b\":2}]},");

        assertThat(SegmentJson.manifest(later)).isEqualTo(manifest);
    }

    @Test
    void gapsReadBackWithAndWithoutTheirTableAndRestore() throws Exception {
        Gap definition = new Gap("db-1", "public.orders", "the definition of public.orders changed",
                Instant.parse("2026-11-25T13:00:00Z"), Lsn.parse("16/B3748F00"), Instant.parse("2026-11-25T13:34:00Z"));
        Gap replaced = new Gap("db-1", null, "restored in place by r-1 (backup b-1): …", Instant.parse("2026-11-25T12:00:00Z"),
                Lsn.parse("17/0"), Instant.parse("2026-11-25T14:00:00Z"), "r-1");

        assertThat(SegmentJson.read(SegmentJson.write(definition), Gap.class)).isEqualTo(definition);
        assertThat(SegmentJson.read(SegmentJson.write(replaced), Gap.class)).isEqualTo(replaced);
        JsonNode tree = SegmentJson.MAPPER.readTree(SegmentJson.write(replaced));
        assertThat(tree.has("table")).isFalse();
        assertThat(tree.get("restoreId").asText()).isEqualTo("r-1");
        assertThat(SegmentJson.MAPPER.readTree(SegmentJson.write(definition)).has("restoreId")).isFalse();
    }

    @Test
    void coverageReplayRateAndInPlaceRestoreReadBackAsTheyWereWritten() throws Exception {
        Coverage coverage = new Coverage("db-1", Lsn.parse("16/B3749000"), Instant.parse("2026-11-25T13:35:00.25Z"));
        ReplayRate rate = new ReplayRate("db-1", 1_250_000, 12.5, Instant.parse("2026-11-25T15:00:00Z"));
        InPlaceRestore restore = new InPlaceRestore("db-1", "r-1", "b-1", "shop_pre_restore_20261125T140000",
                Instant.parse("2026-11-25T14:00:00Z"));

        assertThat(SegmentJson.read(SegmentJson.write(coverage), Coverage.class)).isEqualTo(coverage);
        assertThat(SegmentJson.read(SegmentJson.write(rate), ReplayRate.class)).isEqualTo(rate);
        assertThat(SegmentJson.read(SegmentJson.write(restore), InPlaceRestore.class)).isEqualTo(restore);
    }

    @Test
    void spansReadBackAsAnArray() throws Exception {
        SegmentSpan first = manifest("ab12", null).span();
        SegmentSpan second = new SegmentSpan("db-1", "s-2", Lsn.parse("16/B3749000"), Lsn.parse("FFFFFFFF/FFFFFFFF"),
                Lsn.parse("FFFFFFFF/FFFFFF00"), Instant.parse("1999-12-31T23:59:59.1Z"), null);

        assertThat(SegmentJson.read(SegmentJson.write(new SegmentSpan[] {first, second}), SegmentSpan[].class))
                .containsExactly(first, second);
    }

    @Test
    void readingTextOfAnotherShapeFails() {
        assertThatThrownBy(() -> SegmentJson.read("[1, 2]", Coverage.class)).isInstanceOf(IOException.class);
        assertThatThrownBy(() -> SegmentJson.read("{\"databaseId\":\"db-1\",\"lsn\":\"nowhere\"}", Coverage.class))
                .isInstanceOf(IOException.class);
    }
}
