package dev.lifeboat.restore.target;

import dev.lifeboat.archive.BackupManifest;
import dev.lifeboat.events.backup.BackupTrigger;
import dev.lifeboat.events.backup.Compression;
import dev.lifeboat.restore.step.RestoreFailure;
import dev.lifeboat.restore.step.RestoreStep;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

/** Which table names a TABLES restore may ask for: exactly the backup manifest's {@code schema.table} names. */
class TableSelectionTest {

    private static final BackupManifest SHOP = manifest(Map.of("public.orders", 2000L, "public.customer", 500L, "sales.invoice", 40L));

    @Test
    void tablesOfTheBackupAreAcceptedInTheOrderAskedAndOnceEach() throws RestoreFailure {
        assertThat(TableSelection.check(List.of("sales.invoice", "public.orders", "sales.invoice"), SHOP))
                .containsExactly("sales.invoice", "public.orders");
    }

    @Test
    void aNameNotInTheBackupIsRefusedBeforeAnySqlNamingEveryUnknownOneAndAnExample() {
        RestoreFailure failure = refused(List.of("public.orders", "public.nope", "customer"));

        assertThat(failure.step()).isEqualTo(RestoreStep.RESOLVE_SOURCE);
        assertThat(failure.code()).isEqualTo("INVALID_TABLES");
        assertThat(failure.getMessage()).isEqualTo("not tables of backup b1: 'public.nope', 'customer' "
                + "(name tables as schema.table, e.g. public.customer)");
    }

    @Test
    void hostileAndQuotedNamesAreRefusedAsUnknownTables() {
        for (String hostile : List.of("x; DROP TABLE customer", "\"public\".\"orders\"", "public.orders ", "PUBLIC.ORDERS")) {
            assertThat(refused(List.of(hostile)).code()).as(hostile).isEqualTo("INVALID_TABLES");
        }
    }

    @Test
    void aVeryLongNameIsShownCutToItsFirstHundredCharacters() {
        String longName = "public." + "x".repeat(200);

        String message = refused(List.of(longName)).getMessage();

        assertThat(message).contains("'" + longName.substring(0, 100) + "…'").doesNotContain(longName.substring(0, 101));
    }

    @Test
    void aBackupWithoutTablesSuggestsTheShapeOfAName() {
        RestoreFailure failure = catchThrowableOfType(RestoreFailure.class, () -> TableSelection.check(List.of("orders"), manifest(Map.of())));

        assertThat(failure.getMessage()).endsWith("(name tables as schema.table, e.g. public.orders)");
    }

    private static RestoreFailure refused(List<String> requested) {
        return catchThrowableOfType(RestoreFailure.class, () -> TableSelection.check(requested, SHOP));
    }

    private static BackupManifest manifest(Map<String, Long> tableRowCounts) {
        return new BackupManifest(BackupManifest.FORMAT_VERSION, "b1", "shop", "request-b1", "correlation-b1", BackupTrigger.MANUAL,
                "admin", Instant.parse("2026-03-10T01:00:00Z"), Instant.parse("2026-03-10T01:10:00Z"), "15.6",
                BackupManifest.PG_DUMP_CUSTOM, "backups/shop/2026/03/10/b1/archive.dump", 1024, "0".repeat(64), Compression.NONE, 0,
                null, tableRowCounts, Map.of(), Map.of(), null, null);
    }
}
