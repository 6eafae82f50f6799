package dev.lifeboat.verifier.copy;

import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class CopyRetentionTest {

    private static String manifest(String databaseId, String day, String backupId) {
        return "backups/" + databaseId + "/" + day + "/" + backupId + "/manifest.json";
    }

    @Test
    void aCopyWhoseDayEndedBeforeTheCutoffIsDeletedAndOneOfTheCutoffsDayIsKept() {
        List<String> keys = List.of(manifest("orders", "2026/08/01", "a"), manifest("orders", "2026/08/02", "b"),
                manifest("orders", "2026/11/27", "c"));

        assertThat(CopyRetention.expired(keys, Instant.parse("2026-08-02T12:00:00Z")))
                .containsExactly("backups/orders/2026/08/01/a/");
        assertThat(CopyRetention.expired(keys, Instant.parse("2026-08-03T00:00:00Z")))
                .containsExactly("backups/orders/2026/08/01/a/", "backups/orders/2026/08/02/b/");
    }

    @Test
    void aDatabasesNewestDayOfCopiesIsKeptHoweverOld() {
        List<String> keys = List.of(manifest("orders", "2025/01/01", "a"), manifest("orders", "2025/01/01", "b"),
                manifest("billing", "2025/06/01", "c"), manifest("billing", "2025/06/02", "d"));

        assertThat(CopyRetention.expired(keys, Instant.parse("2026-11-28T00:00:00Z")))
                .containsExactly("backups/billing/2025/06/01/c/");
    }

    @Test
    void nothingIsDeletedFromAnEmptyBucket() {
        assertThat(CopyRetention.expired(List.of(), Instant.parse("2026-11-28T00:00:00Z"))).isEmpty();
    }
}
