package dev.lifeboat.events.restore;

import org.junit.jupiter.api.Test;

import java.time.Instant;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class RestoreSourceTest {

    private static final Instant T0 = Instant.parse("2026-11-27T03:00:00Z");

    @Test
    void aPointInTimeNamesEitherAMomentOrATransactionNeverBothNorNeither() {
        assertThat(new RestoreSource(RestoreSource.Kind.POINT_IN_TIME, null, null, null, "0/3A2F000").beforeTransaction()).isEqualTo("0/3A2F000");
        assertThatThrownBy(() -> new RestoreSource(RestoreSource.Kind.POINT_IN_TIME, null, T0, null, "0/3A2F000"))
                .hasMessageContaining("source.pointInTime or source.beforeTransaction (one of them)");
        assertThatThrownBy(() -> new RestoreSource(RestoreSource.Kind.POINT_IN_TIME, null, null, null, null))
                .hasMessageContaining("source.pointInTime or source.beforeTransaction (one of them)");
    }

    @Test
    void aTransactionIsNamedByItsCommitPositionOrItsIdOnlyForAPointInTime() {
        assertThat(new RestoreSource(RestoreSource.Kind.POINT_IN_TIME, null, null, null, "5126").beforeTransactionId()).hasValue(5126);
        assertThat(new RestoreSource(RestoreSource.Kind.POINT_IN_TIME, null, null, null, "4294967295").beforeTransactionId())
                .hasValue(4294967295L);
        assertThat(new RestoreSource(RestoreSource.Kind.POINT_IN_TIME, null, null, null, "0/3A2F000").beforeTransactionId()).isEmpty();
        // a 64-bit id (pg_current_xact_id(), txid_current()) names the transaction by its low 32 bits, as the stream carries it
        assertThat(new RestoreSource(RestoreSource.Kind.POINT_IN_TIME, null, null, null, "12884907014").beforeTransactionId())
                .as("epoch 3, xid 5126").hasValue(5126);
        assertThat(new RestoreSource(RestoreSource.Kind.POINT_IN_TIME, null, null, null, "18446744065119622270").beforeTransactionId())
                .as("an unsigned xid8 above 2^63: epoch 2^32 - 2, xid 5246").hasValue(5246);
        for (String notOne : new String[] {"4294967296", "0", "-5", "51x", "99999999999999999999", "0/3A2F000/1"}) {
            assertThatThrownBy(() -> new RestoreSource(RestoreSource.Kind.POINT_IN_TIME, null, null, null, notOne)).as(notOne)
                    .hasMessageContaining("must be a transaction's commit position such as 0/3A2F000 or its id such as 5126");
        }
        assertThatThrownBy(() -> new RestoreSource(RestoreSource.Kind.POINT_IN_TIME, null, null, null, "0/123456789"))
                .hasMessageContaining("commit position");
        assertThatThrownBy(() -> new RestoreSource(RestoreSource.Kind.LATEST, null, null, null, "0/3A2F000"))
                .hasMessageContaining("with source.kind POINT_IN_TIME");
    }
}
