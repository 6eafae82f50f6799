package dev.lifeboat.archive;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.lifeboat.events.backup.BackupTrigger;
import dev.lifeboat.events.backup.Compression;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.IOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** {@code manifest.json}: what is written, what reads back, and what is refused with which message. */
class ManifestJsonTest {

    private static final Instant STARTED = Instant.parse("2026-11-21T02:00:00.123Z");
    private static final Instant COMPLETED = Instant.parse("2026-11-21T02:04:10.456Z");
    private static final String LACKS = "manifest lacks backupId, databaseId, archiveKey or sha256";

    private final ObjectMapper json = new ObjectMapper();

    /** A manifest with every field filled in, encryption, freshness values (one unreadable) and the newer fields included. */
    static BackupManifest full() {
        return new BackupManifest(BackupManifest.FORMAT_VERSION, "bk-1", "orders-db", "req-1", "corr-1", BackupTrigger.SCHEDULE,
                "scheduler", STARTED, COMPLETED, "15.19", BackupManifest.PG_DUMP_CUSTOM,
                "backups/orders-db/2026/11/21/bk-1/archive.dump.zst.enc", 123_456_789_012L, "ab".repeat(32), Compression.ZSTD, 3,
                new ArchiveEncryption("key-2026", new byte[ArchiveEncryption.KEY_BYTES]).describe(),
                Map.of("public.orders", 5_000_000_000L, "public.customers", 12L),
                Map.of("ticket", "OPS-1", "team", "orders"),
                Map.of("public.orders", NewestValue.of("created_at", "2026-11-21 01:59:58.1+00"),
                        "public.audit", NewestValue.unreadable("ts", "column \"ts\" does not exist")),
                "16/B374D848", 987_654_321_000L).withRowDigests(new RowDigests(Map.of("TimeZone", "UTC", "bytea_output", "hex"),
                Map.of("public.orders", new RowDigests.TableDigest(List.of("id", "Placed At"), "00ff00ff00ff00ff"),
                        "public.customers", new RowDigests.TableDigest(List.of("id"), "0123456789abcdef")),
                Map.of("public.spatial_ref_sys", "an extension's table")));
    }

    // ---- round trip and the written form

    @Test
    void aFullManifestReadsBackEqual() {
        BackupManifest manifest = full();

        assertThat(ManifestJson.read(ManifestJson.write(manifest))).isEqualTo(manifest);
    }

    @Test
    void timesAreIsoTextsAndEnumsTheirNames() throws IOException {
        JsonNode written = json.readTree(ManifestJson.write(full()));

        assertThat(written.get("formatVersion").asInt()).isEqualTo(1);
        assertThat(written.get("startedAt").asText()).isEqualTo("2026-11-21T02:00:00.123Z");
        assertThat(written.get("completedAt").asText()).isEqualTo("2026-11-21T02:04:10.456Z");
        assertThat(written.get("trigger").asText()).isEqualTo("SCHEDULE");
        assertThat(written.get("compression").asText()).isEqualTo("ZSTD");
        assertThat(written.get("archiveFormat").asText()).isEqualTo("pg_dump-custom");
        assertThat(written.get("sizeBytes").asLong()).isEqualTo(123_456_789_012L);
        assertThat(written.get("plaintextBytes").asLong()).isEqualTo(987_654_321_000L);
        assertThat(written.at("/tableRowCounts/public.orders").asLong()).isEqualTo(5_000_000_000L);
    }

    @Test
    void theEncryptionIsDescribedWithoutTheKey() throws IOException {
        JsonNode encryption = json.readTree(ManifestJson.write(full())).get("encryption");

        assertThat(full().encrypted()).isTrue();
        assertThat(names(encryption)).containsExactlyInAnyOrder("algorithm", "keyId", "segmentSize", "associatedData", "keyFingerprint");
        assertThat(encryption.get("keyFingerprint").asText()).matches("[0-9a-f]{32}");
        assertThat(encryption.get("algorithm").asText()).isEqualTo("AES256_GCM_HKDF_SHA256_STREAMING");
        assertThat(encryption.get("keyId").asText()).isEqualTo("key-2026");
        assertThat(encryption.get("segmentSize").asInt()).isEqualTo(1 << 20);
        assertThat(encryption.get("associatedData").asText()).isEqualTo("backup-id");
    }

    @Test
    void mapsAreWrittenInKeyOrder() throws IOException {
        JsonNode written = json.readTree(ManifestJson.write(full()));

        assertThat(names(written.get("tableRowCounts"))).containsExactly("public.customers", "public.orders");
        assertThat(names(written.get("labels"))).containsExactly("team", "ticket");
        assertThat(names(written.get("freshnessColumns"))).containsExactly("public.audit", "public.orders");
        assertThat(written.at("/freshnessColumns/public.audit/newest").isNull()).as("an unreadable column has no value").isTrue();
        assertThat(written.at("/freshnessColumns/public.audit/problem").asText()).isEqualTo("column \"ts\" does not exist");
    }

    @Test
    void aManifestWrittenBeforeTheNewerFieldsReads() {
        String old = """
                {"formatVersion":1,"backupId":"bk-0","databaseId":"orders-db","requestId":"req-0","correlationId":"req-0",
                 "trigger":"MANUAL","requestedBy":"alice","startedAt":"2026-01-31T02:00:00Z","completedAt":"2026-01-31T02:01:00Z",
                 "serverVersion":"15.4","archiveFormat":"pg_dump-custom",
                 "archiveKey":"backups/orders-db/2026/01/31/bk-0/archive.dump.gz","sizeBytes":1024,"sha256":"%s",
                 "compression":"GZIP","compressionLevel":6,"encryption":null,"tableRowCounts":{"public.orders":3},"labels":{}}"""
                .formatted("0".repeat(64));

        BackupManifest manifest = ManifestJson.read(old);

        assertThat(manifest.backupId()).isEqualTo("bk-0");
        assertThat(manifest.startedAt()).isEqualTo(Instant.parse("2026-01-31T02:00:00Z"));
        assertThat(manifest.compression()).isEqualTo(Compression.GZIP);
        assertThat(manifest.tableRowCounts()).containsExactly(Map.entry("public.orders", 3L));
        assertThat(manifest.labels()).isEmpty();
        assertThat(manifest.freshnessColumns()).isEmpty();
        assertThat(manifest.streamLsn()).isNull();
        assertThat(manifest.plaintextBytes()).isNull();
        assertThat(manifest.encrypted()).isFalse();
    }

    // ---- what is refused

    @ParameterizedTest
    @ValueSource(strings = {"backupId", "databaseId", "archiveKey", "sha256"})
    void aManifestWithoutAnIdentifyingFieldIsRefused(String field) throws IOException {
        ObjectNode absent = written();
        absent.remove(field);
        ObjectNode nulled = written();
        nulled.putNull(field);

        assertThatThrownBy(() -> ManifestJson.read(absent.toString()))
                .isExactlyInstanceOf(IllegalArgumentException.class)
                .hasMessage(LACKS);
        assertThatThrownBy(() -> ManifestJson.read(nulled.toString()))
                .isExactlyInstanceOf(IllegalArgumentException.class)
                .hasMessage(LACKS);
    }

    @Test
    void anUnknownPropertyIsRefusedNamingItAlsoInsideTheEncryption() throws IOException {
        ObjectNode manifest = written();
        manifest.put("checksum", "md5:abc");
        ObjectNode withKey = written();
        ((ObjectNode) withKey.get("encryption")).put("key", "AAAA");

        assertThatThrownBy(() -> ManifestJson.read(manifest.toString()))
                .isExactlyInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("not a Lifeboat manifest: Unrecognized field \"checksum\"")
                .hasCauseInstanceOf(UnrecognizedPropertyException.class);
        assertThatThrownBy(() -> ManifestJson.read(withKey.toString()))
                .hasMessageStartingWith("not a Lifeboat manifest: Unrecognized field \"key\"")
                .hasCauseInstanceOf(UnrecognizedPropertyException.class);
    }

    @Test
    void anUnknownCompressionIsRefused() throws IOException {
        ObjectNode manifest = written();
        manifest.put("compression", "LZ4");

        assertThatThrownBy(() -> ManifestJson.read(manifest.toString()))
                .isExactlyInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("not a Lifeboat manifest: ")
                .hasMessageContaining("LZ4")
                .hasCauseInstanceOf(JsonProcessingException.class);
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "not json", "{\"backupId\":", "[1, 2]"})
    void textThatIsNotAManifestObjectIsRefused(String text) {
        assertThatThrownBy(() -> ManifestJson.read(text))
                .isExactlyInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("not a Lifeboat manifest: ")
                .hasCauseInstanceOf(JsonProcessingException.class);
    }

    @Test
    void aJsonNullIsNotAManifestEither() {
        assertThatThrownBy(() -> ManifestJson.read("null"))
                .isExactlyInstanceOf(IllegalArgumentException.class)
                .hasMessage("not a Lifeboat manifest: the text is JSON null");
    }

    // ---- the record itself

    @Test
    void absentMapsAreEmptyAndGivenMapsAreSortedCopies() {
        Map<String, Long> rows = new HashMap<>(Map.of("public.z", 1L, "audit.log", 2L, "public.a", 3L));
        BackupManifest manifest = new BackupManifest(1, "b", "d", "r", "c", BackupTrigger.MANUAL, "me", STARTED, COMPLETED, "15",
                BackupManifest.PG_DUMP_CUSTOM, "k", 1, "s", Compression.NONE, 0, null, rows, null, null, null, null);
        rows.put("public.late", 4L);

        assertThat(manifest.tableRowCounts().keySet()).containsExactly("audit.log", "public.a", "public.z");
        assertThat(manifest.labels()).isEmpty();
        assertThat(manifest.freshnessColumns()).isEmpty();
        assertThat(full().labels().keySet()).containsExactly("team", "ticket");
    }

    @Test
    void rowDigestsAreWrittenWithTheirColumnsAndReadBack() throws IOException {
        JsonNode written = json.readTree(ManifestJson.write(full()));

        assertThat(written.at("/rowDigests/tables/public.orders/digest").asText()).isEqualTo("00ff00ff00ff00ff");
        assertThat(written.at("/rowDigests/tables/public.orders/columns/1").asText()).isEqualTo("Placed At");
        assertThat(written.at("/rowDigests/outputSettings/TimeZone").asText()).isEqualTo("UTC");
        assertThat(ManifestJson.read(ManifestJson.write(full())).rowDigests()).isEqualTo(full().rowDigests());
    }

    @Test
    void aReplayedCopyHasTheNewRowCountsNoFreshnessValuesAndNoDigestOfATableTheReplayChanged() {
        BackupManifest o = full();

        BackupManifest replayed = o.replayed(Map.of("public.orders", 5_000_000_007L), Set.of("public.orders", "public.new_table"));

        assertThat(replayed.rowDigests().tables()).containsOnlyKeys("public.customers");
        assertThat(replayed.rowDigests().notCompared()).containsEntry("public.orders", "changed by the replay")
                .containsEntry("public.spatial_ref_sys", "an extension's table").hasSize(2);
        assertThat(replayed.rowDigests().outputSettings()).isEqualTo(o.rowDigests().outputSettings());
        replayed = replayed.withRowDigests(o.rowDigests());

        assertThat(replayed.freshnessColumns()).isEmpty();
        assertThat(replayed).isEqualTo(new BackupManifest(o.formatVersion(), o.backupId(), o.databaseId(), o.requestId(),
                o.correlationId(), o.trigger(), o.requestedBy(), o.startedAt(), o.completedAt(), o.serverVersion(), o.archiveFormat(),
                o.archiveKey(), o.sizeBytes(), o.sha256(), o.compression(), o.compressionLevel(), o.encryption(),
                Map.of("public.orders", 5_000_000_007L), o.labels(), Map.of(), o.streamLsn(), o.plaintextBytes()).withRowDigests(o.rowDigests()));
        assertThat(o.freshnessColumns()).as("the original is unchanged").hasSize(2);
    }

    private ObjectNode written() throws IOException {
        return (ObjectNode) json.readTree(ManifestJson.write(full()));
    }

    private static List<String> names(JsonNode object) {
        List<String> names = new ArrayList<>();
        object.fieldNames().forEachRemaining(names::add);
        return names;
    }
}
