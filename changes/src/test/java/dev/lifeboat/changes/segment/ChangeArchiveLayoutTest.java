package dev.lifeboat.changes.segment;

import dev.lifeboat.changes.model.Lsn;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class ChangeArchiveLayoutTest {

    private static final Lsn FROM = new Lsn(0x1_0000_0000L);
    private static final Lsn TO = new Lsn(0x1_0000_2A00L);

    @Test
    void aSegmentsKeysAndAnIndexObjectSayWhereWhatTheyHoldEnds() {
        String folder = ChangeArchiveLayout.folder("orders", ChangeArchiveLayout.segmentId(FROM, TO));
        assertThat(ChangeArchiveLayout.storedUpTo("orders", ChangeArchiveLayout.manifestKey(folder))).hasValue(TO);
        assertThat(ChangeArchiveLayout.storedUpTo("orders", folder + "changes.jsonl.zst")).hasValue(TO);
        assertThat(ChangeArchiveLayout.storedUpTo("orders", ChangeArchiveLayout.indexKey("orders", FROM, TO))).hasValue(TO);
    }

    @Test
    void theRecordsGapsAndAnotherDatabasesKeysSayNothing() {
        assertThat(ChangeArchiveLayout.storedUpTo("orders", ChangeArchiveLayout.retainedKey("orders"))).isEmpty();
        assertThat(ChangeArchiveLayout.storedUpTo("orders", ChangeArchiveLayout.coverageKey("orders"))).isEmpty();
        assertThat(ChangeArchiveLayout.storedUpTo("orders", ChangeArchiveLayout.gapKey("orders", TO, "public.orders"))).isEmpty();
        String other = ChangeArchiveLayout.folder("orders-eu", ChangeArchiveLayout.segmentId(FROM, TO));
        assertThat(ChangeArchiveLayout.storedUpTo("orders", ChangeArchiveLayout.manifestKey(other))).isEmpty();
    }
}
