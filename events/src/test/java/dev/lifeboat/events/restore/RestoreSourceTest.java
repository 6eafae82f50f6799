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
    void aTransactionIsNamedByItsCommitPositionOnlyForAPointInTime() {
        assertThatThrownBy(() -> new RestoreSource(RestoreSource.Kind.POINT_IN_TIME, null, null, null, "5126"))
                .hasMessageContaining("must be a transaction's commit position such as 0/3A2F000");
        assertThatThrownBy(() -> new RestoreSource(RestoreSource.Kind.POINT_IN_TIME, null, null, null, "0/123456789"))
                .hasMessageContaining("commit position");
        assertThatThrownBy(() -> new RestoreSource(RestoreSource.Kind.LATEST, null, null, null, "0/3A2F000"))
                .hasMessageContaining("with source.kind POINT_IN_TIME");
    }
}
