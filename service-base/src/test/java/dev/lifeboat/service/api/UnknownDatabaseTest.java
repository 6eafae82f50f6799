package dev.lifeboat.service.api;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class UnknownDatabaseTest {

    private static final List<String> REGISTERED = List.of("orders-db", "orders-db-eu", "billing", "inventory");

    @Test
    void aTypoNamesTheRegisteredIdsClosestToIt() {
        assertThat(UnknownDatabase.message("ordrs-db", REGISTERED))
                .isEqualTo("database 'ordrs-db' is not registered; the closest registered: orders-db");
        assertThat(UnknownDatabase.closest("BILLNG", REGISTERED)).containsExactly("billing");
        assertThat(UnknownDatabase.closest("orders", REGISTERED)).containsExactly("orders-db", "orders-db-eu");
    }

    @Test
    void anIdLikeNoneNamesSomeRegisteredOnesAndWithNoneRegisteredSaysHowToRegister() {
        assertThat(UnknownDatabase.message("zzz", REGISTERED))
                .isEqualTo("database 'zzz' is not registered; registered: billing, inventory, orders-db, …");
        assertThat(UnknownDatabase.message("zzz", List.of()))
                .isEqualTo("database 'zzz' is not registered; none is yet (register one with POST /api/databases on the backup service)");
    }

    @Test
    void theAnswerIsA404WithItsCode() {
        assertThat(UnknownDatabase.response("x", REGISTERED).getStatus()).isEqualTo(404);
        assertThat(((ApiError) UnknownDatabase.response("x", REGISTERED).getEntity()).code()).isEqualTo("UNKNOWN_DATABASE");
    }

    @Test
    void theDistanceCountsEdits() {
        assertThat(UnknownDatabase.distance("kitten", "sitting")).isEqualTo(3);
        assertThat(UnknownDatabase.distance("", "abc")).isEqualTo(3);
        assertThat(UnknownDatabase.distance("same", "same")).isZero();
    }
}
