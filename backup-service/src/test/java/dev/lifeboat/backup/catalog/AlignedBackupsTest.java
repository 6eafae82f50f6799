package dev.lifeboat.backup.catalog;

import dev.lifeboat.archive.BackupManifest;
import dev.lifeboat.archive.ManifestJson;
import dev.lifeboat.changes.model.Lsn;
import dev.lifeboat.changes.replay.RestorableWindow.AlignedBackup;
import dev.lifeboat.events.backup.BackupTrigger;
import dev.lifeboat.events.backup.Compression;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Which catalogued backups a point-in-time restore may start from: read from each row's manifest, no database involved. */
class AlignedBackupsTest {

    private static final Instant STARTED = Instant.parse("2026-11-21T02:00:00Z");

    @Test
    void aBackupWithAStreamPositionIsAlignedWithThePositionAndCompletionOfItsManifest() {
        List<AlignedBackup> aligned = AlignedBackups.of(List.of(entry("b-1", BackupTrigger.SCHEDULE, "16/B374D848")));

        assertThat(aligned).containsExactly(new AlignedBackup("b-1", new Lsn(0x16_B374_D848L), STARTED.plusSeconds(42)));
    }

    @Test
    void aBackupNotAlignedToTheStreamIsLeftOut() {
        List<AlignedBackup> aligned = AlignedBackups.of(List.of(entry("plain", BackupTrigger.SCHEDULE, null),
                entry("aligned", BackupTrigger.MANUAL, "0/1000")));

        assertThat(aligned).extracting(AlignedBackup::backupId).containsExactly("aligned");
    }

    @Test
    void aPreRestoreSafetyBackupIsLeftOutEvenWhenAlignedAndEveryOtherTriggerCountsInCatalogOrder() {
        List<BackupEntry> entries = new ArrayList<>();
        List<String> expected = new ArrayList<>();
        for (BackupTrigger trigger : BackupTrigger.values()) {
            String id = trigger.name().toLowerCase(Locale.ROOT).replace('_', '-');
            entries.add(entry(id, trigger, "0/" + Integer.toHexString(0x100 * (entries.size() + 1))));
            if (trigger != BackupTrigger.PRE_RESTORE) {
                expected.add(id);
            }
        }

        assertThat(AlignedBackups.of(entries)).extracting(AlignedBackup::backupId).containsExactlyElementsOf(expected)
                .doesNotContain("pre-restore").hasSize(BackupTrigger.values().length - 1);
    }

    @Test
    void theManifestNotTheCatalogRowSaysWhatTriggeredTheBackup() {
        BackupEntry entry = entry("safety", BackupTrigger.PRE_RESTORE, "0/2000");
        entry.trigger = BackupTrigger.SCHEDULE.name();

        assertThat(AlignedBackups.of(List.of(entry))).isEmpty();
    }

    @Test
    void noCatalogRowsMeanNoAlignedBackups() {
        assertThat(AlignedBackups.of(List.of())).isEmpty();
    }

    @Test
    void aStreamPositionThatIsNotAnLsnIsAnErrorNotASkip() {
        List<BackupEntry> entries = List.of(entry("broken", BackupTrigger.SCHEDULE, "B374D848"));

        assertThatThrownBy(() -> AlignedBackups.of(entries)).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("not an LSN (two halves of 1 to 8 hex digits, as 16/B374D848): B374D848");
    }

    @Test
    void aRowWhoseManifestIsNotAManifestIsAnError() {
        BackupEntry entry = new BackupEntry();
        entry.backupId = "garbled";
        entry.manifest = "not json";

        assertThatThrownBy(() -> AlignedBackups.of(List.of(entry))).isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("not a Lifeboat manifest: ");
    }

    /** A catalog row as the catalog makes one: from the manifest the backup stored, 42 seconds after it started. */
    private static BackupEntry entry(String backupId, BackupTrigger trigger, String streamLsn) {
        BackupManifest manifest = new BackupManifest(BackupManifest.FORMAT_VERSION, backupId, "orders-db", "request-" + backupId,
                "correlation-" + backupId, trigger, "scheduler", STARTED, STARTED.plusSeconds(42), "16.4",
                BackupManifest.PG_DUMP_CUSTOM, "orders-db/" + backupId + "/archive.dump.zst", 1024, "0".repeat(64),
                Compression.ZSTD, 3, null, Map.of("public.orders", 10L), Map.of(), Map.of(), streamLsn, null);
        return BackupEntry.of(manifest, "orders-db/" + backupId + "/manifest.json", ManifestJson.write(manifest));
    }
}
