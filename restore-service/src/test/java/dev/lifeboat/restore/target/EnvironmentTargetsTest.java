package dev.lifeboat.restore.target;

import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

class EnvironmentTargetsTest {

    @Test
    void aVariableForAnIdNoOtherSourceNamesIsCaughtOneForAConfiguredIdIsNot() {
        Map<String, String> environment = Map.of(
                "LIFEBOAT_RESTORE_DATABASES_SHOP_DB_HOST", "db.internal",
                "LIFEBOAT_RESTORE_DATABASES_ORDERS_DB_CREDENTIAL_REF", "env:ORDERS_PASSWORD",
                "LIFEBOAT_RESTORE_PG_RESTORE", "/usr/bin/pg_restore",
                "PATH", "/usr/bin");

        assertThat(EnvironmentTargets.unmatched(environment, Set.of("orders-db")))
                .containsExactly("LIFEBOAT_RESTORE_DATABASES_SHOP_DB_HOST");
        assertThat(EnvironmentTargets.unmatched(environment, Set.of("orders-db", "shop-db"))).isEmpty();
        assertThat(EnvironmentTargets.unmatched(Map.of("LIFEBOAT_RESTORE_DATABASES_SHOPX_HOST", "h"), Set.of("shop"))).hasSize(1);
    }

    @Test
    void theMessageSaysHowToConfigureTheTargetInstead() {
        assertThat(EnvironmentTargets.message(List.of("LIFEBOAT_RESTORE_DATABASES_SHOP_DB_HOST")))
                .startsWith("LIFEBOAT_RESTORE_DATABASES_SHOP_DB_HOST configures no restore target")
                .contains("POST /api/databases").contains("lifeboat.restore.databases.shop-db.host=");
    }
}
