package dev.lifeboat.changes.segment;

import dev.lifeboat.changes.model.ChangeJson;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** A gap carries its kind as a field; one stored before gaps did is read back with the kind its reason names. */
class GapTest {

    @Test
    void aStoredGapReadsBackWithItsKind() throws Exception {
        Gap gap = new Gap("db", null, "anything at all", java.time.Instant.parse("2026-11-27T03:00:00Z"),
                dev.lifeboat.changes.model.Lsn.parse("0/10"), java.time.Instant.parse("2026-11-27T03:00:01Z"), Gap.Kind.LOST_SLOT);
        String json = ChangeJson.MAPPER.writeValueAsString(gap);

        assertThat(json).contains("\"kind\":\"LOST_SLOT\"");
        assertThat(ChangeJson.MAPPER.readValue(json, Gap.class)).isEqualTo(gap);
    }

    @Test
    void aGapStoredBeforeKindsIsReadBackWithTheKindItsReasonNames() throws Exception {
        assertThat(readBack("restored in place by r-1 (backup b-1): the database captured before is now shop_aside_1, and its"
                + " slot is dropped; capture starts again on the new one")).isEqualTo(Gap.Kind.REPLACED_DATABASE);
        assertThat(readBack("shop was replaced by another database of its name (restored in place?): the database captured"
                + " before is now shop_aside_2, and its slot is dropped; capture starts again on the new one"))
                .isEqualTo(Gap.Kind.REPLACED_DATABASE);
        assertThat(readBack("capture lost its replication slot (dropped, or its WAL was removed); a new one starts at 0/16"))
                .isEqualTo(Gap.Kind.LOST_SLOT);
        assertThat(readBack("table public.u appeared and was not captured before")).isEqualTo(Gap.Kind.NEW_TABLE);
        assertThat(readBack("table public.v was not captured before")).isEqualTo(Gap.Kind.NEW_TABLE);
        assertThat(readBack("Lifeboat's event trigger lifeboat_ddl_1 was dropped or disabled, so schema changes since may be"
                + " missing from the stream; it is installed again")).isEqualTo(Gap.Kind.TRIGGER_LOST);
        assertThat(readBack("DDL inside a function or DO block cannot be replayed exactly")).isEqualTo(Gap.Kind.SCHEMA_CHANGE);
    }

    private static Gap.Kind readBack(String reason) throws Exception {
        return ChangeJson.MAPPER.readValue("{\"databaseId\":\"db\",\"reason\":" + ChangeJson.MAPPER.writeValueAsString(reason)
                + ",\"from\":\"2026-11-27T03:00:00Z\",\"foundAtLsn\":\"0/10\",\"foundAt\":\"2026-11-27T03:00:01Z\"}", Gap.class).kind();
    }
}
