package dev.lifeboat.cli.restore;

import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class RestoreBodyTest {

    @Test
    void aNewDatabaseFromTheLatestBackup() {
        assertThat(RestoreBody.of("orders-db", "orders_copy", false, null, null, null, false, false, true, false).toString())
                .isEqualTo("{\"databaseId\":\"orders-db\",\"source\":{\"kind\":\"LATEST\"},"
                        + "\"target\":{\"kind\":\"NEW_DATABASE\",\"databaseName\":\"orders_copy\"},\"safetyBackup\":true}");
    }

    @Test
    void inPlaceIsConfirmedOnlyWithYes() {
        assertThatThrownBy(() -> RestoreBody.of("orders-db", null, true, null, null, null, false, false, true, false))
                .hasMessageContaining("add --yes");
        assertThat(RestoreBody.of("orders-db", null, true, null, null, null, false, false, false, true).path("target").toString())
                .isEqualTo("{\"kind\":\"IN_PLACE\",\"confirmed\":true}");
    }

    @Test
    void tablesGoIntoTheLiveDatabaseOrANewOneWithTheirDependents() {
        assertThat(RestoreBody.of("orders-db", null, false, List.of("public.orders", "public.customer"), null, null, false, true, true, false)
                .path("target").toString())
                .isEqualTo("{\"kind\":\"TABLES\",\"tables\":[\"public.orders\",\"public.customer\"],\"includeDependents\":true}");
        assertThat(RestoreBody.of("orders-db", "orders_some", false, List.of("public.orders"), null, null, false, false, true, false)
                .path("target").path("databaseName").asText()).isEqualTo("orders_some");
    }

    @Test
    void theSourceIsABackupIdOrAPointInTimeNotBoth() {
        Instant at = Instant.parse("2026-11-21T14:03:27Z");
        assertThat(RestoreBody.of("orders-db", "x", false, null, null, RestorePoint.at(at), true, false, true, false).path("source").toString())
                .isEqualTo("{\"kind\":\"POINT_IN_TIME\",\"pointInTime\":\"2026-11-21T14:03:27Z\",\"includeSafetyBackups\":true}");
        assertThat(RestoreBody.of("orders-db", "x", false, null, "b-1", null, false, false, true, false).path("source").toString())
                .isEqualTo("{\"kind\":\"BACKUP_ID\",\"backupId\":\"b-1\"}");
        assertThatThrownBy(() -> RestoreBody.of("orders-db", "x", false, null, "b-1", RestorePoint.at(at), false, false, true, false))
                .hasMessageContaining("give one");
    }

    @Test
    void aRestoreBeforeATransactionNamesItsCommitPositionOrItsIdAndGoesWithNeitherAMomentNorABackup() {
        assertThat(RestoreBody.of("orders-db", "x", false, null, null, RestorePoint.of(null, "0/3A2F000"), false, false, true, false)
                .path("source").toString()).isEqualTo("{\"kind\":\"POINT_IN_TIME\",\"beforeTransaction\":\"0/3A2F000\"}");
        assertThat(RestoreBody.of("orders-db", "x", false, null, null, RestorePoint.of(null, "5126"), false, false, true, false)
                .path("source").toString()).isEqualTo("{\"kind\":\"POINT_IN_TIME\",\"beforeTransaction\":\"5126\"}");
        assertThatThrownBy(() -> RestorePoint.of(Instant.parse("2026-11-21T14:03:27Z"), "0/3A2F000"))
                .hasMessageContaining("--at and --before both say where to restore to: give one");
        assertThatThrownBy(() -> RestoreBody.of("orders-db", "x", false, null, "b-1", RestorePoint.before("0/3A2F000"), false, false, true, false))
                .hasMessageContaining("--backup and --at (or --before) both choose the backup");
    }

    @Test
    void aRestoreWithoutATargetOrWithTwoIsRefusedWithWhatToSay() {
        assertThatThrownBy(() -> RestoreBody.of("orders-db", null, false, List.of(), null, null, false, false, true, false))
                .hasMessageContaining("--new NAME, --in-place, or --tables");
        assertThatThrownBy(() -> RestoreBody.of("orders-db", "x", true, null, null, null, false, false, true, true))
                .hasMessageContaining("neither --new nor --tables");
        assertThatThrownBy(() -> RestoreBody.of("orders-db", "x", false, null, null, null, false, true, true, false))
                .hasMessageContaining("goes with --tables");
    }
}
