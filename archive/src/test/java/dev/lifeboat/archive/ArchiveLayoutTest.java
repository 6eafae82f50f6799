package dev.lifeboat.archive;

import dev.lifeboat.archive.ArchiveLayout.ArchiveSuffix;
import dev.lifeboat.events.backup.Compression;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

import java.time.Instant;

import static org.assertj.core.api.Assertions.assertThat;

/** Where a backup lives in the bucket, and what a key of that layout says about it. */
class ArchiveLayoutTest {

    private static final Instant STARTED = Instant.parse("2026-11-21T02:00:00Z");
    private static final String FOLDER = "backups/orders-db/2026/11/21/bk-1/";

    @Test
    void aBackupsFolderIsItsDatabaseItsStartDayAndItsIdUnderTheDatabasePrefix() {
        assertThat(ArchiveLayout.folder("orders-db", STARTED, "bk-1")).isEqualTo(FOLDER);
        assertThat(ArchiveLayout.databasePrefix("orders-db")).isEqualTo("backups/orders-db/");
        assertThat(FOLDER).startsWith(ArchiveLayout.databasePrefix("orders-db"))
                .doesNotStartWith(ArchiveLayout.databasePrefix("orders"));
        assertThat(ArchiveLayout.manifestKey(FOLDER)).isEqualTo("backups/orders-db/2026/11/21/bk-1/manifest.json");
    }

    @Test
    void theDayIsTheUtcDayWithTwoDigitMonthAndDayAndReadsBackFromAKey() {
        Instant lastMoment = Instant.parse("2026-01-05T23:59:59.999Z");

        assertThat(ArchiveLayout.folder("db", lastMoment, "b")).isEqualTo("backups/db/2026/01/05/b/");
        assertThat(ArchiveLayout.day(lastMoment)).isEqualTo("2026/01/05");
        assertThat(ArchiveLayout.day(lastMoment.plusMillis(1))).isEqualTo("2026/01/06");
        assertThat(ArchiveLayout.day(Instant.EPOCH)).isEqualTo("1970/01/01");
        assertThat(ArchiveLayout.dayOf(FOLDER + "manifest.json", "orders-db")).isEqualTo("2026/11/21");
        assertThat(ArchiveLayout.dayOf(ArchiveLayout.folder("db", lastMoment, "b") + "archive.dump", "db")).isEqualTo("2026/01/05");
    }

    @ParameterizedTest(name = "{0}, encrypted {1} -> archive.dump{2}")
    @CsvSource(delimiter = '|', textBlock = """
            NONE | false | ''
            NONE | true  | .enc
            GZIP | false | .gz
            GZIP | true  | .gz.enc
            ZSTD | false | .zst
            ZSTD | true  | .zst.enc
            """)
    void theArchivesSuffixSaysHowToReadIt(Compression compression, boolean encrypted, String suffix) {
        ArchiveSuffix archiveSuffix = ArchiveSuffix.of(compression, encrypted);

        assertThat(archiveSuffix.text()).isEqualTo(suffix);
        assertThat(ArchiveLayout.archiveKey(FOLDER, archiveSuffix)).isEqualTo(FOLDER + "archive.dump" + suffix);
    }

    @ParameterizedTest
    @ValueSource(strings = {
            "backups/orders-db/2026/11/21/bk-1/",
            "backups/orders-db/2026/11/21/bk-1/manifest.json",
            "backups/orders-db/2026/11/21/bk-1/archive.dump.zst.enc",
            "backups/orders-db/2026/11/21/bk-1/parts/0001"})
    void theBackupIdIsReadFromAnyKeyInsideItsFolder(String key) {
        assertThat(ArchiveLayout.backupIdOf(key)).contains("bk-1");
    }

    @ParameterizedTest
    @ValueSource(strings = {
            "backups/orders-db/2026/11/21/bk-1",
            "backups/orders-db/manifest.json",
            "backups/orders-db/reports/rt-1.md",
            "backups/orders-db/2026/1/21/bk-1/manifest.json",
            "backups/orders-db/26/11/21/bk-1/manifest.json",
            "archive/backups/orders-db/2026/11/21/bk-1/manifest.json",
            ""})
    void aKeyOutsideTheLayoutHasNoBackupId(String key) {
        assertThat(ArchiveLayout.backupIdOf(key)).isEmpty();
    }

    @Test
    void theIdOfAWrittenBackupReadsBackFromItsArchiveAndManifestKeys() {
        String folder = ArchiveLayout.folder("orders-db", STARTED, "01JD3X7Q9");

        assertThat(ArchiveLayout.backupIdOf(ArchiveLayout.archiveKey(folder, ArchiveSuffix.of(Compression.ZSTD, true))))
                .contains("01JD3X7Q9");
        assertThat(ArchiveLayout.backupIdOf(ArchiveLayout.manifestKey(folder))).contains("01JD3X7Q9");
    }

    @Test
    void onlyAManifestInABackupFolderIsAManifest() {
        assertThat(ArchiveLayout.isManifest(ArchiveLayout.manifestKey(FOLDER))).isTrue();
        assertThat(ArchiveLayout.isManifest(ArchiveLayout.archiveKey(FOLDER, ArchiveSuffix.of(Compression.NONE, false)))).isFalse();
        assertThat(ArchiveLayout.isManifest(FOLDER + "old-manifest.json")).isFalse();
        assertThat(ArchiveLayout.isManifest(FOLDER + "manifest.json.tmp")).isFalse();
        assertThat(ArchiveLayout.isManifest("backups/orders-db/manifest.json")).isFalse();
        assertThat(ArchiveLayout.isManifest("copies/orders-db/2026/11/21/bk-1/manifest.json")).isFalse();
    }
}
